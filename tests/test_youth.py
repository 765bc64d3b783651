"""The youth reference group: links, rounds, one answer per member, results, privacy."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import region_today
from tests.test_live import events, live_client, subscribe
from waitingroom.comments.models import Comment
from waitingroom.comments.retention import purge_old_text
from waitingroom.extensions import db
from waitingroom.flows.definition import load_yaml
from waitingroom.flows.library import publish
from waitingroom.youth.links import ballot, create_group, reissue, revoke
from waitingroom.youth.models import Member, Round, RoundResponse, YouthGroup
from waitingroom.youth.rounds import close_round, open_default_round, open_round

AREAS_IN_ORDER = [
    "coordination",
    "early_support",
    "participation",
    "competence",
    "holistic_view",
    "care_flows",
    "collaboration",
]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def answer(group, *, locale="sv", answer_id=None, **values) -> dict:
    """A round answer; each keyword names a question and gives its value."""
    started = datetime.now(UTC) - timedelta(minutes=3)
    return {
        "id": answer_id or str(uuid.uuid4()),
        "flow": group["flow"],
        "version": group["version"],
        "audience": "age_13_17",
        "locale": locale,
        "round": group["round"],
        "started_at": started.isoformat(),
        "submitted_at": (started + timedelta(minutes=2)).isoformat(),
        "answers": [{"question": key, "value": value} for key, value in values.items()],
    }


def full_answer(group, **overrides) -> dict:
    values = {
        "priorities": AREAS_IN_ORDER,
        "first_steps": {"shorter_waits": 6, "talk_alone": 4},
        "taken_seriously": 3,
        **overrides,
    }
    return answer(group, **values)


def send(client, token, payload):
    return client.post("/api/v1/responses", json=payload, headers=bearer(token))


def rounds_of(client, token) -> list[dict]:
    reply = client.get("/api/v1/youth/rounds", headers=bearer(token))
    assert reply.status_code == 200, reply.get_json()
    return reply.get_json()["rounds"]


# --- links -------------------------------------------------------------------


def test_links_are_stored_only_as_hashes(app, group):
    with app.app_context():
        hashes = set(db.session.scalars(sa.select(Member.token_hash)))
    assert len(hashes) == 8
    assert not hashes & set(group["tokens"])


def test_a_valid_link_sees_its_open_round(client, group):
    rounds = rounds_of(client, group["tokens"][0])
    assert [(r["id"], r["status"]) for r in rounds] == [(group["round"], "open")]
    assert rounds[0]["answer"] is None and rounds[0]["result"] is None
    kinds = [q["type"] for q in rounds[0]["flow"]["questions"]]
    assert kinds == ["rank", "points", "scale", "idea", "vote"]


def test_an_expired_link_stops_working(app, client, group):
    with app.app_context():
        member = db.session.scalar(sa.select(Member).where(Member.number == 1))
        member.expires_on = region_today() - timedelta(days=400)
        db.session.commit()
    reply = client.get("/api/v1/youth/rounds", headers=bearer(group["tokens"][0]))
    assert reply.status_code == 401
    assert "expired or was revoked" in reply.get_json()["message"]
    assert send(client, group["tokens"][0], full_answer(group)).status_code == 401


def test_a_revoked_link_stops_working_and_a_reissued_one_keeps_the_answer(app, client, group):
    token = group["tokens"][1]
    assert send(client, token, full_answer(group)).status_code == 201
    with app.app_context():
        member = db.session.scalar(sa.select(Member).where(Member.number == 2))
        revoke(member)
        db.session.commit()
    assert client.get("/api/v1/youth/rounds", headers=bearer(token)).status_code == 401
    with app.app_context():
        member = db.session.scalar(sa.select(Member).where(Member.number == 2))
        fresh = reissue(db.session, member, region_today())
        db.session.commit()
    assert fresh != token
    assert client.get("/api/v1/youth/rounds", headers=bearer(token)).status_code == 401
    mine = rounds_of(client, fresh)[0]["answer"]
    assert mine is not None and mine["answers"][0]["value"] == AREAS_IN_ORDER


def test_youth_links_belong_only_where_they_belong(client, group, kiosk):
    token = group["tokens"][0]
    assert client.get("/api/v1/kiosk/config", headers=bearer(token)).status_code == 401
    reply = client.get("/api/v1/summary?scope=region", headers=bearer(token))
    assert reply.status_code == 403
    assert client.get("/api/v1/youth/rounds", headers=bearer(kiosk)).status_code == 401
    assert client.get("/api/v1/youth/rounds").status_code == 401


# --- one answer per member, editable until the round closes -----------------


def test_a_new_answer_replaces_the_earlier_one_and_counts_once(app, client, group):
    token = group["tokens"][0]
    assert send(client, token, full_answer(group, taken_seriously=1)).status_code == 201
    assert send(client, token, full_answer(group, taken_seriously=4)).status_code == 201
    with app.app_context():
        stored = db.session.scalars(sa.select(RoundResponse)).all()
    assert len(stored) == 1
    mine = rounds_of(client, token)[0]["answer"]
    assert {a["question"]: a["value"] for a in mine["answers"]}["taken_seriously"] == 4


def test_a_retry_is_a_duplicate_even_after_the_answer_was_replaced(client, group):
    token = group["tokens"][0]
    first = full_answer(group, taken_seriously=1)
    assert send(client, token, first).status_code == 201
    assert send(client, token, full_answer(group, taken_seriously=4)).status_code == 201
    again = send(client, token, first)
    assert again.status_code == 200 and again.get_json()["status"] == "duplicate"
    mine = rounds_of(client, token)[0]["answer"]
    assert {a["question"]: a["value"] for a in mine["answers"]}["taken_seriously"] == 4


def test_the_same_id_with_other_content_is_a_conflict(client, group):
    token = group["tokens"][0]
    first = full_answer(group, taken_seriously=1)
    assert send(client, token, first).status_code == 201
    reply = send(client, token, {**full_answer(group, taken_seriously=2), "id": first["id"]})
    assert reply.status_code == 409 and reply.get_json()["error"] == "conflict"


def test_members_answers_are_their_own(client, group):
    one, two = group["tokens"][:2]
    assert send(client, one, full_answer(group, taken_seriously=1)).status_code == 201
    assert rounds_of(client, two)[0]["answer"] is None


def test_after_the_round_closes_answers_cannot_change(app, client, group):
    token = group["tokens"][0]
    sent = full_answer(group)
    assert send(client, token, sent).status_code == 201
    with app.app_context():
        close_round(db.session, db.session.get(Round, group["round"]), region_today())
        db.session.commit()
    reply = send(client, token, full_answer(group, taken_seriously=1))
    assert reply.status_code == 409 and reply.get_json()["error"] == "round_closed"
    assert send(client, token, sent).get_json()["status"] == "duplicate"


def test_a_round_must_be_named_and_be_the_members_own(app, client, group):
    token = group["tokens"][0]
    payload = full_answer(group)
    del payload["round"]
    reply = send(client, token, payload)
    assert reply.status_code == 422 and reply.get_json()["error"] == "round_required"
    with app.app_context():
        other, _ = create_group(db.session, "Another group", 2, region_today())
        foreign = open_default_round(db.session, other, region_today())
        db.session.commit()
        foreign_id = foreign.id
    reply = send(client, token, {**full_answer(group), "round": foreign_id})
    assert reply.status_code == 404


def test_a_kiosk_cannot_answer_a_youth_flow(client, group, auth):
    payload = full_answer(group)
    del payload["round"]
    reply = client.post("/api/v1/responses", json=payload, headers=auth)
    assert reply.status_code == 422 and reply.get_json()["error"] == "wrong_channel"


# --- ranking, points and votes are checked ----------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (AREAS_IN_ORDER[:-1], "incomplete"),
        (AREAS_IN_ORDER[:-1] + ["coordination"], "repeated"),
        (AREAS_IN_ORDER[:-1] + ["snacks"], "not_offered"),
        ("coordination", "wrong_type"),
        ({"coordination": 1}, "wrong_type"),
    ],
)
def test_a_bad_ranking_is_refused_with_a_reason(client, group, value, reason):
    reply = send(client, group["tokens"][0], answer(group, priorities=value))
    assert reply.status_code == 422
    body = reply.get_json()
    assert body["details"] == {"question": "priorities", "reason": reason}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ({"shorter_waits": 11}, "wrong_total"),
        ({"shorter_waits": 4}, "wrong_total"),
        ({"shorter_waits": 12, "talk_alone": -2}, "out_of_range"),
        ({"parking": 10}, "not_offered"),
        ({"shorter_waits": 9.5, "talk_alone": 0.5}, "wrong_type"),
        ({"shorter_waits": True}, "wrong_type"),
        ([10], "wrong_type"),
    ],
)
def test_bad_points_are_refused_with_a_reason(client, group, value, reason):
    reply = send(client, group["tokens"][0], answer(group, first_steps=value))
    assert reply.status_code == 422
    assert reply.get_json()["details"] == {"question": "first_steps", "reason": reason}


def test_points_must_add_up_to_the_budget(client, group):
    reply = send(client, group["tokens"][0], answer(group, first_steps={"shorter_waits": 7}))
    assert "distribute exactly 10 points (the answer gives 7)" in reply.get_json()["message"]
    ok = send(client, group["tokens"][0], answer(group, first_steps={"shorter_waits": 10}))
    assert ok.status_code == 201


def approved_idea(app, group, text="Boka tider i en app") -> str:
    """An idea a member sent, approved by staff; returns its key for votes."""
    with app.app_context():
        comment = db.session.scalar(sa.select(Comment).where(Comment.text == text))
        comment.status = "approved"
        db.session.commit()
        return str(comment.id)


def test_ideas_are_scrubbed_moderated_and_then_put_to_the_vote(app, client, group):
    token = group["tokens"][0]
    idea = "Boka tider i en app. Jag heter Sara Lind, ring 070-123 45 67"
    assert send(client, token, answer(group, own_idea=idea)).status_code == 201
    with app.app_context():
        comment = db.session.scalar(sa.select(Comment))
        assert comment.group_id == group["id"] and comment.unit_id is None
        assert "Sara" not in comment.text and "070" not in comment.text
        assert comment.status == "pending"
        stored = db.session.scalar(sa.select(RoundResponse)).answers
    assert "Sara" not in json.dumps(stored)
    vote = rounds_of(client, token)[0]["flow"]["questions"][4]
    assert vote["type"] == "vote" and vote["options"] == []  # nothing approved yet
    with app.app_context():
        comment = db.session.scalar(sa.select(Comment))
        comment.status = "approved"
        db.session.commit()
        key = str(comment.id)
    vote = rounds_of(client, group["tokens"][1])[0]["flow"]["questions"][4]
    assert [option["key"] for option in vote["options"]] == [key]
    assert vote["options"][0]["label"]["sv"].startswith("Boka tider i en app")
    good = send(client, group["tokens"][1], answer(group, group_ideas={key: "agree"}))
    assert good.status_code == 201
    for bad, reason in [
        ({key: "maybe"}, "not_offered"),
        ({"999999": "agree"}, "not_offered"),
        ({}, "empty"),
        ([key], "wrong_type"),
    ]:
        reply = send(client, group["tokens"][2], answer(group, group_ideas=bad))
        assert reply.status_code == 422
        assert reply.get_json()["details"]["reason"] == reason


def test_a_replaced_idea_is_withdrawn_from_moderation(app, client, group):
    token = group["tokens"][0]
    assert send(client, token, answer(group, own_idea="Fler appar")).status_code == 201
    assert send(client, token, answer(group, own_idea="Färre appar")).status_code == 201
    with app.app_context():
        assert db.session.scalars(sa.select(Comment.text)).all() == ["Färre appar"]
    assert send(client, token, answer(group, taken_seriously=2)).status_code == 201
    with app.app_context():
        assert db.session.scalars(sa.select(Comment.text)).all() == []


def test_an_approved_idea_stays_with_the_group_when_its_author_changes_it(app, client, group):
    token = group["tokens"][0]
    assert send(client, token, answer(group, own_idea="Boka tider i en app")).status_code == 201
    approved_idea(app, group)
    assert send(client, token, answer(group, own_idea="Något annat")).status_code == 201
    with app.app_context():
        rows = {c.text: c.status for c in db.session.scalars(sa.select(Comment))}
    assert rows == {"Boka tider i en app": "approved", "Något annat": "pending"}


def test_an_unsafe_idea_is_quarantined_and_the_phone_shows_help(app, client, group, staff):
    token = group["tokens"][0]
    reply = send(client, token, answer(group, own_idea="pappa slår mig när han är full"))
    assert reply.status_code == 201 and reply.get_json()["support"] is True
    with app.app_context():
        comment = db.session.scalar(sa.select(Comment))
        assert comment.status == "flagged" and comment.concern
    # Quarantined: no vote offers it, however staff moderate the others.
    vote = rounds_of(client, token)[0]["flow"]["questions"][4]
    assert vote["options"] == []


# --- results and privacy -----------------------------------------------------


def five_answers(client, group):
    orders = [AREAS_IN_ORDER, AREAS_IN_ORDER, AREAS_IN_ORDER[::-1], AREAS_IN_ORDER, AREAS_IN_ORDER]
    for token, order in zip(group["tokens"][:5], orders, strict=True):
        points = {"shorter_waits": 6, "talk_alone": 4}
        reply = send(client, token, full_answer(group, priorities=order, first_steps=points))
        assert reply.status_code == 201


def test_the_result_is_shown_to_members_only_once_the_round_closes(app, client, group):
    five_answers(client, group)
    assert rounds_of(client, group["tokens"][0])[0]["result"] is None
    with app.app_context():
        round_ = db.session.get(Round, group["round"])
        close_round(db.session, round_, region_today())
        round_.outcome = {"sv": "Vi har börjat med en kontaktperson.", "en": "One contact person."}
        db.session.commit()
    closed = rounds_of(client, group["tokens"][7])[0]
    assert closed["status"] == "closed" and closed["outcome"]["sv"].startswith("Vi har")
    result = closed["result"]
    assert result["total"] == 5 and result["suppressed"] is False
    assert result["participation"] == {"members": 8, "answered": 5, "rate": 0.62}
    ranking = result["questions"]["youth-consultation/priorities"]
    assert ranking["order"][0] == "coordination" and ranking["counts"]["coordination"] == 4
    assert ranking["mean_rank"]["collaboration"] == pytest.approx((7 * 4 + 1) / 5)
    points = result["questions"]["youth-consultation/first_steps"]
    assert points["counts"]["shorter_waits"] == 30 and points["order"][:2] == [
        "shorter_waits",
        "talk_alone",
    ]


def test_fewer_than_five_answers_are_never_sent(app, client, group, staff_token):
    for token in group["tokens"][:4]:
        assert send(client, token, full_answer(group)).status_code == 201
    reply = client.get(
        f"/api/v1/summary?scope=group:{group['id']}", headers=bearer(staff_token["programme"])
    )
    summary = reply.get_json()
    assert summary["suppressed"] is True and summary["total"] is None
    for figures in summary["questions"].values():
        assert figures["counts"] is None
    assert summary["rounds"][0]["participation"]["answered"] == 4


def test_no_staff_view_joins_answers_to_members(app, client, group, staff_token):
    five_answers(client, group)
    reply = client.get(
        f"/api/v1/summary?scope=group:{group['id']}", headers=bearer(staff_token["admin"])
    )
    text = reply.get_data(as_text=True)
    with app.app_context():
        ballots = db.session.scalars(sa.select(RoundResponse.ballot)).all()
        submissions = db.session.scalars(sa.select(RoundResponse.submission_id)).all()
    assert not any(b in text for b in ballots)
    assert not any(s in text for s in submissions)


def test_a_ballot_names_nobody_without_the_ballot_key(app, client, group):
    assert send(client, group["tokens"][0], full_answer(group)).status_code == 201
    with app.app_context():
        stored = db.session.scalar(sa.select(RoundResponse)).ballot
        member = db.session.scalar(sa.select(Member).where(Member.number == 1)).id
    plain = f"ballot:{member}:{group['round']}".encode()
    assert stored != hashlib.sha256(plain).hexdigest()
    assert stored == ballot(app.config["BALLOT_KEY"].encode(), member, group["round"])
    assert stored != ballot(b"another key altogether", member, group["round"])


def test_a_new_secret_key_does_not_count_a_member_twice(app, client, group):
    token = group["tokens"][0]
    assert send(client, token, full_answer(group, taken_seriously=1)).status_code == 201
    old = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "a-rotated-secret-key-0123456789"
    try:
        assert send(client, token, full_answer(group, taken_seriously=4)).status_code == 201
    finally:
        app.config["SECRET_KEY"] = old
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RoundResponse)) == 1


def test_another_member_reusing_an_id_is_a_conflict_not_a_duplicate(app, client, group):
    sent = full_answer(group)
    assert send(client, group["tokens"][0], sent).status_code == 201
    reply = send(client, group["tokens"][1], sent)
    assert reply.status_code == 409 and reply.get_json()["error"] == "conflict"
    assert rounds_of(client, group["tokens"][1])[0]["answer"] is None


@pytest.mark.parametrize("scope", ["group:\u00b2", "group:99999999999999999999", "group:0"])
def test_odd_group_ids_are_not_found_never_a_crash(app, client, group, staff_token, scope):
    headers = bearer(staff_token["admin"])
    assert (
        client.get("/api/v1/summary", query_string={"scope": scope}, headers=headers).status_code
        == 404
    )
    reply = client.get("/api/v1/comments", query_string={"scope": scope}, headers=headers)
    assert reply.status_code == 404
    watcher = live_client(app, staff_token["admin"])
    assert subscribe(watcher, scope=scope)["error"] == "not_found"


def test_idea_words_live_only_as_comments_and_go_with_retention(app, client, group):
    token = group["tokens"][0]
    assert send(client, token, answer(group, own_idea="Kvällstider för unga")).status_code == 201
    with app.app_context():
        stored = db.session.scalar(sa.select(RoundResponse)).answers
    assert "Kvällstider" not in json.dumps(stored, ensure_ascii=False)
    assert rounds_of(client, token)[0]["answer"]["answers"] == [
        {"question": "own_idea", "value": "Kvällstider för unga"}
    ]
    with app.app_context():
        purge_old_text(db.session, 1, region_today() + timedelta(days=5))
        db.session.commit()
    assert rounds_of(client, token)[0]["answer"]["answers"] == []


def test_closing_a_round_cuts_the_thread_from_answers_to_ideas(app, client, group):
    five_answers(client, group)
    send(client, group["tokens"][0], full_answer(group, own_idea="Kvällstider för unga"))
    with app.app_context():
        close_round(db.session, db.session.get(Round, group["round"]), region_today())
        db.session.commit()
        rows = db.session.scalars(sa.select(RoundResponse)).all()
        assert all(row.comment_ids == {} for row in rows)
        assert not any("comment" in a for row in rows for a in row.answers)
        assert db.session.scalar(sa.select(Comment.text)) == "Kvällstider för unga"
    result = rounds_of(client, group["tokens"][0])[0]["result"]
    assert result["questions"]["youth-consultation/own_idea"]["n"] == 1


TEXT_AND_VOTE = """
key: youth-open
audience: age_13_17
channel: youth
title: {sv: "Öppna frågor"}
questions:
  - {key: own_idea, type: idea, area: participation, text: {sv: "Din idé"}}
  - {key: anything_else, type: text, area: participation, text: {sv: "Något mer?"}}
  - {key: group_ideas, type: vote, area: participation, text: {sv: "Gruppens idéer"}}
