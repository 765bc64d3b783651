"""A tablet's outbox sent as one batch: stored in one transaction, with exactly the
results, figures and play flags the same responses get when sent one by one."""

from __future__ import annotations

import time
import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import make_response
from tests.test_hardening import fast_identical
from tests.test_live import events, live_client, subscribe
from tests.test_youth import bearer, full_answer
from waitingroom.extensions import db
from waitingroom.responses import ingest
from waitingroom.responses.models import Response, Rollup
from waitingroom.units.services import enroll_kiosk
from waitingroom.youth.models import RoundResponse


def post_batch(client, headers, items) -> list[dict]:
    reply = client.post("/api/v1/responses/batch", json={"responses": items}, headers=headers)
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return reply.get_json()["results"]


def rollups(app, unit_code: str) -> dict[tuple, int]:
    """Every rollup cell of a unit, without the unit."""
    with app.app_context():
        rows = db.session.execute(
            sa.text(
                "SELECT r.day, r.flow, r.question, r.audience, r.locale, r.value, r.count "
                "FROM rollup r JOIN unit u ON u.id = r.unit_id WHERE u.code = :code"
            ),
            {"code": unit_code},
        )
        return {tuple(row[:-1]): row[-1] for row in rows}


def counted(app) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(Rollup.count), 0)).where(
                Rollup.question == "*", Rollup.value == "*"
            )
        )


def plays(app) -> list[bool]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Response.play)))


def mixed_outbox(flows) -> tuple[list, list]:
    """Items that were already stored (sent first, one by one), then a batch that mixes
    new, repeated, clashing and invalid items; and the statuses API.md promises."""
    definition, version = flows["age_8_12"]
    young, young_version = flows["age_4_7"]
    teen, teen_version = flows["age_13_17"]
    earlier = make_response(definition, version)
    clashing_earlier = make_response(definition, version)
    sent_first = [earlier, clashing_earlier]
    new = make_response(definition, version, locale="ar")
    twice = make_response(young, young_version)
    with_text = make_response(teen, teen_version, locale="en")
    batch = [
        new,
        earlier,  # stored before: a retry
        {**make_response(definition, version, locale="en"), "id": clashing_earlier["id"]},
        make_response(definition, version, version=42),  # unknown flow version
        twice,
        "nonsense",
        twice,  # the same item twice in one batch: counted once
        {**make_response(young, young_version, locale="en"), "id": twice["id"]},
        make_response(definition, version, audience="age_4_7"),  # wrong audience
        with_text,
        {"id": 5},
        make_response(
            definition, version, answers=[{"question": "nope", "value": 1}]
        ),  # unknown question
        make_response(definition, version, id=new["id"].upper()),  # ids ignore case
    ]
    statuses = [
        "accepted",
        "duplicate",
        "rejected",
        "rejected",
        "accepted",
        "rejected",
        "duplicate",
        "rejected",
        "rejected",
        "accepted",
        "rejected",
        "rejected",
        "rejected",
    ]
    return sent_first, batch, statuses


def test_a_mixed_batch_gets_one_result_per_item_in_order(app, client, auth, flows):
    sent_first, batch, statuses = mixed_outbox(flows)
    for payload in sent_first:
        assert client.post("/api/v1/responses", json=payload, headers=auth).status_code == 201
    results = post_batch(client, auth, batch)
    assert [r["status"] for r in results] == statuses
    assert [r["id"] for r in results] == [
        item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        for item in batch
    ]
    errors = [(r.get("error"), r.get("http_status")) for r in results if r["status"] == "rejected"]
    assert errors == [
        ("conflict", 409),
        ("unknown_flow", 422),
        ("malformed", 400),
        ("conflict", 409),
        ("wrong_audience", 422),
        ("invalid", 422),
        ("invalid_answer", 422),
        ("conflict", 409),
    ]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 5
    assert counted(app) == 5


def test_a_batch_counts_exactly_what_the_same_items_sent_one_by_one_count(
    app, client, auth, flows, staff
):
    with app.app_context():
        _, other_token = enroll_kiosk(db.session, "OTHER-UNIT", "waiting room")
        db.session.commit()
    sent_first, batch, statuses = mixed_outbox(flows)
    # The same items for the other unit, under ids of their own.
    fresh: dict[str, str] = {}

    def other(item):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            return item
        return {**item, "id": fresh.setdefault(item["id"].lower(), str(uuid.uuid4()))}

    for payload in sent_first:
        client.post("/api/v1/responses", json=payload, headers=auth)
        client.post("/api/v1/responses", json=other(payload), headers=bearer(other_token))
    one_by_one = [
        client.post("/api/v1/responses", json=other(item), headers=bearer(other_token))
        for item in batch
    ]
    assert [
        "accepted" if reply.status_code == 201 else reply.get_json().get("status", "rejected")
        for reply in one_by_one
    ] == statuses
    assert [r["status"] for r in post_batch(client, auth, batch)] == statuses
    assert rollups(app, "TEST-UNIT") == rollups(app, "OTHER-UNIT")
    assert rollups(app, "TEST-UNIT")


