"""record_response: validate, insert once by the device's UUID, count, in one transaction.

The caller commits; a reply is sent only after the commit, so what a device
was told is stored is stored (issue: never lose a response).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

import orjson
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from waitingroom import rawsql
from waitingroom.comments.models import Comment
from waitingroom.flows.definition import FlowDefinition
from waitingroom.flows.library import find_version
from waitingroom.flows.validation import Answer as ValidAnswer
from waitingroom.flows.validation import InvalidAnswer, validate_answers
from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.privacy.safeguarding import assess
from waitingroom.privacy.scrubbing import scrub
from waitingroom.responses.models import PLAY_CELL, RESPONSE_CELL, Response, Rollup
from waitingroom.responses.schema import ResponseIn

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
        "answers": payload.answer_dicts,
    }
    return hmac.digest(key, _canonical(content), "sha256").hex()


# Whole numbers orjson writes: beyond them it refuses.
_ORJSON_INTS = range(-(2**63), 2**64)


def _plain(value) -> bool:
    """An answer value orjson writes byte for byte as json does."""
    kind = type(value)
    if kind is int:
        return value in _ORJSON_INTS
    if kind is list:
        return all(type(item) is str for item in value)
    return kind is str or kind is bool or value is None


def _canonical(content: dict) -> bytes:
    """The bytes a response's digest is taken of: JSON with sorted keys, no spaces,
    UTF-8. Digests are stored and compared with a resent response's, so these bytes
    never change. orjson writes the same bytes as json for text (checked for every
    code point), whole numbers, true, false, null, lists and objects, at a fraction
    of the cost; it writes floats differently, so answers with anything but plain
    values go through json."""
    if all(_plain(answer["value"]) for answer in content["answers"]):
        return orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


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


def check_audience_and_locale(payload: ResponseIn, definition: FlowDefinition, asked: str) -> None:
    """The answer's age band is the flow's, and its language one we ship; `asked` names
    what asked the questions ("flow 'visit-4-7'", "round 3") for the message."""
    if payload.audience != definition.audience:
        raise ResponseRejected(
            422,
            "wrong_audience",
            f"{asked} is for {definition.audience}, not {payload.audience}",
            {"audience": payload.audience},
        )
    if payload.locale not in SHIPPED_LOCALES:
        raise ResponseRejected(
            422,
            "unknown_locale",
            f"{payload.locale[:16]!r} is not a shipped language",
            {"locale": payload.locale[:16]},
        )


def checked_answers(
    definition: FlowDefinition, payload: ResponseIn, votable: frozenset[str] = frozenset()
) -> list[ValidAnswer]:
    """validate_answers, with a misfit refused as 422 naming the answer."""
    try:
        return validate_answers(definition, payload.answer_dicts, votable)
    except InvalidAnswer as error:
        raise ResponseRejected(422, "invalid_answer", str(error), error.as_details()) from None


def _check(source: Source, payload: ResponseIn, definition: FlowDefinition) -> list[ValidAnswer]:
    check_audience_and_locale(payload, definition, f"flow {payload.flow!r}")
    if payload.round is not None and source.channel != "youth":
        raise ResponseRejected(422, "not_a_round", "only youth links answer rounds")
    if definition.channel != source.channel:
        raise ResponseRejected(
            422,
            "wrong_channel",
            f"flow {payload.flow!r} is not answered on a {source.channel}",
            {"flow": payload.flow},
        )
    return checked_answers(definition, payload)


# A Core statement, made once: building ORM statements per response cost more than
# the SQL. A single response's own statements are SQL text (_Writer).
_STORED_DIGEST = sa.select(Response.__table__.c.digest).where(
    Response.__table__.c.id == sa.bindparam("id")
)


def _conflict(response_id: str) -> ResponseRejected:
    return ResponseRejected(
        409,
        "conflict",
        "a different response was already stored under this id",
        {"id": response_id},
    )


def _existing_outcome(session: Session, response_id: str, digest: str) -> Outcome | None:
    stored = session.execute(_STORED_DIGEST, {"id": response_id}).scalar()
    if stored is None:
        return None
    if stored != digest:
        raise _conflict(response_id)
    return Outcome(DUPLICATE)


def _cells(answers, whole=RESPONSE_CELL, into=None) -> dict[tuple[str, str], int]:
    """(question, value) -> count for one response, added to `into` where given."""
    cells = {} if into is None else into
    key = (RESPONSE_CELL, whole)
    cells[key] = cells.get(key, 0) + 1
    for answer in answers:
        for value in (RESPONSE_CELL, *answer.values):  # "*": how many answered it
            key = (answer.question, value)
            cells[key] = cells.get(key, 0) + 1
    return cells


def _rollup_rows(unit_id, day, flow, audience, locale, answers, whole=RESPONSE_CELL) -> list[dict]:
    cells = _cells(answers, whole)
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


def _dialect_insert(dialect: str, table: sa.Table):
    """The dialect's own INSERT, which knows ON CONFLICT."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"unsupported database {dialect}")
    return insert(table)


