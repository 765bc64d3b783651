from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from waitingroom.extensions import db

unit_tags = sa.Table(
    "unit_tag",
    db.metadata,
    sa.Column("unit_id", sa.ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("target_group.id", ondelete="CASCADE"), primary_key=True),
)


class Administration(db.Model):
    """A hospital administration or primary care organisation."""

    __tablename__ = "administration"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)

    units: Mapped[list[Unit]] = relationship(back_populates="administration")


class TargetGroup(db.Model):
    """A target-group tag such as "asthma" or "autism_adhd"."""

    __tablename__ = "target_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)


class Unit(db.Model):
    """A clinic or ward where kiosks stand."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    administration_id: Mapped[int | None] = mapped_column(sa.ForeignKey("administration.id"))
    # Opted in: "I want to talk to someone" on its kiosks raises a live alert for staff.
    talk_alerts: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    administration: Mapped[Administration | None] = relationship(back_populates="units")
    tags: Mapped[list[TargetGroup]] = relationship(secondary=unit_tags, order_by=TargetGroup.key)
    kiosks: Mapped[list[Kiosk]] = relationship(back_populates="unit")

    def as_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "administration": self.administration.name if self.administration else None,
            "tags": [tag.key for tag in self.tags],
            "talk_alerts": self.talk_alerts,
        }


class Kiosk(db.Model):
    """A paired waiting-room tablet. Its token is stored only as a hash."""

    __tablename__ = "kiosk"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    label: Mapped[str] = mapped_column(sa.String(120), default="")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    enrolled_on: Mapped[date] = mapped_column(sa.Date)
    revoked: Mapped[bool] = mapped_column(default=False)
    # Device health, for the status board (the tablet's, never a child's).
    last_seen: Mapped[datetime | None] = mapped_column(sa.DateTime)
    outbox: Mapped[int | None]
    refused: Mapped[int | None]
    # Repeat-tap detection: what its last response said, and how many in a row said it.
    last_answers: Mapped[str | None] = mapped_column(sa.String(16))
    repeat_run: Mapped[int] = mapped_column(default=0, server_default="0")

    unit: Mapped[Unit] = relationship(back_populates="kiosks")
