"""The audit log: staff actions that reveal or move data (DESIGN.md 2.6). Day-level dates only."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from waitingroom.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date, index=True)
    actor: Mapped[str] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(48))
    target: Mapped[str] = mapped_column(sa.String(120))
    detail: Mapped[str] = mapped_column(sa.String(500), default="")


def record(session: Session, actor: str, action: str, target: str, detail: str = "") -> None:
    """Write an entry in the caller's transaction, so the action and its record commit together."""
    session.add(
        AuditEntry(
            day=date.today(), actor=actor, action=action, target=target[:120], detail=detail[:500]
        )
    )


def recent(session: Session, limit: int = 200) -> list[AuditEntry]:
    return list(session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