def _rollup_upsert(dialect: str):
    """One statement for every dialect, compiled once and run with many rows."""
    statement = _UPSERTS.get(dialect)
    if statement is None:
        statement = _dialect_insert(dialect, Rollup.__table__)
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


# json.dumps with any setting of its own makes a new encoder each call.
_fingerprint_json = json.JSONEncoder(ensure_ascii=False).encode


def _play_fingerprint(answers, duration: int | None) -> tuple[str | None, bool]:
    """What a repeat-tap run compares (the answers) and whether this run was fast.

    A slow response has no fingerprint (None): it ends the run, and the fast one
    after it starts a run of one whatever it answered, so nothing ever compares it.
    """
    fast = duration is not None and duration <= PLAY_SECONDS_PER_ANSWER * max(1, len(answers))
    if not fast:
        return None, False
    content = _fingerprint_json([[a.question, a.value] for a in answers])
    return hashlib.sha256(content.encode()).hexdigest()[:16], True


def _next_run(last: str | None, run: int, fingerprint: str | None, fast: bool) -> int:
    return (run + 1 if last == fingerprint else 1) if fast else 0


@dataclass(frozen=True)
class _Run:
    """What a response does to its tablet's repeat-tap run: the answers it compares
    and whether it was answered fast (see _play_fingerprint)."""

    kiosk_id: int
    fingerprint: str | None
    fast: bool


def _run_of(source: Source, answers, duration: int | None) -> _Run | None:
    if source.kiosk_id is None:
        return None
    return _Run(source.kiosk_id, *_play_fingerprint(answers, duration))


class _Checked(NamedTuple):
    """A response that fits its flow version, ready to be stored (a named tuple: made
    for every response of a batch)."""

    id: str
    payload: ResponseIn
    version_id: int
    definition: FlowDefinition
    answers: list[ValidAnswer]
    duration: int | None
    digest: str


def _checked(session: Session, source: Source, payload: ResponseIn, policy: Policy) -> _Checked:
    version_id, definition = _definition(session, payload)
    answers = _check(source, payload, definition)
    duration = _duration(payload)
    digest = _digest(source, payload, duration, policy.digest_key)
    return _Checked(payload.id_text, payload, version_id, definition, answers, duration, digest)


def _response_row(source: Source, item: _Checked, day: date, play: bool) -> dict:
    return {
        "id": item.id,
        "unit_id": source.unit_id,
        "kiosk_id": source.kiosk_id,
        "channel": source.channel,
        "flow_version_id": item.version_id,
        "audience": item.payload.audience,
        "locale": item.payload.locale,
        "day": day,
        "duration_seconds": item.duration,
        "digest": item.digest,
        "play": play,
        # Free text lives only as a scrubbed comment, apart from the answers.
        "answers": {a.question: a.value for a in item.answers if a.values},
    }


