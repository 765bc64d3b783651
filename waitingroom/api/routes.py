"""The JSON API. Views are thin: they read the request, call the domain, reply."""

from __future__ import annotations

from datetime import UTC, date, datetime

import orjson
import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, request, url_for
from pydantic import ValidationError

from waitingroom import audit, ratelimit, rawsql
from waitingroom.api.auth import (
    Forbidden,
    Unauthorized,
    bearer_token,
    current_device,
    current_kiosk,
    current_member,
    current_staff,
)
from waitingroom.api.openapi import openapi_document
from waitingroom.auth.access import can_view, parse_scope, reviews_unit, unit_ids
from waitingroom.comments import moderation
from waitingroom.comments.models import STATUSES
from waitingroom.errors import api_error
from waitingroom.exports import aggregates, files
from waitingroom.exports.aggregates import BREAKDOWNS, PER, ExportError
from waitingroom.exports.downloads import aggregate_table, audit_detail, file_response
from waitingroom.extensions import db
from waitingroom.flows.definition import AREAS
from waitingroom.flows.library import published_flows
from waitingroom.i18n import shipped_locales
from waitingroom.inputs import storable
from waitingroom.posts.services import kiosk_posts
from waitingroom.realtime import live
from waitingroom.responses.ingest import (
    Outcome,
    Policy,
    ResponseRejected,
    Source,
    StorageFailed,
    store_response,
    store_responses,
)
from waitingroom.responses.schema import TEXT_CHECKED, ResponseIn, describe
from waitingroom.responses.subscriptions import (
    SubscriptionError,
    find_group,
    read_subscription,
    today_in,
)
from waitingroom.translations.voice import fresh_voices, url_hash, with_voices
from waitingroom.units.services import PairedKiosk, hash_token
from waitingroom.youth.answers import store_round_answer
from waitingroom.youth.overview import member_overview

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(Unauthorized)
def _unauthorized(error: Unauthorized):
    return api_error(401, "unauthorized", str(error))


@bp.errorhandler(Forbidden)
def _forbidden(error: Forbidden):
    return api_error(403, "forbidden", str(error))


@bp.errorhandler(ResponseRejected)
def _rejected(error: ResponseRejected):
    return api_error(error.status, error.code, error.message, error.details)


@bp.get("/health")
def health():
    """Say whether the service and its database answer. Never fails with a 500."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        database = "ok"
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return jsonify(status="ok" if status == 200 else "degraded", database=database), status


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 document of this API."""
    return jsonify(openapi_document())


@bp.get("/kiosk/config")
def kiosk_config():
    """The kiosk's unit, shipped languages, published flows and posts. 401 without a kiosk token."""
    kiosk = current_kiosk()
    versions = published_flows(db.session)
    voices = fresh_voices(db.session, versions)
    return jsonify(
        unit={"code": kiosk.unit.code, "name": kiosk.unit.name},
        locales=[info.as_json() for info in shipped_locales()],
        flows=[with_voices(version.as_config(), voices, _voice_url) for version in versions],
        posts=kiosk_posts(db.session, kiosk.unit_id),
    )


def _voice_url(recording) -> str:
    return url_for("kiosk_voice.recording", recording_id=recording.id, digest=url_hash(recording))


@bp.errorhandler(StorageFailed)
def _storage_failed(error: StorageFailed):
    # The device keeps the response and tries again: nothing is lost.
    return api_error(503, "unavailable", str(error))


def _json_body():
    """The posted JSON. orjson reads it (a batch of 500 in a third of json's time);
    what orjson refuses (a lone surrogate, UTF-16, deep nesting), json judges, as
    Flask would have alone. orjson reads a whole number beyond 64 bits as a float:
    no field takes one, and it is refused either way, with another message."""
    data = None
    if request.is_json:
        try:
            data = orjson.loads(request.get_data())
        except orjson.JSONDecodeError:
            try:
                data = request.get_json(silent=True)
            except RecursionError:
                data = None  # nested beyond reason: as malformed as broken JSON
    if data is None:
        raise ResponseRejected(400, "malformed", "the body must be a JSON object")
    return data


def _parse(item, context: dict | None = None) -> ResponseIn:
    if not isinstance(item, dict):
        raise ResponseRejected(400, "malformed", "a response must be a JSON object")
    try:
        return ResponseIn.model_validate(item, context=context)
    except ValidationError as error:
        raise ResponseRejected(
            422, "invalid", "the response does not have the expected fields", describe(error)
        ) from None


def _policy() -> Policy:
    return Policy(current_app.config["TIMEZONE"], current_app.config["SECRET_KEY"].encode())


