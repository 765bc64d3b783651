"""Moderating comments and deciding safeguarding concerns. Every action is audited."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom import audit
from waitingroom.auth.access import can_see_unit, reviews_unit
from waitingroom.auth.models import StaffUser
from waitingroom.comments.models import DECISIONS, Comment
from waitingroom.privacy.scrubbing import scrub


class NotAllowed(Exception):
    """The staff member may not do this to this comment."""


class NotFound(Exception):
    pass


MODERATION = {"approve": "approved", "hide": "hidden"}


def comments(
    session: Session,
    unit_ids: list[int],
    status: str,
    group_ids: list[int] = (),
    limit: int = 200,
) -> list[Comment]:
    """Comments of the given units and youth groups, of one status, newest first."""
    where = sa.or_(Comment.unit_id.in_(unit_ids or [-1]), Comment.group_id.in_(group_ids or [-1]))
    return list(
        session.scalars(
            sa.select(Comment)
            .where(where, Comment.status == status)
            .order_by(Comment.day.desc(), Comment.id.desc())
            .limit(limit)
        )
    )


def _comment(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound()
    return comment


def moderate(session: Session, user: StaffUser, comment_id: int, action: str) -> Comment:
    """Approve or hide a comment. Quarantined comments are not moderated here."""
    if action not in MODERATION:
        raise ValueError("action must be approve or hide")
    comment = _comment(session, comment_id)
    if not can_see_unit(user, comment.unit_id) or comment.status == "flagged":
        raise NotAllowed()
    comment.status = MODERATION[action]
    audit.record(session, user.email, f"comment.{action}", f"comment:{comment.id}")
    return comment


def decide(
    session: Session,
    user: StaffUser,
    comment_id: int,
    decision: str,
    note: str = "",
    redacted: str = "",
) -> Comment:
    """A reviewer's decision on a quarantined comment (DESIGN.md 1.3, domain 6.4).

    Releasing needs the reviewer's redacted text: it replaces what the child wrote.
    """
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    comment = _comment(session, comment_id)
    if comment.concern is None or not reviews_unit(user, comment.unit_id):
        raise NotAllowed()
    if comment.decision is not None:
        raise ValueError("this concern has already been decided")
    text = scrub(redacted.strip()).text if redacted else ""
    if decision == "release" and not text:
        raise ValueError("give the redacted text to release")
    comment.decision = decision
    comment.decided_on = date.today()
    if decision == "release":
        # Only a quality complaint is released: redacted, to the ordinary moderation queue.
        comment.text = text[:1000]
        comment.status = "pending"
    audit.record(
        session,
        user.email,
        f"safeguarding.{decision}",
        f"comment:{comment.id}",
        scrub(note.strip()).text[:500] if note else "",
    )
    return comment


def concerns(session: Session, user: StaffUser, unit_ids: list[int]) -> list[Comment]:
    """Quarantined comments this reviewer may see: open ones first, then decided ones.

    Youth groups belong to the whole programme: their concerns go to the reviewers
    who review every unit (admin and programme staff).
    """
    visible = [unit_id for unit_id in unit_ids if reviews_unit(user, unit_id)]
    where = Comment.unit_id.in_(visible or [-1])
    if reviews_unit(user, None):
        where = sa.or_(where, Comment.group_id.is_not(None))
    return list(
        session.scalars(
            sa.select(Comment)
            .where(where, Comment.concern.is_not(None))
            .order_by(Comment.decision.is_not(None), Comment.day.desc(), Comment.id.desc())
            .limit(200)
        )
    )