def record_response(
    session: Session, source: Source, payload: ResponseIn, received_at: datetime, policy: Policy
) -> Outcome:
    """Store a response once; raises ResponseRejected.

    The caller commits; where each statement commits by itself (rawsql.statement_at_a_time,
    as for a tablet's POST on PostgreSQL), the store is one transaction of its own.
    Two devices racing with one id meet at the primary key: the later stores nothing
    and is told what the earlier stored (a duplicate or a conflict).
    Plain statements, not the unit of work: this is the hot path.
    """
    item = _checked(session, source, payload, policy)
    day = service_day(received_at, policy.timezone)
    cells = _rollup_rows(
        source.unit_id, day, payload.flow, payload.audience, payload.locale, item.answers
    )
    # Made before the response is stored, so they are stored with it (a duplicate's
    # are dropped).
    comments = _comments(source, payload, item.definition, item.answers, day)
    stored = _writer(session).store(
        _response_row(source, item, day, False),  # the writer marks play, once the run says so
        _run_of(source, item.answers, item.duration),
        cells,
        comments,
    )
    if not stored:
        outcome = _existing_outcome(session, item.id, item.digest)
        if outcome is None:  # stored and gone again in between: the device tries later
            raise StorageFailed("the response could not be stored")
        return outcome
    return Outcome(ACCEPTED, concern=any(c["concern"] for c in comments))


def _play_cells(cells: list[dict]) -> list[dict]:
    """A play response's one cell: kept and counted as play only, so default figures
    stay honest."""
    return [{**cells[0], "question": RESPONSE_CELL, "value": PLAY_CELL, "count": 1}]


class _Writer:
    """record_response's statements, as SQL text on the driver's cursor (see rawsql),
    one subclass per database; `store` stores a response with its comments and
    moves its tablet's run.
    A batch reads and sets the run once for all its responses (`run_of`, `set_run`)."""

    RUN = "SELECT last_answers, repeat_run FROM kiosk WHERE id = ?"
    SET_RUN = "UPDATE kiosk SET last_answers = ?, repeat_run = ? WHERE id = ?"

    def __init__(self, session: Session):
        self._session = session
        self._run = rawsql.Driver(session).run

    def store(self, row: dict, run: _Run | None, cells: list[dict], comments: list[dict]) -> bool:
        """Store a new response with its comments; False, storing nothing, if its id
        is already stored."""
        raise NotImplementedError

    def run_of(self, kiosk_id: int) -> tuple[str | None, int]:
        """The tablet's last fingerprint and how many fast identical runs end with it."""
        return self._run(self.RUN, (kiosk_id,))

    def set_run(self, kiosk_id: int, fingerprint: str | None, run: int) -> None:
        self._run(self.SET_RUN, (fingerprint, run, kiosk_id))