def _store(device, item) -> tuple[Outcome, ResponseIn]:
    """Store one response from a kiosk, or one round answer from a youth member."""
    payload = _parse(item)
    received_at = datetime.now(UTC)
    if isinstance(device, PairedKiosk):
        source = Source(unit_id=device.unit_id, channel="kiosk", kiosk_id=device.id)
        outcome = store_response(db.session, source, payload, received_at, _policy())
        if outcome.status == "accepted":
            live.response_stored(source.unit_id, concern=outcome.concern)
        return outcome, payload
    outcome, group_id = store_round_answer(
        db.session, device, payload, received_at, _policy(), _ballot_key()
    )
    if outcome.status == "accepted":
        live.round_answered(group_id, concern=outcome.concern)
    return outcome, payload


def _ballot_key() -> bytes:
    return current_app.config["BALLOT_KEY"].encode()


def _today():
    return today_in(current_app.config["TIMEZONE"])


def _result(outcome: Outcome, payload: ResponseIn) -> dict:
    result = {"id": payload.id_text, "status": outcome.status}
    if outcome.concern:
        result["support"] = True  # the device shows who the child can talk to, at once
    return result


def _kiosk_key() -> str:
    """Rate limits count per device token (kiosk or youth link, by its hash), never per
    address."""
    token = bearer_token() or ""
    return "device:" + hash_token(token)[:16]


@bp.post("/responses")
@ratelimit.limit("KIOSK_RATE_LIMIT", _kiosk_key)
def create_response():
    """Store one finished flow. 201 accepted, 200 duplicate, 409 conflict, 4xx for bad input."""
    # A tablet's response is stored by one statement (ingest._PostgresWriter): it needs
    # no transaction around it, nor BEGIN and COMMIT round trips.
    rawsql.statement_at_a_time(db.session)
    device = current_device(_today())
    if not isinstance(device, PairedKiosk):
        rawsql.transactions_again(db.session)  # a youth answer is many statements
    outcome, payload = _store(device, _json_body())
    return jsonify(_result(outcome, payload)), 201 if outcome.status == "accepted" else 200


@bp.post("/responses/batch")
@ratelimit.limit("BATCH_RATE_LIMIT", _kiosk_key)
def create_responses_batch():
    """Store up to MAX_BATCH_SIZE responses; one bad item never rejects the others."""
    device = current_device(_today())
    body = _json_body()
    items = body.get("responses") if isinstance(body, dict) else None
    if not isinstance(items, list):
        return api_error(400, "malformed", 'the body must be {"responses": [ … ]}')
    limit = current_app.config["MAX_BATCH_SIZE"]
    if len(items) > limit:
        return api_error(413, "too_large", f"a batch holds at most {limit} responses")
    if isinstance(device, PairedKiosk):
        results = _store_kiosk_batch(device, items)
    else:
        results = [_store_one(device, item) for item in items]
    # orjson: 500 results written in a fraction of jsonify's time (keys as made, not
    # sorted). A refused item's id is echoed as sent, and orjson refuses to write a
    # lone surrogate: json writes it escaped.
    try:
        reply = orjson.dumps({"results": results})
    except orjson.JSONEncodeError:
        return jsonify(results=results)
    return current_app.response_class(reply, mimetype="application/json")


def _rejected_result(item, error: ResponseRejected | StorageFailed) -> dict:
    item_id = item.get("id") if isinstance(item, dict) else None
    if isinstance(error, StorageFailed):
        code, message, status = "unavailable", str(error), 503
    else:
        code, message, status = error.code, error.message, error.status
    return {
        "id": item_id[:64] if isinstance(item_id, str) else None,
        "status": "rejected",
        "error": code,
        "message": message,
        "http_status": status,
    }


def _store_one(device, item) -> dict:
    try:
        return _result(*_store(device, item))
    except (StorageFailed, ResponseRejected) as error:
        return _rejected_result(item, error)


def _store_kiosk_batch(kiosk: PairedKiosk, items: list) -> list[dict]:
    """A tablet's outbox in one transaction (store_responses), and one live change for it."""
    results: list[dict | None] = [None] * len(items)
    parsed: list[tuple[int, ResponseIn]] = []
    # One pass over the whole outbox; only if it finds bad text is each item checked.
    context = TEXT_CHECKED if storable(items) else None
    for index, item in enumerate(items):
        try:
            parsed.append((index, _parse(item, context)))
        except ResponseRejected as error:
            results[index] = _rejected_result(item, error)
    source = Source(unit_id=kiosk.unit_id, channel="kiosk", kiosk_id=kiosk.id)
    payloads = [payload for _, payload in parsed]
    stored = store_responses(db.session, source, payloads, datetime.now(UTC), _policy())
    accepted = concerns = 0
    for (index, payload), outcome in zip(parsed, stored, strict=True):
        if isinstance(outcome, Outcome):
            results[index] = _result(outcome, payload)
            accepted += outcome.status == "accepted"
            concerns += outcome.concern
        else:
            results[index] = _rejected_result(items[index], outcome)
    if accepted:
        live.responses_stored(source.unit_id, concerns=concerns)
    return results


@bp.get("/youth/rounds")
def youth_rounds():
    """A youth member's open and closed rounds, their own answers, and closed rounds' results."""
    today = _today()
    member = current_member(today)
    overview = member_overview(
        db.session,
        member,
        today,
        current_app.config["MIN_GROUP_SIZE"],
        _ballot_key(),
    )
    return jsonify(overview)


