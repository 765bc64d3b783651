from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from waitingroom.extensions import db
from waitingroom.units.models import Unit

ROLES = ("admin", "programme", "unit")


class UnitAssignment(db.Model):
    """A unit a `unit` staff member may see; reviewers also see its safeguarding concerns."""

    __tablename__ = "unit_assignment"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True
    )
    safeguarding_reviewer: Mapped[bool] = mapped_column(default=False)

    unit: Mapped[Unit] = relationship()


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(16))
    active: Mapped[bool] = mapped_column(default=True)
    created_on: Mapped[date] = mapped_column(sa.Date)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(sa.DateTime)

    assignments: Mapped[list[UnitAssignment]] = relationship(cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:
        return self.active

    def as_json(self) -> dict:
        return {
            "email": self.email,
            "role": self.role,
            "units": sorted(a.unit.code for a in self.assignments),
            "reviewer_of": sorted(a.unit.code for a in self.assignments if a.safeguarding_reviewer),
        }


class ApiToken(db.Model):
    """A staff member's API token, stored only as a hash."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_on: Mapped[date] = mapped_column(sa.Date)
    revoked: Mapped[bool] = mapped_column(default=False)

    user: Mapped[StaffUser] = relationship()
