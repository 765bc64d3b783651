"""record_response: validate, insert once by the device's UUID, count, in one transaction.

The caller commits; a reply is sent only after the commit, so what a device
was told is stored is stored (issue: never lose a response).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from waitingroom.comments.models import Comment
from waitingroom.flows.definition import FlowDefinition
from waitingroom.flows.library import find_version
from waitingroom.flows.validation import Answer as ValidAnswer
from waitingroom.flows.validation import InvalidAnswer, validate_answers
from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.privacy.safeguarding import assess
from waitingroom.privacy.scrubbing import scrub
from waitingroom.responses.models import PLAY_CELL, RESPONSE_CELL, Answer, Response, Rollup
from waitingroom.responses.schema import ResponseIn
from waitingroom.units.models import Kiosk

# A flow that "took" longer than this was left open; the duration says nothing.
MAX_DURATION_SECONDS = 3600
# Repeat-tap play: from the third identical run in a row from one tablet, each
# answered faster than this per answer, responses are kept but not counted.
PLAY_RUN = 3
PLAY_SECONDS_PER_ANSWER = 2

ACCEPTED = "accepted"
DUPLICATE = "duplicate"


class ResponseRejected(ValueError):
    """The response cannot be stored as sent. `status` is the HTTP status that says why."""

    def __init__(self, status: int, code: str, message: str, details=None):
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        super().__init__(message)


@dataclass(frozen=True)
class Source:
    """Where a response came from: the unit, the channel and the clinic's tablet,
    nothing about the person."""

    unit_id: int
    channel: str  # "kiosk" or "youth"
    kiosk_id: int | None = None


@dataclass(frozen=True)
class Policy:
    """The deployment's ingest settings."""

    timezone: str  # the day a response counts for is the server's day here
    # Keys the content digest: without it a stored digest cannot be matched against
    # guesses, nor used to join a comment back to the answers around it.
    digest_key: bytes


@dataclass(frozen=True)
class Outcome:
    status: str  # "accepted" or "duplicate"
    # A comment suggested the child may be unsafe: the device shows who to talk to.
    concern: bool = False


def service_day(received_at: datetime, timezone: str) -> date:
    """The server's receive time decides the day: a device clock can be wrong."""
    return received_at.astimezone(ZoneInfo(timezone)).date()


def _duration(payload: ResponseIn) -> int | None:
    try:
        seconds = (payload.submitted_at - payload.started_at).total_seconds()
    except TypeError:  # one time with a zone, one without
        return None
    if 0 <= seconds <= MAX_DURATION_SECONDS:
        return round(seconds)
    return None