@bp.get("/summary")
def summary():
    """The live summary of a scope and window (the same object as the `summary` event)."""
    user = current_staff()
    data = {
        "scope": request.args.get("scope", ""),
        "window": request.args.get("window", "today"),
        "filters": {name: request.args.get(name) for name in ("audience", "locale", "area")},
    }
    try:
        subscription = read_subscription(db.session, user, data)
    except SubscriptionError as error:
        status = {"forbidden": 403, "not_found": 404}.get(error.code, 400)
        return api_error(status, None if status == 400 else error.code, str(error))
    return jsonify(live.summary_for(subscription))


@bp.get("/comments")
def comments():
    """Scrubbed comments of a scope, newest first; `flagged` only for safeguarding reviewers."""
    user = current_staff()
    status = request.args.get("status", "pending")
    if status not in STATUSES:
        return api_error(400, None, f"status must be one of {', '.join(STATUSES)}")
    try:
        scope = parse_scope(request.args.get("scope", "region"))
    except ValueError as error:
        return api_error(400, None, str(error))
    if not can_view(user, scope):
        return api_error(403, "forbidden", "this scope is not yours to see")
    groups: list[int] = []
    if scope.kind == "group":
        group = find_group(db.session, scope)
        covered, groups = ([], [group.id]) if group else (None, [])
    else:
        covered = unit_ids(db.session, scope)
    if covered is None:
        return api_error(404, "not_found", f"{scope} does not exist")
    if status == "flagged":
        covered = [unit_id for unit_id in covered if reviews_unit(user, unit_id)]
        groups = [group_id for group_id in groups if reviews_unit(user, None)]
        if not covered and not groups:
            return api_error(403, "forbidden", "only safeguarding reviewers see flagged comments")
    rows = moderation.comments(db.session, covered, status, groups)
    return jsonify(
        scope=str(scope),
        status=status,
        comments=[
            {
                "id": c.id,
                "day": c.day.isoformat(),
                "unit": c.unit.code if c.unit else None,
                "group": c.group_id,
                "flow": c.flow,
                "question": c.question,
                "audience": c.audience,
                "locale": c.locale,
                "text": c.text,
                "status": c.status,
                "scrubbed": [kind for kind in c.scrubbed.split(",") if kind],
                "concern": c.concern,
                "decision": c.decision,
            }
            for c in rows
        ],
    )


@bp.get("/exports/aggregates")
def export_aggregates():
    """The aggregate export as CSV or XLSX for integrations (staff token), audited.

    400 for a bad parameter, 403 for a scope that is not the caller's, 404 for one
    that does not exist. The same file and protection as /staff/exports.
    """
    user = current_staff()
    args = request.args
    try:
        scope = parse_scope(args.get("scope", ""))
    except ValueError as error:
        return api_error(400, None, str(error))
    if scope.kind == "group":
        return api_error(400, None, "youth groups export per round, from the youth group's page")
    if not can_view(user, scope):
        return api_error(403, "forbidden", "this scope is not yours to see")
    covered = unit_ids(db.session, scope)
    if covered is None:
        return api_error(404, "not_found", f"{scope} does not exist")
    file_format = args.get("format", "csv")
    per = args.get("per", "all")
    area = args.get("area") or None
    breakdown = frozenset(filter(None, args.get("breakdown", "").split(",")))
    problems = [
        (file_format not in files.FORMATS, f"format must be one of {', '.join(files.FORMATS)}"),
        (per not in PER, f"per must be one of {', '.join(PER)}"),
        (area not in (None, *AREAS), f"area must be one of {', '.join(AREAS)}"),
        (not breakdown <= set(BREAKDOWNS), f"breakdown lists some of {', '.join(BREAKDOWNS)}"),
    ]
    for wrong, message in problems:
        if wrong:
            return api_error(400, None, message)
    try:
        if args.get("month"):
            period = aggregates.month_period(args["month"])
            period = aggregates.checked_period(period.first, period.last, _today())
        else:
            first, last = (_day(args.get(name)) for name in ("from", "to"))
            period = aggregates.checked_period(first, last, _today())
        table = aggregate_table(scope, covered, period, breakdown, per, area)
    except ExportError as error:
        if str(error) == "rows":
            return api_error(400, None, "too many figures for one file: ask a shorter period")
        return api_error(400, None, str(error))
    body = files.render(table, file_format)
    detail = audit_detail("aggregates", period, file_format, per, breakdown, area)
    audit.record(db.session, user.email, "export.aggregates", str(scope), f"api {detail}")
    db.session.commit()
    return file_response(body, "aggregates", scope, period, file_format)


def _day(text: str | None) -> date | None:
    """A YYYY-MM-DD day, or None (the period check says what is missing)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ExportError("first", "from and to are days written YYYY-MM-DD") from None
