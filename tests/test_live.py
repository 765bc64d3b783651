"""The /live and /kiosk Socket.IO namespaces, exactly as API.md describes them."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from tests.conftest import make_response, sign_in
from waitingroom.extensions import db, socketio


def live_client(app, token=None, flask_client=None):
    return socketio.test_client(
        app,
        namespace="/live",
        auth={"token": token} if token else None,
        flask_test_client=flask_client,
    )


def events(client, name, timeout=2.0, namespace="/live"):
    """Wait up to `timeout` for events called `name`."""
    deadline = time.monotonic() + timeout
    found = []
    while time.monotonic() < deadline and not found:
        found = [e["args"][0] for e in client.get_received(namespace) if e["name"] == name]
        if not found:
            time.sleep(0.05)
    return found


def subscribe(client, scope="unit:TEST-UNIT", window="today", **filters):
    return client.emit(
        "subscribe",
        {"scope": scope, "window": window, "filters": filters},
        namespace="/live",
        callback=True,
    )


def test_strangers_are_refused_on_connect(app, staff):
    assert not live_client(app).is_connected("/live")
    assert not live_client(app, token="wr_not-a-token").is_connected("/live")


def test_a_kiosk_token_is_refused_on_live(app, kiosk, staff):
    assert not live_client(app, token=kiosk).is_connected("/live")


def test_subscribe_answers_with_the_summary(app, staff_token, flows):
    client = live_client(app, staff_token["unit"])
    assert client.is_connected("/live")
    ack = subscribe(client)
    assert ack["scope"] == "unit:TEST-UNIT" and ack["window"] == "today"
    assert ack["suppressed"] is True and ack["total"] is None and "seq" in ack


def test_a_scope_the_user_may_not_see_is_forbidden(app, staff_token):
    client = live_client(app, staff_token["unit"])
    assert subscribe(client, "unit:OTHER-UNIT") == {
        "error": "forbidden",
        "message": "this scope is not yours to see",
    }
    assert subscribe(client, "region")["error"] == "forbidden"


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "unit:TEST-UNIT",
        {"scope": 5},
        {"scope": "unit:TEST-UNIT", "window": "1y"},
        {"scope": "x" * 10_000},
        {"scope": "unit:TEST-UNIT", "filters": "all"},
        {"scope": "unit:TEST-UNIT", "filters": {"locale": "klingon"}},
    ],
)
def test_bad_subscribe_payloads_get_a_clear_error(app, staff_token, payload):
    client = live_client(app, staff_token["admin"])
    ack = client.emit("subscribe", payload, namespace="/live", callback=True)
    assert ack["error"] == "invalid" and ack["message"]
    assert client.is_connected("/live")


def test_a_summary_follows_each_change_within_a_second(app, client, auth, flows, staff_token):
    watcher = live_client(app, staff_token["programme"])
    first = subscribe(watcher)
    definition, version = flows["age_4_7"]
    for _ in range(5):
        client.post("/api/v1/responses", json=make_response(definition, version), headers=auth)
    started = time.monotonic()
    pushed = events(watcher, "summary", timeout=1.5)
    assert pushed and time.monotonic() - started < 1.5
    latest = pushed[-1]
    assert latest["seq"] > first["seq"]
    deadline = time.monotonic() + 2
    while latest["total"] != 5 and time.monotonic() < deadline:
        latest = (events(watcher, "summary", 0.3) or [latest])[-1]
    assert latest["total"] == 5 and latest["suppressed"] is False


def test_changes_elsewhere_do_not_reach_a_scope(app, client, auth, flows, staff_token):
    watcher = live_client(app, staff_token["admin"])
    subscribe(watcher, "unit:OTHER-UNIT")
    definition, version = flows["age_4_7"]
    client.post("/api/v1/responses", json=make_response(definition, version), headers=auth)
    assert events(watcher, "summary", timeout=0.8) == []


def test_the_staff_session_cookie_connects(app, client, staff):
    sign_in(client, staff["unit"])
    watcher = live_client(app, flask_client=client)
    assert watcher.is_connected("/live")
    assert subscribe(watcher)["scope"] == "unit:TEST-UNIT"


def kiosk_client(app, token):
    return socketio.test_client(app, namespace="/kiosk", auth={"token": token})


def test_kiosks_need_their_token(app, kiosk, staff_token):
    assert not kiosk_client(app, "nope").is_connected("/kiosk")
    assert not kiosk_client(app, staff_token["admin"]).is_connected("/kiosk")
    assert kiosk_client(app, kiosk).is_connected("/kiosk")


def test_heartbeats_feed_the_status_board(app, client, kiosk, staff):
    device = kiosk_client(app, kiosk)
    ack = device.emit("heartbeat", {"outbox": 3, "refused": 1}, namespace="/kiosk", callback=True)
    assert ack == {"ok": True}
    sign_in(client, staff["unit"])
    (row,) = client.get("/staff/kiosks.json").get_json()["kiosks"]
    assert row["online"] is True and row["outbox"] == 3 and row["refused"] == 1
    assert row["unit_code"] == "TEST-UNIT"


@pytest.mark.parametrize(
    "payload", [None, "3", {"outbox": -1}, {"outbox": "many"}, [1, 2], {"outbox": True}]
)
def test_bad_heartbeats_get_a_clear_error(app, kiosk, payload):
    device = kiosk_client(app, kiosk)
    ack = device.emit("heartbeat", payload, namespace="/kiosk", callback=True)
    assert ack["error"] == "invalid"
    assert device.is_connected("/kiosk")


def test_talk_raises_an_alert_for_the_units_staff_only(app, kiosk, staff_token):
    mine = live_client(app, staff_token["unit"])
    wide = live_client(app, staff_token["programme"])
    other = live_client(app, staff_token["other"])
    for watcher in (mine, wide, other):
        watcher.get_received("/live")
    device = kiosk_client(app, kiosk)
    assert device.emit("talk", {}, namespace="/kiosk", callback=True)["alerted"] is True
    for watcher in (mine, wide):
        (alert,) = events(watcher, "alert")
        assert alert == {"kind": "talk", "unit": "TEST-UNIT", "unit_name": "Testmottagningen"}
    assert events(other, "alert", timeout=0.3) == []


def test_a_safeguarding_comment_alerts_reviewers_only(app, client, auth, flows, staff_token):
    reviewer = live_client(app, staff_token["reviewer"])
    plain = live_client(app, staff_token["unit"])
    definition, version = flows["age_13_17"]
    text_question = next(q for q in definition.questions if q.type == "text")
    payload = make_response(definition, version)
    payload["answers"] = [{"question": text_question.key, "value": "Jag vill inte leva längre"}]
    reply = client.post("/api/v1/responses", json=payload, headers=auth)
    assert reply.status_code == 201 and reply.get_json()["support"] is True
    (alert,) = events(reviewer, "alert")
    assert alert == {"kind": "safeguarding", "unit": "TEST-UNIT"}
    assert events(plain, "alert", timeout=0.3) == []


SOCKET_MATRIX = {
    # role: (unit:TEST-UNIT, unit:OTHER-UNIT, region, administration:Testsjukhuset)
    "other": (False, True, False, False),
    "unit": (True, False, False, False),
    "reviewer": (True, False, False, False),
    "programme": (True, True, True, True),
    "admin": (True, True, True, True),
}


@pytest.mark.parametrize("role", SOCKET_MATRIX)
def test_live_scopes_by_role(app, staff_token, role):
    client = live_client(app, staff_token[role])
    scopes = ("unit:TEST-UNIT", "unit:OTHER-UNIT", "region", "administration:Testsjukhuset")
    allowed = tuple("error" not in subscribe(client, scope) for scope in scopes)
    assert allowed == SOCKET_MATRIX[role]


@pytest.mark.parametrize("scope", ["unit:\udc00bad", "unit:nul\x00", "administration:\ud800"])
def test_unstorable_text_in_a_scope_is_refused_not_crashed(app, staff_token, scope):
    client = live_client(app, staff_token["admin"])
    assert subscribe(client, scope)["error"] == "invalid"


@pytest.mark.parametrize("token", ["\udc00", "a\x00b", 42, ["x"], {"t": 1}])
def test_odd_tokens_are_refused_on_both_namespaces(app, token):
    assert not socketio.test_client(app, namespace="/live", auth={"token": token}).is_connected(
        "/live"
    )
    assert not socketio.test_client(app, namespace="/kiosk", auth={"token": token}).is_connected(
        "/kiosk"
    )


@pytest.mark.parametrize("window", [[], {}, 7, None])
def test_an_odd_window_is_invalid(app, staff_token, window):
    client = live_client(app, staff_token["admin"])
    ack = client.emit(
        "subscribe", {"scope": "region", "window": window}, namespace="/live", callback=True
    )
    assert ack["error"] == "invalid" or (window is None and ack["window"] == "today")


def test_config_changed_reaches_the_units_tablets_or_every_tablet(app, kiosk):
    from waitingroom.realtime.kiosk import config_changed
    from waitingroom.units.models import Unit
    from waitingroom.units.services import create_unit, enroll_kiosk

    with app.app_context():
        create_unit(db.session, "OTHER-UNIT", "Annan mottagning", "Testsjukhuset", [])
        _, other_token = enroll_kiosk(db.session, "OTHER-UNIT", "entrance")
        db.session.commit()
        unit_id = db.session.scalar(sa.select(Unit.id).where(Unit.code == "TEST-UNIT"))
    mine, other = kiosk_client(app, kiosk), kiosk_client(app, other_token)
    config_changed([unit_id])
    assert events(mine, "config_changed", namespace="/kiosk") == [{}]
    assert events(other, "config_changed", timeout=0.3, namespace="/kiosk") == []
    config_changed()
    assert events(mine, "config_changed", namespace="/kiosk") == [{}]
    assert events(other, "config_changed", namespace="/kiosk") == [{}]


def test_a_room_hears_two_close_changes_at_once_and_a_third_after_the_interval():
    from waitingroom.realtime.live import LiveHub

    hub = LiveHub()
    hub.interval = 10.0  # WAITINGROOM_LIVE_INTERVAL_MS=10000
    room = "summary:unit:1"
    hub.subscriptions[room] = object()
    sent = []
    for _ in range(3):
        hub.dirty.setdefault(room, time.monotonic())
        due, next_due = hub._take_due()
        sent.append([room for room, _ in due] == [room])
    assert sent == [True, True, False], "a quiet room hears at once, of two changes too"
    assert next_due - time.monotonic() == pytest.approx(10.0, abs=1.0), "the third waits"


def test_a_busy_room_hears_one_summary_per_live_interval(monkeypatch):
    from waitingroom.realtime import live

    clock = [1000.0]
    monkeypatch.setattr(live.time, "monotonic", lambda: clock[0])
    hub = live.LiveHub()
    hub.interval = 10.0
    room = "summary:region"
    hub.subscriptions[room] = object()
    sends = []
    for second in range(101):  # a change every second for 100 s
        clock[0] = 1000.0 + second
        hub.dirty.setdefault(room, clock[0])
        if hub._take_due()[0]:
            sends.append(second)
    assert sends[:3] == [0, 1, 10]
    assert sends[2:] == list(range(10, 101, 10)), "then one per interval, on time"


def test_a_tick_sends_the_rooms_marked_longest_ago_first_and_the_rest_next(monkeypatch):
    from waitingroom.realtime import live

    clock = [1000.0]
    monkeypatch.setattr(live.time, "monotonic", lambda: clock[0])
    hub = live.LiveHub()
    count = live.ROOMS_PER_TICK + 2
    marked = {f"summary:unit:{n}": clock[0] + (n * 7) % count for n in range(count)}
    for room, when in marked.items():  # marked in another order than made
        hub.subscriptions[room] = object()
        hub.dirty[room] = when
    oldest_first = sorted(marked, key=marked.get)
    clock[0] += 100
    due, next_due = hub._take_due()
    assert [room for room, _ in due] == oldest_first[: live.ROOMS_PER_TICK]
    assert next_due <= clock[0], "the rooms left over are due at once"
    due, next_due = hub._take_due()
    assert [room for room, _ in due] == oldest_first[live.ROOMS_PER_TICK :]
    assert next_due is None


def test_a_room_marked_again_keeps_its_place_in_the_queue(monkeypatch):
    from types import SimpleNamespace

    from waitingroom.realtime import live

    clock = [1000.0]
    monkeypatch.setattr(live.time, "monotonic", lambda: clock[0])
    hub = live.LiveHub()
    hub.subscriptions["summary:unit:1"] = SimpleNamespace(watches={1})
    hub.changed([1])
    clock[0] += 5
    hub.changed([1])  # a busy room is not sent to the back of the queue
    assert hub.dirty == {"summary:unit:1": 1000.0}


def test_the_live_interval_comes_from_the_setting(tmp_path):
    from waitingroom.config import load_settings

    assert load_settings(str(tmp_path), {})["LIVE_INTERVAL_MS"] == 50
    config = load_settings(str(tmp_path), {"WAITINGROOM_LIVE_INTERVAL_MS": "40"})
    assert config["LIVE_INTERVAL_MS"] == 40
