"""The JSON API as API.md fixes it: every status code, and nothing stored on bad input."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from tests.conftest import make_response
from waitingroom.comments.models import Comment
from waitingroom.extensions import db
from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.responses import ingest
from waitingroom.responses.models import RESPONSE_CELL, Response, Rollup


def stored(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Response))


def rollup(app, question=RESPONSE_CELL, value=RESPONSE_CELL) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(Rollup.count), 0)).where(
                Rollup.question == question, Rollup.value == value
            )
        )


def assert_error(reply, status: int, code: str | None = None):
    assert reply.status_code == status, reply.get_data(as_text=True)
    body = reply.get_json()
    assert isinstance(body, dict) and isinstance(body.get("message"), str)
    if code:
        assert body["error"] == code
    return body


def test_health_says_ok(client):
    reply = client.get("/api/v1/health")
    assert reply.status_code == 200
    assert reply.get_json() == {"status": "ok", "database": "ok"}


def test_openapi_document_describes_the_endpoints(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    for path in (
        "/api/v1/health",
        "/api/v1/kiosk/config",
        "/api/v1/responses",
        "/api/v1/responses/batch",
    ):
        assert path in document["paths"]


def test_kiosk_config_lists_the_unit_languages_and_flows(client, auth, flows):
    reply = client.get("/api/v1/kiosk/config", headers=auth)
    assert reply.status_code == 200
    config = reply.get_json()
    assert config["unit"] == {"code": "TEST-UNIT", "name": "Testmottagningen"}
    assert [locale["code"] for locale in config["locales"]] == list(SHIPPED_LOCALES)
    by_code = {locale["code"]: locale for locale in config["locales"]}
    assert by_code["sv"] == {"code": "sv", "name": "svenska", "dir": "ltr"}
    assert by_code["ar"] == {"code": "ar", "name": "العربية", "dir": "rtl"}
    assert by_code["fa_AF"] == {"code": "fa_AF", "name": "دری", "dir": "rtl"}
    assert by_code["so"] == {"code": "so", "name": "Soomaali", "dir": "ltr"}
    assert by_code["fit"] == {"code": "fit", "name": "meänkieli", "dir": "ltr"}
    assert [f["audience"] for f in config["flows"]] == [
        "age_4_7",
        "age_8_12",
        "age_13_17",
        "relative",
    ]
    first = config["flows"][0]
    assert first["version"] == 1
    faces = first["questions"][0]
    assert faces["type"] == "faces" and faces["scale"] == 3 and faces["skippable"] is True
    assert set(faces["text"]) == set(SHIPPED_LOCALES)  # every language, none blank
    assert all(text.strip() for text in faces["text"].values())
    assert config["posts"] == []


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer " + "x" * 5000},
    ],
)
def test_kiosk_config_needs_a_kiosk_token(client, headers, kiosk):
    assert_error(client.get("/api/v1/kiosk/config", headers=headers), 401, "unauthorized")


def test_a_response_is_stored_once_and_counted(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    payload = make_response(definition, version, locale="ar")
    reply = client.post("/api/v1/responses", json=payload, headers=auth)
    assert reply.status_code == 201
    assert reply.get_json() == {"id": payload["id"], "status": "accepted"}
    assert stored(app) == 1
    assert rollup(app) == 1
    first = definition.questions[0]
    assert rollup(app, first.key, str(first.points)) == 1
    with app.app_context():
        response = db.session.get(Response, payload["id"])
        assert response.locale == "ar" and response.audience == "age_4_7"
        assert response.channel == "kiosk"
        assert response.duration_seconds == 38
        sent = {a["question"]: a["value"] for a in payload["answers"]}
        assert response.answers == sent and list(response.answers) == list(sent)


def test_the_same_response_again_is_a_duplicate_counted_once(app, client, auth, flows):
    definition, version = flows["age_8_12"]
    payload = make_response(definition, version)
    assert client.post("/api/v1/responses", json=payload, headers=auth).status_code == 201
    again = client.post("/api/v1/responses", json=payload, headers=auth)
    assert again.status_code == 200
    assert again.get_json() == {"id": payload["id"], "status": "duplicate"}
    assert stored(app) == 1
    assert rollup(app) == 1


def comments(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(sa.select(Comment.text)).all()


def test_a_response_sent_again_keeps_its_one_comment(app, client, auth, flows):
    definition, version = flows["age_13_17"]  # it asks for free text
    payload = make_response(definition, version)
    assert client.post("/api/v1/responses", json=payload, headers=auth).status_code == 201
    again = client.post("/api/v1/responses", json=payload, headers=auth)
    assert again.get_json() == {"id": payload["id"], "status": "duplicate"}
    assert len(comments(app)) == 1 and stored(app) == 1 and rollup(app) == 1


def test_a_comment_that_cannot_be_stored_takes_its_response_with_it(
    app, client, auth, flows, monkeypatch
):
    definition, version = flows["age_13_17"]
    payload = make_response(definition, version)
    comments_of = ingest._comments

    def unstorable(*args):  # a comment with no status: the database refuses it
        return [{**comment, "status": None} for comment in comments_of(*args)]

    monkeypatch.setattr(ingest, "_comments", unstorable)
    assert_error(client.post("/api/v1/responses", json=payload, headers=auth), 503, "unavailable")
    # Nothing half-stored: no response, no count, no comment, so the retry is no duplicate.
    assert (stored(app), rollup(app), comments(app)) == (0, 0, [])
    monkeypatch.undo()
    assert client.post("/api/v1/responses", json=payload, headers=auth).status_code == 201
    assert (stored(app), rollup(app), len(comments(app))) == (1, 1, 1)


def test_after_a_tablets_response_a_change_rolled_back_is_undone(app, client, auth, flows):
    """A tablet's response is stored statement at a time (on PostgreSQL): the work
    after it on the same connection must be a transaction again."""
    with app.app_context():
        db.engine.dispose()  # the response's connection will be the pool's only one
    definition, version = flows["age_4_7"]
    assert client.post(
        "/api/v1/responses", json=make_response(definition, version), headers=auth
    ).status_code == 201
    with app.app_context():
        db.session.execute(sa.delete(Rollup))
        db.session.rollback()
    assert rollup(app) == 1


def test_the_same_id_with_other_answers_is_a_conflict(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    payload = make_response(definition, version)
    client.post("/api/v1/responses", json=payload, headers=auth)
    payload["answers"] = payload["answers"][:1]
    assert_error(client.post("/api/v1/responses", json=payload, headers=auth), 409, "conflict")
    assert stored(app) == 1 and rollup(app) == 1


def test_skipped_questions_are_not_counted(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    payload = make_response(definition, version, answers=[])
    assert client.post("/api/v1/responses", json=payload, headers=auth).status_code == 201
    assert rollup(app) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Rollup)) == 1


def test_a_wrong_device_clock_does_not_lose_the_response(app, client, auth, flows):
    definition, version = flows["relative"]
    payload = make_response(
        definition,
        version,
        started_at="1999-01-01T10:00:00Z",
        submitted_at="1999-01-01T09:59:00Z",
    )
    assert client.post("/api/v1/responses", json=payload, headers=auth).status_code == 201
    with app.app_context():
        response = db.session.get(Response, payload["id"])
        assert response.day >= date.today().replace(day=1) or response.day.year >= 2026
        assert response.day.year != 1999
        assert response.duration_seconds is None


def test_only_the_day_is_stored_never_the_time(app, client, auth, flows):
    definition, version = flows["age_13_17"]
    client.post("/api/v1/responses", json=make_response(definition, version), headers=auth)
    with app.app_context():
        columns = {c.name: c.type for c in Response.__table__.columns}
    assert not any(isinstance(kind, sa.DateTime) for kind in columns.values())
    assert not {"ip", "user_agent", "started_at", "submitted_at"} & set(columns)


def test_malformed_json_is_400_and_nothing_is_stored(app, client, auth, flows):
    for body in ('{"id": ', "[]", "null", "42"):
        reply = client.post(
            "/api/v1/responses", data=body, headers={**auth, "Content-Type": "application/json"}
        )
        assert_error(reply, 400, "malformed")
    assert stored(app) == 0


@pytest.mark.parametrize(
    "change",
    [
        {"version": "1"},
        {"id": "not-a-uuid"},
        {"audience": "age_99"},
        {"answers": "all good"},
        {"answers": [{"question": 3, "value": 1}]},
        {"answers": [{"question": "waiting", "value": 1, "note": "extra"}]},
        {"answers": [{"value": 1}]},
        {"answers": ["waiting"]},
        {"started_at": "yesterday"},
        {"unexpected": True},
        {"locale": ["sv"]},
    ],
)
def test_wrong_types_are_422_naming_the_field(app, client, auth, flows, change):
    definition, version = flows["age_4_7"]
    payload = make_response(definition, version, **change)
    body = assert_error(client.post("/api/v1/responses", json=payload, headers=auth), 422)
    assert body["details"] and all("field" in d for d in body["details"])
    named = {d["field"].split(".")[0] for d in body["details"]}
    assert named == set(change)
    assert stored(app) == 0


def test_a_missing_field_is_422(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    payload = make_response(definition, version)
    del payload["flow"]
    body = assert_error(client.post("/api/v1/responses", json=payload, headers=auth), 422)
    assert body["details"][0]["field"] == "flow"


def test_free_text_is_never_echoed_in_errors(client, auth, flows):
    definition, version = flows["age_4_7"]
    secret = "my name is Sara Andersson 070-1234567"
    payload = make_response(definition, version, locale=secret)
    reply = client.post("/api/v1/responses", json=payload, headers=auth)
    assert reply.status_code == 422
    assert "Sara" not in reply.get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"flow": "no-such-flow"}, "unknown_flow"),
        ({"version": 99}, "unknown_flow"),
        ({"audience": "relative"}, "wrong_audience"),
        ({"locale": "xx"}, "unknown_locale"),
        ({"answers": [{"question": "no_such_question", "value": 1}]}, "invalid_answer"),
        ({"round": 1}, "not_a_round"),
    ],
)
def test_unknown_flow_version_question_or_band_is_422(app, client, auth, flows, change, code):
    definition, version = flows["age_4_7"]
    payload = make_response(definition, version, **change)
    assert_error(client.post("/api/v1/responses", json=payload, headers=auth), 422, code)
    assert stored(app) == 0


def test_a_value_out_of_range_is_422_naming_the_answer(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    question = definition.questions[0]
    payload = make_response(definition, version)
    payload["answers"][0]["value"] = 4
    body = assert_error(client.post("/api/v1/responses", json=payload, headers=auth), 422)
    assert body["details"] == {"question": question.key, "reason": "out_of_range"}
    assert stored(app) == 0 and rollup(app) == 0


def test_too_many_answers_is_422(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    payload = make_response(definition, version)
    payload["answers"] = payload["answers"] * 2
    assert_error(client.post("/api/v1/responses", json=payload, headers=auth), 422)
    payload["answers"] = [{"question": "waiting", "value": 1}] * 51
    assert_error(client.post("/api/v1/responses", json=payload, headers=auth), 422)
    assert stored(app) == 0


def test_an_oversized_body_is_413(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    payload = make_response(definition, version, padding="x" * (2 * 1024 * 1024))
    assert_error(client.post("/api/v1/responses", json=payload, headers=auth), 413, "too_large")
    assert stored(app) == 0


def test_responses_need_a_kiosk_token(app, client, flows):
    definition, version = flows["age_4_7"]
    reply = client.post("/api/v1/responses", json=make_response(definition, version))
    assert_error(reply, 401, "unauthorized")
    assert stored(app) == 0


def test_unknown_paths_and_methods_are_json(client):
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(client.delete("/api/v1/responses"), 405, "method_not_allowed")


def test_a_batch_stores_each_item_on_its_own(app, client, auth, flows):
    definition, version = flows["age_8_12"]
    good = make_response(definition, version)
    also_good = make_response(definition, version)
    bad = make_response(definition, version, version=42)
    reply = client.post(
        "/api/v1/responses/batch",
        json={"responses": [good, bad, also_good, good, "nonsense", {"id": 5}]},
        headers=auth,
    )
    assert reply.status_code == 200
    results = reply.get_json()["results"]
    assert [r["status"] for r in results] == [
        "accepted",
        "rejected",
        "accepted",
        "duplicate",
        "rejected",
        "rejected",
    ]
    assert results[0]["id"] == good["id"] and results[1]["id"] == bad["id"]
    assert results[1]["error"] == "unknown_flow"
    assert stored(app) == 2 and rollup(app) == 2


def test_a_batch_too_large_or_malformed_is_refused_whole(app, client, auth, flows):
    definition, version = flows["age_8_12"]
    items = [make_response(definition, version) for _ in range(501)]
    assert_error(
        client.post("/api/v1/responses/batch", json={"responses": items}, headers=auth), 413
    )
    assert_error(client.post("/api/v1/responses/batch", json={"items": []}, headers=auth), 400)
    assert_error(client.post("/api/v1/responses/batch", json=[1, 2], headers=auth), 400)
    assert stored(app) == 0


def test_a_new_version_keeps_old_answers_valid(app, client, auth, flows):
    from waitingroom.flows.definition import parse_definition
    from waitingroom.flows.library import publish

    definition, version = flows["age_4_7"]
    changed = definition.as_json()
    changed["questions"] = changed["questions"][:-1]
    with app.app_context():
        newer, created = publish(db.session, parse_definition(changed))
        db.session.commit()
        assert created and newer.number == version + 1
    old = make_response(definition, version)
    assert client.post("/api/v1/responses", json=old, headers=auth).status_code == 201
    config = client.get("/api/v1/kiosk/config", headers=auth).get_json()
    assert next(f for f in config["flows"] if f["key"] == definition.key)["version"] == version + 1


def test_a_revoked_kiosk_is_refused(app, client, auth, flows):
    from waitingroom.units.models import Kiosk

    with app.app_context():
        for kiosk in db.session.scalars(sa.select(Kiosk)):
            kiosk.revoked = True
        db.session.commit()
    definition, version = flows["age_4_7"]
    reply = client.post("/api/v1/responses", json=make_response(definition, version), headers=auth)
    assert_error(reply, 401)


def test_response_ids_are_case_insensitive_uuids(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    payload = make_response(definition, version, id=str(uuid.uuid4()).upper())
    assert client.post("/api/v1/responses", json=payload, headers=auth).status_code == 201
    payload["id"] = payload["id"].lower()
    assert client.post("/api/v1/responses", json=payload, headers=auth).status_code == 200
    assert stored(app) == 1


def test_absurdly_nested_json_is_malformed_not_a_crash(app, client, auth, flows):
    body = "[" * 100_000 + "]" * 100_000
    reply = client.post(
        "/api/v1/responses", data=body, headers={**auth, "Content-Type": "application/json"}
    )
    assert reply.status_code in (400, 413)
    assert stored(app) == 0


def test_a_lone_surrogate_in_the_json_is_refused_as_text_not_as_broken_json(
    app, client, auth, flows
):
    """orjson, which reads bodies first, refuses the escape; json reads it, and the
    text is refused as unstorable, single or batched, as it always was."""
    definition, version = flows["age_13_17"]
    payload = make_response(definition, version)
    text = next(a for a in payload["answers"] if isinstance(a["value"], str))
    text["value"] = "hej \ud800"
    headers = {**auth, "Content-Type": "application/json"}
    single = client.post("/api/v1/responses", data=json.dumps(payload), headers=headers)
    assert_error(single, 422, "invalid")
    batch = client.post(
        "/api/v1/responses/batch", data=json.dumps({"responses": [payload]}), headers=headers
    )
    (result,) = batch.get_json()["results"]
    assert (result["status"], result["http_status"]) == ("rejected", 422)
    assert stored(app) == 0


def test_a_lone_surrogate_in_a_batched_id_rejects_that_item_only(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    good, bad = make_response(definition, version), make_response(definition, version)
    body = json.dumps({"responses": [good, {**bad, "id": "abc\ud800"}]})
    reply = client.post(
        "/api/v1/responses/batch", data=body, headers={**auth, "Content-Type": "application/json"}
    )
    assert reply.status_code == 200
    kept, refused = reply.get_json()["results"]
    assert kept == {"id": good["id"], "status": "accepted"}
    assert (refused["status"], refused["http_status"]) == ("rejected", 422)
    assert stored(app) == 1


@pytest.mark.parametrize("text", ["ok", "nul\u0000"])
def test_deeply_nested_answers_are_refused_not_a_crash(app, client, auth, flows, text):
    """Nested hundreds deep (JSON still reads it): a clear refusal, single or batched."""
    definition, version = flows["age_4_7"]
    payload = make_response(definition, version)
    payload["answers"][0]["value"] = json.loads("[" * 800 + json.dumps(text) + "]" * 800)
    single = client.post("/api/v1/responses", json=payload, headers=auth)
    assert single.status_code == 422
    batch = client.post("/api/v1/responses/batch", json={"responses": [payload]}, headers=auth)
    assert batch.status_code == 200
    (result,) = batch.get_json()["results"]
    assert result["status"] == "rejected" and result["http_status"] == 422
    assert stored(app) == 0


def test_the_stored_digest_cannot_be_recomputed_without_the_key(app, client, auth, flows):
    import hashlib
    import json as jsonlib

    definition, version = flows["age_13_17"]
    payload = make_response(definition, version)
    client.post("/api/v1/responses", json=payload, headers=auth)
    with app.app_context():
        digest = db.session.get(Response, payload["id"]).digest
    plain = hashlib.sha256(jsonlib.dumps(payload["answers"]).encode()).hexdigest()
    assert digest != plain and len(digest) == 64
