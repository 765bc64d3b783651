"""Consultation rounds: opened on a youth flow, closed by date or by staff.

The group's ideas that staff approved are what a round's vote questions offer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom.comments.models import Comment
from waitingroom.flows.library import default_definitions, latest_of, publish
from waitingroom.flows.models import FlowVersion
from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.inputs import storable
from waitingroom.privacy.scrubbing import scrub
from waitingroom.youth.links import YouthError
from waitingroom.youth.models import Member, Round, RoundResponse, YouthGroup

MAX_ROUND_DAYS = 180
MAX_OUTCOME = 2000
# A vote question offers at most this many ideas, the newest first.
MAX_VOTABLE = 12


def open_round(
    session: Session, group: YouthGroup, version: FlowVersion, opens_on: date, closes_on: date
) -> Round:
    if version.flow.channel != "youth":
        raise YouthError(
            "not_youth", f"flow {version.flow.key!r} is for tablets, not for youth rounds"
        )
    if closes_on < opens_on:
        raise YouthError("dates", "a round cannot close before it opens")
    if (closes_on - opens_on).days > MAX_ROUND_DAYS:
        raise YouthError("too_long", f"a round is open for at most {MAX_ROUND_DAYS} days")
    found = Round(
        group_id=group.id,
        flow_version_id=version.id,
        opens_on=opens_on,
        closes_on=closes_on,
        outcome={},
    )
    session.add(found)
    session.flush()
    return found


def open_default_round(session: Session, group: YouthGroup, today: date, days: int = 14) -> Round:
    """A round on the shipped consultation flow (its latest version), closing in `days`."""
    definition = default_definitions("youth")[0]
    version = latest_of(session, definition.key) or publish(session, definition)[0]
    return open_round(session, group, version, today, today + timedelta(days=days))


def close_round(session: Session, round_: Round, today: date) -> None:
    """Close now: answers can no longer change, and members see the result."""
    round_.closed = True
    round_.closes_on = min(round_.closes_on, today)
    if round_.opens_on > round_.closes_on:
        round_.opens_on = round_.closes_on
    forget_authors(session, round_)


def forget_authors(session: Session, round_: Round) -> None:
    """Once a round has closed, nobody may edit an answer, so the thread from a member's
    answer to the words they wrote is cut: the words stay only as comments."""
    for response in session.scalars(
        sa.select(RoundResponse).where(RoundResponse.round_id == round_.id)
    ):
        if response.comment_ids or any("comment" in a for a in response.answers):
            response.answers = [
                {"question": a["question"], "wrote": True} if "comment" in a else a
                for a in response.answers
            ]
            response.comment_ids = {}


def forget_closed_authors(session: Session, today: date) -> int:
    """forget_authors for every round that closed by its date (run by purge-text)."""
    ended = session.scalars(
        sa.select(Round).where(sa.or_(Round.closed.is_(True), Round.closes_on < today))
    ).all()
    for round_ in ended:
        forget_authors(session, round_)
    return len(ended)


def set_outcome(round_: Round, texts: dict[str, str]) -> None:
    """Staff's "what we did with it", per language; empty texts are dropped."""
    outcome = {}
    for code, text in texts.items():
        if code not in SHIPPED_LOCALES:
            raise YouthError("language", f"{str(code)[:16]!r} is not a shipped language")
        if not isinstance(text, str) or not storable(text):
            raise YouthError("note_text", "the note must be plain text")
        text = text.strip()
        if len(text) > MAX_OUTCOME:
            raise YouthError("note_long", f"a note has at most {MAX_OUTCOME} characters")
        if text:
            # Staff write it, but it is shown to the whole group: no personal data.
            outcome[code] = scrub(text).text
    round_.outcome = outcome


def member_rounds(session: Session, member: Member, today: date) -> list[Round]:
    """The rounds a member sees: open ones first, then closed ones, newest first."""
    rounds = session.scalars(
        sa.select(Round).where(Round.group_id == member.group_id, Round.opens_on <= today)
    ).all()
    return sorted(rounds, key=lambda r: (r.status(today) != "open", -r.opens_on.toordinal(), -r.id))


@dataclass(frozen=True)
class Idea:
    id: int
    text: str
    locale: str

    def as_option(self) -> dict:
        return {"key": str(self.id), "label": {self.locale: self.text}, "locale": self.locale}


def idea_questions(round_: Round) -> set[str]:
    return {q.key for q in round_.flow_version.parsed.questions if q.type == "idea"}


def votable_ideas(session: Session, group_id: int) -> list[Idea]:
    """What vote questions offer: the group's newest ideas that staff approved."""
    return approved_ideas(session, group_id)[:MAX_VOTABLE]


def approved_ideas(session: Session, group_id: int) -> list[Idea]:
    """Every idea of the group that staff approved, newest first (answers to `text`
    questions are moderated too, but never put to the vote)."""
    rounds = {r.id: r for r in session.scalars(sa.select(Round).where(Round.group_id == group_id))}
    comments = session.scalars(
        sa.select(Comment)
        .where(Comment.group_id == group_id, Comment.status == "approved")
        .order_by(Comment.id.desc())
    )
    ideas = []
    for comment in comments:
        round_ = rounds.get(comment.round_id)
        if round_ is not None and comment.question in idea_questions(round_):
            ideas.append(Idea(comment.id, comment.text, comment.locale))
    return ideas
