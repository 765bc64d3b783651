"""A youth member's answer to a round: one per member, replaced until the round closes.

POST /api/v1/responses with a youth link's token lands here. The answer is
filed under the member's ballot for the round (see links.ballot), so a new
answer replaces the earlier one and is counted once. Every submission id is
remembered: a retry is a duplicate, even of an answer since replaced, and the
same id with other content is a conflict. Free text (ideas) is scrubbed
before it is stored and goes to moderation as a comment of the group.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from waitingroom.comments.models import Comment
from waitingroom.flows.definition import FREE_TEXT_TYPES, FlowDefinition
from waitingroom.privacy.safeguarding import assess
from waitingroom.privacy.scrubbing import scrub
from waitingroom.responses.ingest import (
    ACCEPTED,
    DUPLICATE,
    Outcome,
    Policy,
    ResponseRejected,
    StorageFailed,
    check_audience_and_locale,
    checked_answers,
    service_day,
)
from waitingroom.responses.schema import ResponseIn
from waitingroom.youth.links import ballot
from waitingroom.youth.models import Member, Round, RoundResponse, RoundSubmission
from waitingroom.youth.rounds import votable_ideas


def _digest(round_id: int, member_ballot: str, payload: ResponseIn, key: bytes) -> str:
    """What was said, by whom (as a ballot) and to which round: another member who
    somehow sent the same id is a conflict, not a duplicate of someone else's answer."""
    content = {
        "round": round_id,
        "ballot": member_ballot,
        "flow": payload.flow,
        "version": payload.version,
        "audience": payload.audience,
        "locale": payload.locale,
        "answers": payload.answer_dicts,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def _round_of(session: Session, member: Member, payload: ResponseIn) -> Round:
    if payload.round is None:
        raise ResponseRejected(
            422, "round_required", 'a youth link answers a round: name it in "round"'
        )
    # Locked until commit: a round closing meanwhile waits, then no answer slips in after.
    found = session.get(Round, payload.round, with_for_update=True)
    if found is None or found.group_id != member.group_id:
        raise ResponseRejected(404, "not_found", f"this link has no round {payload.round}")
    return found


def _check(round_: Round, payload: ResponseIn) -> FlowDefinition:
    version = round_.flow_version
    if payload.flow != version.flow.key or payload.version != version.number:
        raise ResponseRejected(
            422,
            "wrong_flow",
            f"round {round_.id} asks flow {version.flow.key!r} version {version.number}",
            {"flow": version.flow.key, "version": version.number},
        )
    definition = version.parsed
    check_audience_and_locale(payload, definition, f"round {round_.id}")
    return definition


def _filed(session: Session, round_id: int, member_ballot: str) -> RoundResponse | None:
    """The answer filed under a member's ballot for a round, if any."""
    return session.scalar(
        sa.select(RoundResponse).where(
            RoundResponse.round_id == round_id, RoundResponse.ballot == member_ballot
        )
    )


def _previous_submission(session: Session, round_id: int, payload: ResponseIn, digest: str):
    seen = session.get(RoundSubmission, payload.id_text)
    if seen is None:
        return None
    if seen.round_id != round_id or seen.digest != digest:
        raise ResponseRejected(
            409,
            "conflict",
            "a different answer was already stored under this id",
            {"id": payload.id_text},
        )
    return Outcome(DUPLICATE)


def _file_texts(session, round_, payload, definition, answers, day, previous) -> tuple:
    """Scrub free text into comments; keep what is unchanged, withdraw what was replaced.

    The stored answer refers to its comment; the words themselves live only there,
    where retention deletes them, and the reference is cut when the round closes.
    Returns (stored answers, comment ids by question, whether a concern was found).
    """
    kept = dict(previous.comment_ids) if previous else {}
    stored, comment_ids, concern = [], {}, False
    for answer in answers:
        if definition.question(answer.question).type not in FREE_TEXT_TYPES:
            stored.append({"question": answer.question, "value": answer.value})
            continue
        scrubbed = scrub(answer.value)
        earlier = session.get(Comment, kept.pop(answer.question, -1))
        if earlier is not None and earlier.text == scrubbed.text:
            comment_ids[answer.question] = earlier.id
            stored.append({"question": answer.question, "comment": earlier.id})
            continue
        _withdraw(session, earlier)
        found = assess(answer.value, payload.locale)
        concern = concern or bool(found)
        comment = Comment(
            unit_id=None,
            group_id=round_.group_id,
            round_id=round_.id,
            day=day,
            flow=payload.flow,
            question=answer.question,
            audience=payload.audience,
            locale=payload.locale,
            text=scrubbed.text,
            scrubbed=",".join(sorted(set(scrubbed.found))),
            status="flagged" if found else "pending",
            concern=found.category if found else None,
        )
        session.add(comment)
        session.flush()
        comment_ids[answer.question] = comment.id
        stored.append({"question": answer.question, "comment": comment.id})
    for comment_id in kept.values():  # text the member has now left out
        _withdraw(session, session.get(Comment, comment_id))
    return stored, comment_ids, concern


def _withdraw(session: Session, comment: Comment | None) -> None:
    """A replaced idea that nobody has looked at yet goes; one staff approved stays with
    the group, and a quarantined one stays with its reviewers."""
    if comment is not None and comment.status == "pending" and comment.concern is None:
        session.delete(comment)


def record_round_answer(
    session: Session,
    member: Member,
    payload: ResponseIn,
    received_at: datetime,
    policy: Policy,
    ballot_key: bytes,
) -> Outcome:
    """Store or replace the member's answer to a round; raises ResponseRejected. The caller
    commits. `ballot_key` files answers by member (WAITINGROOM_BALLOT_KEY)."""
    round_ = _round_of(session, member, payload)
    definition = _check(round_, payload)
    member_ballot = ballot(ballot_key, member.id, round_.id)
    digest = _digest(round_.id, member_ballot, payload, policy.digest_key)
    outcome = _previous_submission(session, round_.id, payload, digest)
    if outcome:
        return outcome
    day = service_day(received_at, policy.timezone)
    status = round_.status(day)
    if status != "open":
        raise ResponseRejected(
            409,
            "round_closed" if status == "closed" else "round_not_open",
            f"round {round_.id} is {status}: answers can no longer change"
            if status == "closed"
            else f"round {round_.id} opens on {round_.opens_on.isoformat()}",
        )
    votable = frozenset(str(idea.id) for idea in votable_ideas(session, round_.group_id))
    answers = checked_answers(definition, payload, votable)
    current = _filed(session, round_.id, member_ballot)
    stored, comment_ids, concern = _file_texts(
        session, round_, payload, definition, answers, day, current
    )
    session.add(RoundSubmission(id=payload.id_text, round_id=round_.id, digest=digest))
    if current is None:
        current = RoundResponse(round_id=round_.id, ballot=member_ballot)
        session.add(current)
    current.submission_id = payload.id_text
    current.locale = payload.locale
    current.day = day
    current.answers = stored
    current.comment_ids = comment_ids
    session.flush()
    return Outcome(ACCEPTED, concern=concern)


def store_round_answer(
    session: Session,
    member: Member,
    payload: ResponseIn,
    received_at: datetime,
    policy: Policy,
    ballot_key: bytes,
) -> tuple[Outcome, int]:
    """record_round_answer and commit; returns the outcome and the group's id.

    Two answers of one member racing meet at the ballot's unique key: the loser
    tries once more, and then replaces the winner's answer like any later one.
    """
    for attempt in (1, 2):
        try:
            outcome = record_round_answer(session, member, payload, received_at, policy, ballot_key)
            session.commit()
            return outcome, member.group_id
        except ResponseRejected:
            session.rollback()
            raise
        except IntegrityError:
            session.rollback()
            if attempt == 2:
                raise StorageFailed("the answer could not be stored; try again") from None
        except sa.exc.SQLAlchemyError:
            session.rollback()
            raise StorageFailed("the database is busy; try again") from None
    raise StorageFailed("the answer could not be stored; try again")  # pragma: no cover


def own_answer(session: Session, member: Member, round_: Round, key: bytes) -> dict | None:
    """The member's current answer to a round, as they gave it (free text as scrubbed, while
    it is kept)."""
    current = _filed(session, round_.id, ballot(key, member.id, round_.id))
    if current is None:
        return None
    answers = []
    for answer in current.answers:
        if "value" in answer:
            answers.append(answer)
            continue
        comment = session.get(Comment, answer.get("comment", -1))
        if comment is not None:
            answers.append({"question": answer["question"], "value": comment.text})
    return {
        "id": current.submission_id,
        "locale": current.locale,
        "day": current.day.isoformat(),
        "answers": answers,
    }
