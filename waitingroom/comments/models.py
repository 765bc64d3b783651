from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from waitingroom.extensions import db
from waitingroom.units.models import Unit

STATUSES = ("pending", "approved", "hidden", "flagged")
DECISIONS = ("release", "reported", "no_action")


class Comment(db.Model):
    """A scrubbed free-text answer. Deliberately not linked to its response, so
    words cannot be joined back to the answers around them."""

    __tablename__ = "comment"
    __table_args__ = (sa.Index("ix_comment_unit_status", "unit_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"))
    day: Mapped[date] = mapped_column(sa.Date, index=True)
    flow: Mapped[str] = mapped_column(sa.String(48))
    question: Mapped[str] = mapped_column(sa.String(48))
    audience: Mapped[str] = mapped_column(sa.String(16))
    locale: Mapped[str] = mapped_column(sa.String(16))
    text: Mapped[str] = mapped_column(sa.Text)
    scrubbed: Mapped[str] = mapped_column(sa.String(120), default="")
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")
    # Safeguarding: the kind of concern, and what a reviewer decided.
    concern: Mapped[str | None] = mapped_column(sa.String(16))
    decision: Mapped[str | None] = mapped_column(sa.String(16))
    decided_on: Mapped[date | None] = mapped_column(sa.Date)

    unit: Mapped[Unit] = relationship()
