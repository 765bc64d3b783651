from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from waitingroom.extensions import db


class Response(db.Model):
    """One finished flow. Anonymous by construction (DESIGN.md 2.1): the day,
    never the time; how long it took; no address, agent or device."""

    __tablename__ = "response"

    # The UUID the device made when the flow started: the idempotency key.
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    # The clinic's tablet that sent it (for its status board), never the family's device.
    kiosk_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("kiosk.id", name="fk_response_kiosk_id_kiosk")
    )
    channel: Mapped[str] = mapped_column(sa.String(8))
    flow_version_id: Mapped[int] = mapped_column(sa.ForeignKey("flow_version.id"))
    audience: Mapped[str] = mapped_column(sa.String(16))
    locale: Mapped[str] = mapped_column(sa.String(16))
    day: Mapped[date] = mapped_column(sa.Date, index=True)
    duration_seconds: Mapped[int | None]
    # Many fast identical runs from one kiosk: kept, but left out of the figures.
    play: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # A digest of what was said, to tell a retry (same content) from a clash.
    digest: Mapped[str] = mapped_column(sa.String(64))
    # What was answered, question key -> value, in the order given; never free
    # text (that lives only as a scrubbed comment). Only ever read whole, with
    # the response: one column, not a row per answer (migration 0008).
    answers: Mapped[dict] = mapped_column(sa.JSON, server_default=sa.text("'{}'"))


class Rollup(db.Model):
    """Counts per unit × day × flow × question × age band × language × value,
    kept in the same transaction as the response so figures never drift.
    question "*" / value "*" counts whole responses; value "*" of a question
    counts the responses that answered it (a multiple choice adds one per option)."""

    __tablename__ = "rollup"
    __table_args__ = (
        sa.UniqueConstraint(
            "unit_id",
            "day",
            "flow",
            "question",
            "audience",
            "locale",
            "value",
            name="uq_rollup_cell",
        ),
        sa.Index("ix_rollup_day_unit", "day", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"))
    day: Mapped[date] = mapped_column(sa.Date)
    flow: Mapped[str] = mapped_column(sa.String(48))
    question: Mapped[str] = mapped_column(sa.String(48))
    audience: Mapped[str] = mapped_column(sa.String(16))
    locale: Mapped[str] = mapped_column(sa.String(16))
    value: Mapped[str] = mapped_column(sa.String(48))
    count: Mapped[int] = mapped_column(default=0)


RESPONSE_CELL = "*"
# The value under which responses flagged as play are counted (question "*").
PLAY_CELL = "play"