class _PostgresWriter(_Writer):
    """A response is one statement, so one round trip, and a transaction by itself
    where each statement commits (rawsql.statement_at_a_time): its row locks last
    only while the server runs it. The statement stores the response row with its
    answers, marked play if its tablet's run says so, its comments, its tablet's
    repeat-tap run and its rollup cells, or the one play cell; if the id is already
    stored, nothing. The cells keep their sorted order, so concurrent upserts lock
    rows in one order.
    """

    # A batch locks its tablet's row as it reads the run, so a single response
    # stored meanwhile cannot have its step overwritten.
    RUN = "SELECT last_answers, repeat_run FROM kiosk WHERE id = ? FOR UPDATE"

    # The tablet's row is locked first and read as it now stands (FOR UPDATE reads the
    # latest commit), so two responses of one tablet count their run one after the
    # other; the run (_next_run in SQL) moves only if the response is new.
    STORE = """
WITH tablet AS (
    SELECT last_answers, repeat_run FROM kiosk WHERE id = ? FOR UPDATE
), step AS (
    SELECT CASE WHEN NOT CAST(? AS boolean) THEN 0
                WHEN (SELECT last_answers FROM tablet) = ? THEN (SELECT repeat_run FROM tablet) + 1
                ELSE 1 END AS run
), play AS (
    SELECT EXISTS (SELECT FROM tablet) AND (SELECT run FROM step) >= ? AS yes
), new AS (
    INSERT INTO response (id, unit_id, kiosk_id, channel, flow_version_id, audience,
                          locale, day, duration_seconds, digest, play, answers)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT yes FROM play), CAST(? AS json))
    ON CONFLICT (id) DO NOTHING
    RETURNING id
), moved AS (
    UPDATE kiosk SET repeat_run = (SELECT run FROM step), last_answers = ?
    WHERE id = ? AND EXISTS (SELECT FROM new)
), said AS (
    INSERT INTO comment (unit_id, day, flow, question, audience, locale, text, scrubbed,
                         status, concern)
    SELECT ?, CAST(? AS date), ?, c.q, ?, ?, c.t, c.s, c.st, c.c
    FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                CAST(? AS text[])) AS c(q, t, s, st, c)
    WHERE EXISTS (SELECT FROM new)
), cells AS (
    INSERT INTO rollup (unit_id, day, flow, question, audience, locale, value, count)
    SELECT ?, CAST(? AS date), ?, c.q, ?, ?, c.v, c.n
    FROM (
        SELECT q, v, n, i
        FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS integer[]))
            WITH ORDINALITY AS c(q, v, n, i)
        WHERE NOT (SELECT yes FROM play)
        UNION ALL
        SELECT CAST(? AS text), CAST(? AS text), 1, 0 WHERE (SELECT yes FROM play)
    ) AS c
    WHERE EXISTS (SELECT FROM new)
    ORDER BY c.i
    ON CONFLICT (unit_id, day, flow, question, audience, locale, value)
    DO UPDATE SET count = rollup.count + excluded.count
)
SELECT EXISTS (SELECT FROM new)
"""

    def store(self, row: dict, run: _Run | None, cells: list[dict], comments: list[dict]) -> bool:
        first = cells[0]
        kiosk_id, fingerprint, fast = (None, None, False) if run is None else (
            run.kiosk_id, run.fingerprint, run.fast
        )
        (stored,) = self._run(self.STORE, (
            kiosk_id, fast, fingerprint, PLAY_RUN,
            row["id"], row["unit_id"], row["kiosk_id"], row["channel"], row["flow_version_id"],
            row["audience"], row["locale"], row["day"], row["duration_seconds"], row["digest"],
            _json_text(row["answers"]),
            fingerprint, kiosk_id,
            first["unit_id"], first["day"], first["flow"], first["audience"], first["locale"],
            *(
                [comment[name] for comment in comments]
                for name in ("question", "text", "scrubbed", "status", "concern")
            ),
            first["unit_id"], first["day"], first["flow"], first["audience"], first["locale"],
            [c["question"] for c in cells],
            [c["value"] for c in cells],
            [c["count"] for c in cells],
            RESPONSE_CELL, PLAY_CELL,
        ))
        return stored


class _SQLiteWriter(_Writer):
    """One statement after another in the caller's transaction (no round trips to
    save), with values as SQLAlchemy stores them there: dates as ISO text, JSON as
    text. The play mark comes after the row, once the run says play."""

    NEW_RESPONSE = (
        "INSERT INTO response (id, unit_id, kiosk_id, channel, flow_version_id, audience,"
        " locale, day, duration_seconds, digest, play, answers)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id"
    )
    # A fast run: one more in a row if its answers are the last run's, else the first.
    STEP_RUN = (
        "UPDATE kiosk SET repeat_run = CASE WHEN last_answers = ? THEN repeat_run + 1 ELSE 1 END,"
        " last_answers = ? WHERE id = ? RETURNING repeat_run"
    )
    CELL = (
        "INSERT INTO rollup (unit_id, day, flow, question, audience, locale, value, count)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (unit_id, day, flow, question, audience, locale, value)"
        " DO UPDATE SET count = count + excluded.count"
    )

    MARK_PLAY = "UPDATE response SET play = TRUE WHERE id = ?"

    def store(self, row: dict, run: _Run | None, cells: list[dict], comments: list[dict]) -> bool:
        values = (
            row["id"], row["unit_id"], row["kiosk_id"], row["channel"], row["flow_version_id"],
            row["audience"], row["locale"], row["day"].isoformat(), row["duration_seconds"],
            row["digest"], row["play"], _json_text(row["answers"]),
        )
        if self._run(self.NEW_RESPONSE, values) is None:
            return False
        play = self._is_play(run)
        if play:
            self._run(self.MARK_PLAY, (row["id"],))
            cells = _play_cells(cells)
        self._run(self.CELL, [
            (c["unit_id"], c["day"].isoformat(), c["flow"], c["question"], c["audience"],
             c["locale"], c["value"], c["count"])
            for c in cells
        ], many=True)
        _insert_many(self._session, Comment.__table__, comments)
        return True

    def _is_play(self, run: _Run | None) -> bool:
        """Track identical fast runs per tablet; True from the PLAY_RUN-th in a row.

        One statement reads and moves the tablet's run, so two responses from one
        tablet at once still count their run one after the other."""
        if run is None:
            return False
        if not run.fast:
            self.set_run(run.kiosk_id, run.fingerprint, 0)
            return False
        args = (run.fingerprint, run.fingerprint, run.kiosk_id)
        return self._run(self.STEP_RUN, args)[0] >= PLAY_RUN


