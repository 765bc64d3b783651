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
    words cannot be joined back to the answers around them.

    It comes from a unit's tablet, or from a youth group's round (an idea of a
    member's own, which the group votes on once staff approve it)."""

    __tablename__ = "comment"
    __table_args__ = (
        sa.Index("ix_comment_unit_status", "unit_id", "status"),
        sa.Index("ix_comment_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"))
    group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("youth_group.id", name="fk_comment_group_id_youth_group")
    )
    round_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("youth_round.id", name="fk_comment_round_id_youth_round")
    )
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

    unit: Mapped[Unit | None] = relationship()

    @property
    def source(self) -> str:
        """Where it was written, for staff: the unit's code or the youth group."""
        return self.unit.code if self.unit is not None else f"group:{self.group_id}"