def _digest(source: Source, payload: ResponseIn, duration: int | None, key: bytes) -> str:
    content = {
        "unit": source.unit_id,
        "channel": source.channel,
        "flow": payload.flow,
        "version": payload.version,
        "audience": payload.audience,
        "locale": payload.locale,
        "round": payload.round,
        "duration": duration,
        "answers": payload.answer_dicts(),
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


# Published versions never change and their ids are never reused, so a parsed
# definition can be kept for the life of the process.
_definitions: dict[tuple[str, int], tuple[int, FlowDefinition]] = {}


def forget_definitions() -> None:
    """Drop parsed definitions (tests empty the database, and ids start again)."""
    _definitions.clear()


def _definition(session: Session, payload: ResponseIn) -> tuple[int, FlowDefinition]:
    known = _definitions.get((payload.flow, payload.version))
    if known is not None:
        return known
    version = find_version(session, payload.flow, payload.version)
    if version is None:
        raise ResponseRejected(
            422,
            "unknown_flow",
            f"flow {payload.flow!r} has no version {payload.version}",
            {"flow": payload.flow, "version": payload.version},
        )
    _definitions[(payload.flow, payload.version)] = (version.id, version.parsed)
    return version.id, version.parsed


def _check(source: Source, payload: ResponseIn, definition: FlowDefinition) -> list[ValidAnswer]:
    if payload.audience != definition.audience:
        raise ResponseRejected(
            422,
            "wrong_audience",
            f"flow {payload.flow!r} is for {definition.audience}, not {payload.audience}",
            {"audience": payload.audience},
        )
    if payload.locale not in SHIPPED_LOCALES:
        raise ResponseRejected(
            422,
            "unknown_locale",
            f"{payload.locale[:16]!r} is not a shipped language",
            {"locale": payload.locale[:16]},
        )
    if payload.round is not None and source.channel != "youth":
        raise ResponseRejected(422, "not_a_round", "only youth links answer rounds")
    if definition.channel != source.channel:
        raise ResponseRejected(
            422,
            "wrong_channel",
            f"flow {payload.flow!r} is not answered on a {source.channel}",
            {"flow": payload.flow},
        )
    try:
        return validate_answers(definition, payload.answer_dicts())
    except InvalidAnswer as error:
        raise ResponseRejected(422, "invalid_answer", str(error), error.as_details()) from None


# The hot path runs these Core statements, made once: building ORM statements per
# response (and the ORM's bulk machinery for plain inserts) cost more than the SQL.
_kiosks = Kiosk.__table__
_PLAY_STATE = sa.select(_kiosks.c.last_answers, _kiosks.c.repeat_run).where(
    _kiosks.c.id == sa.bindparam("kiosk")
)
_PLAY_UPDATE = (
    _kiosks.update()
    .where(_kiosks.c.id == sa.bindparam("kiosk"))
    .values(last_answers=sa.bindparam("last"), repeat_run=sa.bindparam("run"))
)
_STORED_DIGEST = sa.select(Response.__table__.c.digest).where(
    Response.__table__.c.id == sa.bindparam("id")
)
_INSERT_RESPONSE = Response.__table__.insert()
_INSERT_ANSWERS = Answer.__table__.insert()
_INSERT_COMMENTS = Comment.__table__.insert()


def _existing_outcome(session: Session, response_id: str, digest: str) -> Outcome | None:
    stored = session.execute(_STORED_DIGEST, {"id": response_id}).scalar()
    if stored is None:
        return None
    if stored != digest:
        raise ResponseRejected(
            409,
            "conflict",
            "a different response was already stored under this id",
            {"id": response_id},
        )
    return Outcome(DUPLICATE)


def _rollup_rows(unit_id, day, flow, audience, locale, answers, whole=RESPONSE_CELL) -> list[dict]:
    cells = Counter({(RESPONSE_CELL, whole): 1})
    for answer in answers:
        cells[(answer.question, RESPONSE_CELL)] += 1  # how many answered it
        for value in answer.values:
            cells[(answer.question, value)] += 1
    # A fixed order, so concurrent upserts take their row locks in the same order.
    return [
        {
            "unit_id": unit_id,
            "day": day,
            "flow": flow,
            "question": question,
            "audience": audience,
            "locale": locale,
            "value": value,
            "count": count,
        }
        for (question, value), count in sorted(cells.items())
    ]


def _rollup_upsert(dialect: str):
    """One statement for every dialect, compiled once and run with many rows."""
    statement = _UPSERTS.get(dialect)
    if statement is None:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            raise RuntimeError(f"unsupported database {dialect}")
        statement = insert(Rollup.__table__)
        statement = _UPSERTS[dialect] = statement.on_conflict_do_update(
            index_elements=["unit_id", "day", "flow", "question", "audience", "locale", "value"],
            set_={"count": Rollup.__table__.c.count + statement.excluded["count"]},
        )
    return statement


_UPSERTS: dict = {}


def add_to_rollups(session: Session, rows: list[dict]) -> None:
    """Upsert counts; the unique cell makes concurrent writers add, never overwrite."""
    session.execute(_rollup_upsert(session.get_bind().dialect.name), rows)


def _comments(source, payload, definition, answers, day) -> list[dict]:
    """Free text, scrubbed before it is stored (DESIGN.md 2.2); a concern quarantines it."""
    comments = []
    for answer in answers:
        if definition.question(answer.question).type != "text":
            continue
        scrubbed = scrub(answer.value)
        concern = assess(answer.value, payload.locale)
        comments.append(
            {
                "unit_id": source.unit_id,
                "day": day,
                "flow": payload.flow,
                "question": answer.question,
                "audience": payload.audience,
                "locale": payload.locale,
                "text": scrubbed.text,
                "scrubbed": ",".join(sorted(set(scrubbed.found))),
                "status": "flagged" if concern else "pending",
                "concern": concern.category if concern else None,
            }
        )
    return comments


def _is_play(session: Session, source: Source, answers, duration: int | None) -> bool:
    """Track identical fast runs per tablet; True from the PLAY_RUN-th in a row."""
    if source.kiosk_id is None:
        return False
    content = json.dumps([[a.question, a.value] for a in answers], ensure_ascii=False)
    fingerprint = hashlib.sha256(content.encode()).hexdigest()[:16]
    fast = duration is not None and duration <= PLAY_SECONDS_PER_ANSWER * max(1, len(answers))
    last, run = session.execute(_PLAY_STATE, {"kiosk": source.kiosk_id}).one()
    run = (run + 1 if last == fingerprint else 1) if fast else 0
    session.execute(_PLAY_UPDATE, {"kiosk": source.kiosk_id, "last": fingerprint, "run": run})
    return run >= PLAY_RUN


def record_response(
    session: Session, source: Source, payload: ResponseIn, received_at: datetime, policy: Policy
) -> Outcome:
    """Store a response once; raises ResponseRejected.

    The caller commits. Two devices racing with one id meet at the primary key:
    the loser's transaction fails as a whole and `store_response` tells its outcome.
    Plain inserts, not the unit of work: this is the hot path.
    """
    response_id = str(payload.id)
    version_id, definition = _definition(session, payload)
    answers = _check(source, payload, definition)
    duration = _duration(payload)
    digest = _digest(source, payload, duration, policy.digest_key)
    outcome = _existing_outcome(session, response_id, digest)
    if outcome:
        return outcome
    day = service_day(received_at, policy.timezone)
    play = _is_play(session, source, answers, duration)
    session.execute(
        _INSERT_RESPONSE,
        {
            "id": response_id,
            "unit_id": source.unit_id,
            "kiosk_id": source.kiosk_id,
            "channel": source.channel,
            "flow_version_id": version_id,
            "audience": payload.audience,
            "locale": payload.locale,
            "day": day,
            "duration_seconds": duration,
            "digest": digest,
            "play": play,
        },
    )
    # Free text lives only as a scrubbed comment, apart from the answers.
    stored = [
        {"response_id": response_id, "question": a.question, "value": a.value}
        for a in answers
        if a.values
    ]
    if stored:
        session.execute(_INSERT_ANSWERS, stored)
    comments = _comments(source, payload, definition, answers, day)
    if comments:
        session.execute(_INSERT_COMMENTS, comments)
    rows = _rollup_rows(
        source.unit_id, day, payload.flow, payload.audience, payload.locale, answers
    )
    if play:
        # Kept and counted as play only, so default figures stay honest.
        rows = [{**rows[0], "question": RESPONSE_CELL, "value": PLAY_CELL, "count": 1}]
    add_to_rollups(session, rows)
    return Outcome(ACCEPTED, concern=any(c["concern"] for c in comments))


class StorageFailed(Exception):
    """The database could not take the response now (busy, gone): try again later."""


def store_response(
    session: Session, source: Source, payload: ResponseIn, received_at: datetime, policy: Policy
) -> Outcome:
    """record_response and commit; a lost race on the id becomes a duplicate or a conflict.

    Raises ResponseRejected for what the device sent, StorageFailed for the database.
    """
    try:
        outcome = record_response(session, source, payload, received_at, policy)
        session.commit()
        return outcome
    except IntegrityError:
        session.rollback()
        digest = _digest(source, payload, _duration(payload), policy.digest_key)
        outcome = _existing_outcome(session, str(payload.id), digest)
        if outcome is None:
            raise StorageFailed("the response could not be stored") from None
        return outcome
    except ResponseRejected:
        session.rollback()
        raise
    except sa.exc.SQLAlchemyError:
        session.rollback()
        raise StorageFailed("the database is busy; try again") from None
