"""Reviews of translated flow texts, and recorded voices that read them aloud.

Both are tied to the text they were made for by its hash: when the text
changes, a review no longer counts and a recording is stale (never played).
A string is named by its flow's key and a path that survives new versions:
"title", "question.<question key>" or "option.<question key>.<option key>".
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column

from waitingroom.extensions import db


class TranslationReview(db.Model):
    """A native speaker confirmed this text of this string in this language."""

    __tablename__ = "translation_review"
    __table_args__ = (sa.UniqueConstraint("flow_key", "path", "locale", "text_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flow_key: Mapped[str] = mapped_column(sa.String(48))
    path: Mapped[str] = mapped_column(sa.String(120))
    locale: Mapped[str] = mapped_column(sa.String(16))
    text_hash: Mapped[str] = mapped_column(sa.String(64))
    day: Mapped[date] = mapped_column(sa.Date)
    reviewer: Mapped[str] = mapped_column(sa.String(254))


class VoiceRecording(db.Model):
    """A recording of one string in one language; kept in the database so every
    server process serves it. Its bytes load only when they are served."""

    __tablename__ = "voice_recording"
    __table_args__ = (sa.UniqueConstraint("flow_key", "path", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flow_key: Mapped[str] = mapped_column(sa.String(48))
    path: Mapped[str] = mapped_column(sa.String(120))
    locale: Mapped[str] = mapped_column(sa.String(16))
    text_hash: Mapped[str] = mapped_column(sa.String(64))
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    media_type: Mapped[str] = mapped_column(sa.String(32))
    seconds: Mapped[float] = mapped_column(sa.Float)
    size: Mapped[int]
    day: Mapped[date] = mapped_column(sa.Date)
    uploaded_by: Mapped[str] = mapped_column(sa.String(254))
    data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