def test_play_is_recognised_across_a_batch_in_order(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    results = post_batch(client, auth, [fast_identical(definition, version) for _ in range(6)])
    assert [r["status"] for r in results] == ["accepted"] * 6
    with app.app_context():
        stored = db.session.scalars(sa.select(Response)).all()
        assert sorted(r.play for r in stored) == [False, False, True, True, True, True]
        play = db.session.scalar(
            sa.select(sa.func.sum(Rollup.count)).where(
                Rollup.question == "*", Rollup.value == "play"
            )
        )
    assert (counted(app), play) == (2, 4)


def test_a_play_run_carries_over_between_batches_and_single_posts(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    post_batch(client, auth, [fast_identical(definition, version) for _ in range(2)])
    reply = client.post("/api/v1/responses", json=fast_identical(definition, version), headers=auth)
    assert reply.status_code == 201
    careful = make_response(definition, version)
    post_batch(client, auth, [fast_identical(definition, version), careful])
    post_batch(client, auth, [fast_identical(definition, version)])
    # The third and fourth fast run in a row are play; a careful one breaks the run.
    assert sorted(plays(app)) == [False] * 4 + [True] * 2


def test_a_device_that_stored_an_id_first_wins_the_race(app, client, auth, flows, monkeypatch):
    definition, version = flows["age_8_12"]
    raced = make_response(definition, version)
    clash = make_response(definition, version)
    assert client.post("/api/v1/responses", json=raced, headers=auth).status_code == 201
    assert client.post("/api/v1/responses", json=clash, headers=auth).status_code == 201
    # As if the other device committed just after this batch looked its ids up.
    monkeypatch.setattr(ingest, "_stored_digests", lambda session, ids: {})
    batch = [
        make_response(definition, version),
        raced,
        {**make_response(definition, version, locale="en"), "id": clash["id"]},
        make_response(definition, version, version=42),
        make_response(definition, version),
    ]
    results = post_batch(client, auth, batch)
    assert [r["status"] for r in results] == [
        "accepted",
        "duplicate",
        "rejected",
        "rejected",
        "accepted",
    ]
    assert results[2]["error"] == "conflict"
    assert counted(app) == 4
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 4


def test_a_database_failure_rejects_only_the_item_it_hit(app, client, auth, flows, monkeypatch):
    definition, version = flows["age_8_12"]
    batch = [make_response(definition, version) for _ in range(3)]
    unlucky = batch[1]["id"]

    def failing_batch(*args, **kwargs):
        raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))

    store_one = ingest.store_response

    def failing_one(session, source, payload, received_at, policy):
        if str(payload.id) == unlucky:
            raise ingest.StorageFailed("the database is busy; try again")
        return store_one(session, source, payload, received_at, policy)

    monkeypatch.setattr(ingest, "record_responses", failing_batch)
    monkeypatch.setattr(ingest, "store_response", failing_one)
    results = post_batch(client, auth, batch)
    assert [r["status"] for r in results] == ["accepted", "rejected", "accepted"]
    assert results[1]["http_status"] == 503 and results[1]["error"] == "unavailable"
    assert counted(app) == 2
    monkeypatch.undo()
    # The tablet keeps the rejected item and sends its outbox again: nothing is lost.
    results = post_batch(client, auth, batch)
    assert [r["status"] for r in results] == ["duplicate", "accepted", "duplicate"]
    assert counted(app) == 3


def test_a_batch_is_one_live_change(app, client, auth, flows, staff_token):
    watcher = live_client(app, staff_token["unit"])
    first = subscribe(watcher)
    assert first["suppressed"] is True
    definition, version = flows["age_8_12"]
    post_batch(client, auth, [make_response(definition, version) for _ in range(7)])
    # Wait for the batch's summary: one the room had coming from before may come first.
    totals, deadline = [], time.monotonic() + 3
    while 7 not in totals and time.monotonic() < deadline:
        totals += [summary["total"] for summary in events(watcher, "summary", timeout=0.2)]
    assert 7 in totals
    assert not {5, 6} & set(totals), "never part of the batch (below 5 is hidden anyway)"


def test_a_safeguarding_concern_in_a_batch_alerts_reviewers(app, client, auth, flows, staff_token):
    reviewer = live_client(app, staff_token["reviewer"])
    definition, version = flows["age_13_17"]
    text_question = next(q for q in definition.questions if q.type == "text")
    payload = make_response(definition, version)
    payload["answers"] = [{"question": text_question.key, "value": "Jag vill inte leva längre"}]
    results = post_batch(client, auth, [make_response(definition, version), payload])
    assert [r.get("support") for r in results] == [None, True]
    assert events(reviewer, "alert") == [{"kind": "safeguarding", "unit": "TEST-UNIT"}]


@pytest.mark.parametrize("repeat", [1, 2])
def test_a_youth_member_can_send_a_batch_too(app, client, group, repeat):
    token = group["tokens"][0]
    items = [full_answer(group, taken_seriously=1), full_answer(group, taken_seriously=4)]
    results = post_batch(client, bearer(token), items * repeat)
    assert [r["status"] for r in results] == ["accepted", "accepted"] + ["duplicate"] * (
        2 * repeat - 2
    )
    with app.app_context():
        assert len(db.session.scalars(sa.select(RoundResponse)).all()) == 1


@pytest.mark.parametrize("audience", ["age_4_7", "age_13_17"])
def test_answers_are_stored_as_sent_one_by_one_and_in_a_batch(app, client, auth, flows, audience):
    definition, version = flows[audience]
    single, batched = make_response(definition, version), make_response(definition, version)
    assert client.post("/api/v1/responses", json=single, headers=auth).status_code == 201
    assert [r["status"] for r in post_batch(client, auth, [batched])] == ["accepted"]
    text = {q.key for q in definition.questions if q.type == "text"}
    with app.app_context():
        for sent in (single, batched):
            stored = db.session.get(Response, sent["id"]).answers
            # Free text is never stored with the answers, only as a scrubbed comment.
            assert stored == {
                a["question"]: a["value"] for a in sent["answers"] if a["question"] not in text
            }
