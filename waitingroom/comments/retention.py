"""Retention (DESIGN.md 2.5): free text is deleted after a set period; aggregates stay."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom import audit
from waitingroom.comments.models import Comment


def purge_old_text(session: Session, days: int, today: date | None = None) -> tuple[int, date]:
    """Delete comments from before `days` ago. Returns (how many, the first day kept)."""
    before = (today or date.today()) - timedelta(days=days)
    deleted = session.execute(
        sa.delete(Comment).where(Comment.day < before).execution_options(synchronize_session=False)
    ).rowcount
    audit.record(
        session, "retention", "comment.purge", f"before:{before.isoformat()}", f"{deleted} deleted"
    )
    return deleted or 0, before
