"""The JSON API. Views are thin: they read the request, call the domain, reply."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, request
from pydantic import ValidationError

from waitingroom.api.auth import Unauthorized, current_kiosk
from waitingroom.api.openapi import openapi_document
from waitingroom.errors import api_error
from waitingroom.extensions import db
from waitingroom.flows.library import published_flows
from waitingroom.i18n import shipped_locales
from waitingroom.responses.ingest import ResponseRejected, Source, store_response
from waitingroom.responses.schema import ResponseIn, describe

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(Unauthorized)
def _unauthorized(error: Unauthorized):
    return api_error(401, "unauthorized", str(error))


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
    return jsonify(
        unit={"code": kiosk.unit.code, "name": kiosk.unit.name},
        locales=[info.as_json() for info in shipped_locales()],
        flows=[version.as_config() for version in published_flows(db.session)],
        posts=[],
    )


def _json_body():
    data = request.get_json(silent=True)
    if data is None:
        raise ResponseRejected(400, "malformed", "the body must be a JSON object")
    return data


def _parse(item) -> ResponseIn:
    if not isinstance(item, dict):
        raise ResponseRejected(400, "malformed", "a response must be a JSON object")
    try:
        return ResponseIn.model_validate(item)
    except ValidationError as error:
        raise ResponseRejected(
            422, "invalid", "the response does not have the expected fields", describe(error)
        ) from None


def _store(source: Source, item) -> tuple[str, ResponseIn]:
    payload = _parse(item)
    received_at = datetime.now(UTC)
    status = store_response(
        db.session, source, payload, received_at, current_app.config["TIMEZONE"]
    )
    return status, payload


@bp.post("/responses")
def create_response():
    """Store one finished flow. 201 accepted, 200 duplicate, 409 conflict, 4xx for bad input."""
    kiosk = current_kiosk()
    source = Source(unit_id=kiosk.unit_id, channel="kiosk")
    status, payload = _store(source, _json_body())
    return jsonify(id=str(payload.id), status=status), 201 if status == "accepted" else 200


@bp.post("/responses/batch")
def create_responses_batch():
    """Store up to MAX_BATCH_SIZE responses; one bad item never rejects the others."""
    kiosk = current_kiosk()
    source = Source(unit_id=kiosk.unit_id, channel="kiosk")
    body = _json_body()
    items = body.get("responses") if isinstance(body, dict) else None
    if not isinstance(items, list):
        return api_error(400, "malformed", 'the body must be {"responses": [ … ]}')
    limit = current_app.config["MAX_BATCH_SIZE"]
    if len(items) > limit:
        return api_error(413, "too_large", f"a batch holds at most {limit} responses")
    results = []
    for item in items:
        item_id = item.get("id") if isinstance(item, dict) else None
        try:
            status, payload = _store(source, item)
            results.append({"id": str(payload.id), "status": status})
        except ResponseRejected as error:
            results.append(
                {
                    "id": item_id[:64] if isinstance(item_id, str) else None,
                    "status": "rejected",
                    "error": error.code,
                    "message": error.message,
                    "http_status": error.status,
                }
            )
    return jsonify(results=results)
