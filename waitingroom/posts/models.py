"""A "You said, we did" post. Day-level dates only, like everything else stored."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from waitingroom.extensions import db
from waitingroom.units.models import Unit

STATUSES = ("done", "in_progress", "cant_do")
STATES = ("draft", "published", "withdrawn")


class Post(db.Model):
    __tablename__ = "post"
    __table_args__ = (sa.Index("ix_post_state_unit", "state", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: a post for the whole region, shown on every tablet.
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(sa.String(16))  # one of STATUSES
    state: Mapped[str] = mapped_column(sa.String(16), default="draft")  # one of STATES
    # A picture name as flows use them, e.g. "pictograms/toys".
    pictogram: Mapped[str] = mapped_column(sa.String(64))
    # {locale: text}; Swedish always present, other languages where written.
    title: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    body: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Why it cannot be done ({locale: text}); empty unless status is cant_do.
    reason: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # The day the post shows: when it was (re)published, or the day staff chose.
    day: Mapped[date] = mapped_column(sa.Date)
    # Also shown to the youth reference group on their page.
    youth: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    changed_on: Mapped[date] = mapped_column(sa.Date)

    unit: Mapped[Unit | None] = relationship()
