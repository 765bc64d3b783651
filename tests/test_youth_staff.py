"""Staff pages of the youth group: links shown once, rounds, results, export, access."""

from __future__ import annotations

import csv
import io
import re

import pytest
import sqlalchemy as sa

from tests.conftest import sign_in
from tests.test_youth import bearer, five_answers, full_answer, rounds_of, send
from waitingroom.audit import AuditEntry
from waitingroom.extensions import db
from waitingroom.youth.models import Member, Round, RoundResponse, YouthGroup

LINK = re.compile(r'value="(http[^"]+/y/([^"]+))"')


def links_on(page: str) -> list[str]:
    """The tokens of the links a page shows."""
    return [token for _url, token in LINK.findall(page)]


@pytest.fixture
def programme(client, staff):
    sign_in(client, staff["programme"])
    return client


@pytest.mark.parametrize("role", ["unit", "reviewer", "other"])
def test_youth_pages_are_for_programme_staff_only(client, staff, group, role):
    sign_in(client, staff[role])
    assert client.get("/staff/youth").status_code == 403
    assert client.get(f"/staff/youth/{group['id']}").status_code == 403
    assert client.post(f"/staff/youth/rounds/{group['round']}/close").status_code == 403
    assert "/staff/youth" not in client.get("/staff/live?lang=en").get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_the_login(client, group):
    reply = client.get(f"/staff/youth/{group['id']}")
    assert reply.status_code == 302 and "/auth/login" in reply.location


def test_creating_a_group_shows_each_link_once_with_a_qr_code(app, programme):
    reply = programme.post(
        "/staff/youth", data={"name": "Ungdomsrådet 2027", "members": "3", "link_days": "90"}
    )
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "no-store"
    tokens = links_on(page)
    assert len(tokens) == 3 and page.count("<svg") == 3
    for token in tokens:
        assert programme.get("/api/v1/youth/rounds", headers=bearer(token)).status_code == 200
    group_page = programme.get("/staff/youth").get_data(as_text=True)
    assert "Ungdomsrådet 2027" in group_page and not links_on(group_page)
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEntry.action)) == "youth.group.create"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "members": "3", "link_days": "90"}, "This field is required."),
        ({"name": "G", "members": "0", "link_days": "90"}, "between 1 and 200"),
        ({"name": "G", "members": "many", "link_days": "90"}, "Not a valid integer value."),
        ({"name": "G", "members": "3", "link_days": "5000"}, "between 1 and 1095"),
    ],
)
def test_a_bad_group_form_says_what_is_wrong(app, programme, data, message):
    reply = programme.post("/staff/youth?lang=en", data=data)
    assert reply.status_code == 422 and message in reply.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(YouthGroup)) == 0


def test_a_taken_name_is_refused_and_nothing_changes(programme, group):
    reply = programme.post(
        "/staff/youth?lang=en", data={"name": "Ungdomsrådet", "members": "2", "link_days": "30"}
    )
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422 and "There is already a youth group with this name." in page
    assert (
        programme.get("/api/v1/youth/rounds", headers=bearer(group["tokens"][0])).status_code == 200
    )


def member_id(app, number: int) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Member.id).where(Member.number == number))


def test_a_lost_link_is_replaced_and_the_old_one_ends(app, programme, group):
    old = group["tokens"][2]
    assert send(programme, old, full_answer(group)).status_code == 201
    reply = programme.post(f"/staff/youth/members/{member_id(app, 3)}/reissue")
    [fresh] = links_on(reply.get_data(as_text=True))
    assert reply.headers["Cache-Control"] == "no-store"
    assert programme.get("/api/v1/youth/rounds", headers=bearer(old)).status_code == 401
    assert rounds_of(programme, fresh)[0]["answer"] is not None


def test_a_revoked_link_ends_at_once(app, programme, group):
    programme.post(f"/staff/youth/members/{member_id(app, 4)}/revoke")
    token = group["tokens"][3]
    assert programme.get("/api/v1/youth/rounds", headers=bearer(token)).status_code == 401
    page = programme.get(f"/staff/youth/{group['id']}?lang=en").get_data(as_text=True)
    assert "Revoked" in page


def test_more_members_get_new_numbers(app, programme, group):
    reply = programme.post(f"/staff/youth/{group['id']}/members?lang=en", data={"count": "2"})
    assert len(links_on(reply.get_data(as_text=True))) == 2
    assert "Member 10" in reply.get_data(as_text=True)


def test_staff_open_and_close_rounds_and_members_see_the_note(app, programme, group):
    reply = programme.post(
        f"/staff/youth/{group['id']}/rounds",
        data={
            "flow": f"{group['flow']}:{group['version']}",
            "opens_on": "2026-01-10",
            "closes_on": "2026-01-01",
        },
    )
    assert reply.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Round)) == 1
    five_answers(programme, group)
    programme.post(f"/staff/youth/rounds/{group['round']}/close")
    prefix = f"round{group['round']}-"
    programme.post(
        f"/staff/youth/rounds/{group['round']}/outcome",
        data={prefix + "text_sv": "Vi inför en kontaktperson.", prefix + "text_en": ""},
    )
    closed = rounds_of(programme, group["tokens"][6])[0]
    assert closed["status"] == "closed"
    assert closed["outcome"] == {"sv": "Vi inför en kontaktperson."}
    assert closed["result"]["total"] == 5


def test_the_results_panel_hides_small_numbers_and_names_nobody(app, programme, group):
    for token in group["tokens"][:3]:
        send(programme, token, full_answer(group))
    panel = programme.get(f"/staff/youth/{group['id']}/results?lang=en").get_data(as_text=True)
    assert "3 of 8 members have answered" in panel and "Fewer than 5 answered" in panel
    five_answers(programme, group)
    panel = programme.get(f"/staff/youth/{group['id']}/results?lang=en").get_data(as_text=True)
    assert "average place" in panel
    assert panel.count("Fewer than 5 answered") == 1  # the vote: no idea was approved yet
    with app.app_context():
        ballots = db.session.scalars(sa.select(RoundResponse.ballot)).all()
    assert not any(ballot in panel for ballot in ballots)


def test_the_export_applies_suppression_and_is_audited(app, programme, group):
    for token in group["tokens"][:3]:
        send(programme, token, full_answer(group))
    reply = programme.get(f"/staff/youth/rounds/{group['round']}/export.csv")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(reply.get_data(as_text=True))))
    assert rows and all(row["figure"] == "suppressed" and row["value"] == "" for row in rows)
    five_answers(programme, group)
    rows = list(
        csv.DictReader(
            io.StringIO(
                programme.get(f"/staff/youth/rounds/{group['round']}/export.csv").get_data(
                    as_text=True
                )
            )
        )
    )
    points = {r["option"]: r["value"] for r in rows if r["figure"] == "points"}
    assert points["shorter_waits"] == "30"
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions.count("youth.export") == 2


def test_ideas_reach_the_comments_page_under_their_group(programme, group):
    send(
        programme,
        group["tokens"][0],
        {
            **full_answer(group),
            "answers": [{"question": "own_idea", "value": "Kvällstider för unga"}],
        },
    )
    page = programme.get(f"/staff/comments?scope=group:{group['id']}").get_data(as_text=True)
    assert "Kvällstider för unga" in page and "Ungdomsrådet" in page
    everything = programme.get("/staff/comments").get_data(as_text=True)
    assert "Kvällstider för unga" in everything