"""


def test_answers_to_text_questions_are_never_put_to_the_vote(app, client, group):
    with app.app_context():
        version, _ = publish(db.session, load_yaml(TEXT_AND_VOTE))
        round_ = open_round(
            db.session,
            db.session.get(YouthGroup, group["id"]),
            version,
            region_today(),
            region_today(),
        )
        db.session.commit()
        other = {**group, "round": round_.id, "flow": "youth-open", "version": version.number}
    token = group["tokens"][0]
    reply = send(client, token, answer(other, own_idea="En idé", anything_else="Privat"))
    assert reply.status_code == 201
    with app.app_context():
        for comment in db.session.scalars(sa.select(Comment)):
            comment.status = "approved"
        db.session.commit()
    flow = next(r for r in rounds_of(client, token) if r["id"] == other["round"])["flow"]
    offered = [o["label"] for o in flow["questions"][2]["options"]]
    assert offered == [{"sv": "En idé"}]


# --- staff: the group: scope, live --------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"), [("admin", True), ("programme", True), ("unit", False)]
)
def test_group_results_are_for_programme_staff(client, group, staff_token, role, allowed):
    reply = client.get(
        f"/api/v1/summary?scope=group:{group['id']}", headers=bearer(staff_token[role])
    )
    assert reply.status_code == (200 if allowed else 403)


def test_an_unknown_group_is_not_found(client, group, staff_token):
    for scope in ("group:999999", "group:abc"):
        reply = client.get(f"/api/v1/summary?scope={scope}", headers=bearer(staff_token["admin"]))
        assert reply.status_code == 404


def test_round_results_arrive_live(app, client, group, staff_token):
    watcher = live_client(app, staff_token["programme"])
    first = subscribe(watcher, scope=f"group:{group['id']}")
    assert first["scope"] == f"group:{group['id']}" and first["round"] == group["round"]
    assert first["suppressed"] is True
    five_answers(client, group)
    latest = None
    for _ in range(20):
        pushed = events(watcher, "summary", timeout=0.5)
        latest = pushed[-1] if pushed else latest
        if latest and latest["total"] == 5:
            break
    assert latest["total"] == 5 and latest["seq"] > first["seq"]
    assert latest["questions"]["youth-consultation/taken_seriously"]["counts"] == {"3": 5}


def test_unit_staff_cannot_subscribe_to_a_group(app, group, staff_token):
    watcher = live_client(app, staff_token["unit"])
    assert subscribe(watcher, scope=f"group:{group['id']}") == {
        "error": "forbidden",
        "message": "this scope is not yours to see",
    }


def test_group_ideas_are_moderated_through_the_comments_api(app, client, group, staff_token):
    send(client, group["tokens"][0], answer(group, own_idea="Boka tider i en app"))
    reply = client.get(
        f"/api/v1/comments?scope=group:{group['id']}&status=pending",
        headers=bearer(staff_token["programme"]),
    )
    comments = reply.get_json()["comments"]
    assert [(c["text"], c["group"], c["unit"]) for c in comments] == [
        ("Boka tider i en app", group["id"], None)
    ]
    reply = client.get(
        f"/api/v1/comments?scope=group:{group['id']}", headers=bearer(staff_token["unit"])
    )
    assert reply.status_code == 403


# --- commands -------------------------------------------------------------------


def test_create_youth_group_prints_links_that_work(app, runner, client):
    result = runner.invoke(
        args=["create-youth-group", "Referensgruppen", "--members", "3", "--open-round", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["links"]) == 3 and data["round"]
    token = data["links"][0].rsplit("/y/", 1)[1]
    rounds = rounds_of(client, token)
    assert rounds[0]["id"] == data["round"]
    assert rounds[0]["closes_on"] == (region_today() + timedelta(days=14)).isoformat()
    again = runner.invoke(
        args=["create-youth-group", "Referensgruppen", "--members", "3", "--json"]
    )
    assert again.exit_code == 1 and "already exists" in json.loads(again.output)["error"]


@pytest.mark.parametrize("members", ["0", "201", "many"])
def test_create_youth_group_refuses_odd_sizes(runner, members):
    result = runner.invoke(args=["create-youth-group", "G", "--members", members, "--json"])
    assert result.exit_code != 0
    with runner.app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(YouthGroup)) == 0


def test_close_round_refuses_an_id_beyond_any_round(runner):
    result = runner.invoke(args=["close-round", "99999999999999999999", "--json"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_close_round_closes_it(app, runner, client, group):
    result = runner.invoke(args=["close-round", str(group["round"]), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["status"] == "closed"
    assert rounds_of(client, group["tokens"][0])[0]["status"] == "closed"
    missing = runner.invoke(args=["close-round", "999999", "--json"])
    assert missing.exit_code == 1 and "no youth round" in json.loads(missing.output)["error"]