def _writer(session: Session) -> _Writer:
    sqlite = session.get_bind().dialect.name == "sqlite"
    return _SQLiteWriter(session) if sqlite else _PostgresWriter(session)


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
        outcome = _existing_outcome(session, payload.id_text, digest)
        if outcome is None:
            raise StorageFailed("the response could not be stored") from None
        return outcome
    except (ResponseRejected, StorageFailed):
        session.rollback()
        raise
    except sa.exc.SQLAlchemyError:
        session.rollback()
        raise StorageFailed("the database is busy; try again") from None


# Ids looked up per query on SQLite: far below its limit on bound parameters.
_LOOKUP_CHUNK = 500


def _stored_digests(session: Session, ids: list[str]) -> dict[str, str]:
    """{id: digest} of the ids already stored. Plain SQL (see rawsql): SQLAlchemy took
    longer to build an IN of 500 ids than the database to answer it. PostgreSQL is
    given the ids as one text that it splits: the driver took ten times longer to
    send them as an array (ids are UUIDs as text, never holding a comma)."""
    driver = rawsql.Driver(session)
    if driver.dialect == "postgresql":
        query = "SELECT id, digest FROM response WHERE id = ANY(string_to_array(?, ','))"
        return dict(driver.rows(query, (",".join(ids),)))
    found: dict[str, str] = {}
    for first in range(0, len(ids), _LOOKUP_CHUNK):
        chunk = ids[first : first + _LOOKUP_CHUNK]
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT id, digest FROM response WHERE id IN ({marks})"  # noqa: S608 - marks only
        found.update(driver.rows(query, chunk))
    return found


def _plays(session: Session, source: Source, items: list[_Checked]) -> list[bool]:
    """Repeat-tap detection over a batch, in the order the tablet sent it."""
    if source.kiosk_id is None or not items:
        return [False] * len(items)
    writer = _writer(session)
    last, run = writer.run_of(source.kiosk_id)
    plays = []
    for item in items:
        fingerprint, fast = _play_fingerprint(item.answers, item.duration)
        run = _next_run(last, run, fingerprint, fast)
        last = fingerprint
        plays.append(run >= PLAY_RUN)
    writer.set_run(source.kiosk_id, last, run)
    return plays


