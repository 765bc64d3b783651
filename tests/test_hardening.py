"""Abuse, play and hostile input: limits, repeat-tap flags, headers, retention, revocation."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from tests.conftest import make_response
from waitingroom.comments.models import Comment
from waitingroom.extensions import db
from waitingroom.responses.models import Response, Rollup
from waitingroom.units.models import Kiosk


def test_a_kiosk_over_its_rate_limit_gets_429(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    app.config["KIOSK_RATE_LIMIT"] = "3/minute"
    try:
        replies = [
            client.post("/api/v1/responses", json=make_response(definition, version), headers=auth)
            for _ in range(4)
        ]
    finally:
        app.config["KIOSK_RATE_LIMIT"] = "30/minute"
    assert [reply.status_code for reply in replies] == [201, 201, 201, 429]
    refused = replies[-1]
    assert refused.get_json()["error"] == "rate_limited"
    # The tablet keeps the response in its outbox and knows when to try again.
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    reply = client.post(
        "/api/v1/responses",
        json=make_response(definition, version),
        headers={**auth, "X-Forwarded-For": "10.0.0.9"},
    )
    assert reply.status_code in (201, 429)
    assert client.post("/api/v1/responses", json={}, headers=auth).get_json()["error"] in (
        "rate_limited",
        "invalid",
    )


def fast_identical(definition, version, seconds=3):
    """The same answers as every other run, tapped through in a few seconds."""
    payload = make_response(definition, version)
    started = datetime.fromisoformat(payload["started_at"].replace("Z", "+00:00"))
    payload["submitted_at"] = (started + timedelta(seconds=seconds)).isoformat()
    return payload


def test_many_fast_identical_runs_are_kept_but_not_counted(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    for _ in range(6):
        reply = client.post(
            "/api/v1/responses", json=fast_identical(definition, version), headers=auth
        )
        assert reply.status_code == 201
    with app.app_context():
        stored = db.session.scalars(sa.select(Response)).all()
        assert len(stored) == 6
        assert sorted(r.play for r in stored) == [False, False, True, True, True, True]
        counted = db.session.scalar(
            sa.select(sa.func.sum(Rollup.count)).where(Rollup.question == "*", Rollup.value == "*")
        )
        play = db.session.scalar(
            sa.select(sa.func.sum(Rollup.count)).where(
                Rollup.question == "*", Rollup.value == "play"
            )
        )
        assert (counted, play) == (2, 4)


def test_careful_identical_answers_are_not_play(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    for _ in range(4):
        client.post("/api/v1/responses", json=make_response(definition, version), headers=auth)
    with app.app_context():
        assert not any(db.session.scalars(sa.select(Response.play)))


def test_a_careful_response_ends_a_run_of_fast_identical_ones(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    sent = [fast_identical(definition, version) for _ in range(2)]
    sent += [make_response(definition, version)]
    sent += [fast_identical(definition, version) for _ in range(3)]
    for payload in sent:
        assert client.post("/api/v1/responses", json=payload, headers=auth).status_code == 201
    with app.app_context():
        play = {r.id: r.play for r in db.session.scalars(sa.select(Response))}
    # Only the third fast one after the careful one is play: the run began again.
    assert [play[payload["id"]] for payload in sent] == [False] * 5 + [True]


def counted_and_play(app) -> dict[str, int]:
    """How many responses are counted ("*") and how many kept as play."""
    with app.app_context():
        return dict(
            db.session.execute(
                sa.select(Rollup.value, Rollup.count).where(Rollup.question == "*")
                .where(Rollup.value.in_(["*", "play"]))
            ).all()
        )


def test_a_fast_run_sent_again_neither_turns_to_play_nor_moves_the_run(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    sent = [fast_identical(definition, version) for _ in range(3)]
    # The first again twice: were duplicates steps of the run, the second would be play.
    for payload in [sent[0], sent[0], sent[0], sent[1], sent[2], sent[2]]:
        assert client.post("/api/v1/responses", json=payload, headers=auth).status_code in (200, 201)
    with app.app_context():
        play = {r.id: r.play for r in db.session.scalars(sa.select(Response))}
    assert [play[payload["id"]] for payload in sent] == [False, False, True]
    assert counted_and_play(app) == {"*": 2, "play": 1}


def test_a_tablets_runs_sent_at_once_count_one_after_the_other(app, auth, flows):
    """Eight fast identical runs and four of them again, all at once from one tablet:
    each new one moves the run once, in turn, so two count and six are play."""
    definition, version = flows["age_4_7"]
    sent = [fast_identical(definition, version) for _ in range(8)]

    def post(payload):
        return app.test_client().post("/api/v1/responses", json=payload, headers=auth).status_code

    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(post, sent + sent[:4]))
    assert sorted(statuses) == [200] * 4 + [201] * 8
    with app.app_context():
        play = sorted(db.session.scalars(sa.select(Response.play)))
    assert play == [False] * 2 + [True] * 6
    assert counted_and_play(app) == {"*": 2, "play": 6}


def test_every_page_sends_security_headers(client, kiosk):
    for path in ("/kiosk", "/auth/login", "/api/v1/health", f"/kiosk/pair/{kiosk}"):
        reply = client.get(path)
        csp = reply.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["Referrer-Policy"] == "no-referrer"


def test_cookies_are_http_only_and_strict(client, kiosk):
    cookie = client.get(f"/kiosk/pair/{kiosk}").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_production_cookies_are_secure(tmp_path):
    from waitingroom.config import load_settings

    config = load_settings(str(tmp_path), {
            "WAITINGROOM_ENV": "production",
            "SECRET_KEY": "x" * 32,
            "WAITINGROOM_BALLOT_KEY": "b" * 32,
        })
    assert config["SESSION_COOKIE_SECURE"] is True


def test_retention_deletes_old_text_and_keeps_figures(app, client, auth, flows, runner, kiosk):
    definition, version = flows["age_13_17"]
    client.post("/api/v1/responses", json=make_response(definition, version), headers=auth)
    with app.app_context():
        comment = db.session.scalar(sa.select(Comment))
        kept_text = comment.text
        old = Comment(
            unit_id=comment.unit_id,
            day=date.today() - timedelta(days=200),
            flow=comment.flow,
            question=comment.question,
            audience=comment.audience,
            locale="sv",
            text="gammal text",
            status="approved",
        )
        db.session.add(old)
        db.session.commit()
        figures = db.session.scalar(sa.select(sa.func.sum(Rollup.count)))
    result = runner.invoke(args=["purge-text", "--days", "90", "--json"])
    assert json.loads(result.output)["deleted"] == 1
    with app.app_context():
        assert db.session.scalars(sa.select(Comment.text)).all() == [kept_text]
        assert db.session.scalar(sa.select(sa.func.sum(Rollup.count))) == figures


def test_a_kiosk_revoked_from_the_cli_is_refused(app, client, auth, runner, kiosk):
    with app.app_context():
        kiosk_id = db.session.scalar(sa.select(Kiosk.id))
    result = runner.invoke(args=["revoke-kiosk", str(kiosk_id), "--json"])
    assert json.loads(result.output)["revoked"] is True
    assert client.get("/api/v1/kiosk/config", headers=auth).status_code == 401
    missing = runner.invoke(args=["revoke-kiosk", "9999", "--json"])
    assert missing.exit_code == 1 and "9999" in json.loads(missing.output)["error"]