def _json_text(value) -> str:
    """A JSON column's text (validated answers hold no number orjson refuses, but
    should one ever, json writes it)."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value)


def _date_text(value) -> str | None:
    return None if value is None else value.isoformat()


def _insert_many(session: Session, table: sa.Table, rows: list[dict]) -> None:
    """Plain inserts of a batch's rows, straight to the driver: COPY on PostgreSQL,
    where executemany costs a round trip per row even pipelined; executemany on
    SQLite, with values as SQLAlchemy would store them (its per-row parameter
    handling cost more than SQLite's insert)."""
    if not rows:
        return
    columns = list(rows[0])
    postgresql = session.get_bind().dialect.name == "postgresql"
    # Each column's value as the driver takes it: JSON as text; dates as text on SQLite.
    converters = {}
    for name in columns:
        column_type = table.c[name].type
        if isinstance(column_type, sa.JSON):
            converters[name] = _json_text
        elif isinstance(column_type, sa.Date) and not postgresql:
            converters[name] = _date_text
    plain = [name for name in columns if name not in converters]
    converted = list(converters.items())

    def values(row: dict) -> list:
        return [row[name] for name in plain] + [convert(row[name]) for name, convert in converted]

    ordered = ", ".join(plain + [name for name, _ in converted])
    driver = rawsql.Driver(session)
    if postgresql:
        driver.copy(f"COPY {table.name} ({ordered}) FROM STDIN", map(values, rows))
    else:
        insert = (
            f"INSERT INTO {table.name} ({ordered}) "  # noqa: S608 - our own names
            f"VALUES ({', '.join('?' * len(columns))})"
        )
        driver.run(insert, [values(row) for row in rows], many=True)


BatchResult = Outcome | ResponseRejected | StorageFailed


def record_responses(
    session: Session,
    source: Source,
    payloads: list[ResponseIn],
    received_at: datetime,
    policy: Policy,
) -> list[Outcome | ResponseRejected]:
    """record_response for a tablet's whole batch, in one transaction; the caller commits.

    One result per payload, in order: an Outcome, or the ResponseRejected that
    record_response would have raised for it. Items are judged in order, as if
    sent one by one: the same id again in the batch is a duplicate or a conflict.
    """
    results: list[Outcome | ResponseRejected | None] = [None] * len(payloads)
    checked: list[tuple[int, _Checked]] = []
    for index, payload in enumerate(payloads):
        try:
            checked.append((index, _checked(session, source, payload, policy)))
        except ResponseRejected as error:
            results[index] = error
    digests = _stored_digests(session, list(dict.fromkeys(item.id for _, item in checked)))
    new: list[tuple[int, _Checked]] = []
    for index, item in checked:
        known = digests.get(item.id)
        if known is None:
            digests[item.id] = item.digest
            new.append((index, item))
        elif known == item.digest:
            results[index] = Outcome(DUPLICATE)
        else:
            results[index] = _conflict(item.id)
    if not new:
        return results

    day = service_day(received_at, policy.timezone)
    plays = _plays(session, source, [item for _, item in new])
    responses, comments = [], []
    # (flow, audience, locale) -> (question, value) -> count: a tablet's batch is mostly
    # one flow, age band and language, so cells are counted per response without
    # making a key of all five for each of its answers.
    groups: dict[tuple[str, str, str], dict[tuple[str, str], int]] = {}
    for (index, item), play in zip(new, plays, strict=True):
        payload = item.payload
        responses.append(_response_row(source, item, day, play))
        mine = _comments(source, payload, item.definition, item.answers, day)
        comments += mine
        group = groups.setdefault((payload.flow, payload.audience, payload.locale), {})
        if play:  # kept and counted as play only, so default figures stay honest
            _cells((), PLAY_CELL, into=group)
        else:
            _cells(item.answers, into=group)
        results[index] = Outcome(ACCEPTED, concern=any(c["concern"] for c in mine))
    _insert_many(session, Response.__table__, responses)
    _insert_many(session, Comment.__table__, comments)
    # One upsert per cell for the whole batch, in the unique key's order, as
    # record_response takes them, so concurrent writers lock rows in one order.
    cells = sorted(
        (flow, question, audience, locale, value, n)
        for (flow, audience, locale), group in groups.items()
        for (question, value), n in group.items()
    )
    add_to_rollups(
        session,
        [
            {
                "unit_id": source.unit_id,
                "day": day,
                "flow": flow,
                "question": question,
                "audience": audience,
                "locale": locale,
                "value": value,
                "count": n,
            }
            for flow, question, audience, locale, value, n in cells
        ],
    )
    return results


def store_responses(
    session: Session,
    source: Source,
    payloads: list[ResponseIn],
    received_at: datetime,
    policy: Policy,
) -> list[BatchResult]:
    """record_responses and one commit; one result per payload, in order.

    If the batch cannot be stored as a whole (another device stored one of its
    ids first, or the database failed), it is rolled back and stored one item at
    a time by store_response, so each item gets exactly the result it would
    have got alone: a lost race a duplicate or a conflict, a failure
    StorageFailed for that item only.
    """
    try:
        results = record_responses(session, source, payloads, received_at, policy)
        session.commit()
        return results
    except sa.exc.SQLAlchemyError:
        session.rollback()
    results: list[BatchResult] = []
    for payload in payloads:
        try:
            results.append(store_response(session, source, payload, received_at, policy))
        except (ResponseRejected, StorageFailed) as error:
            results.append(error)
    return results
