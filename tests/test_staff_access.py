"""Who may see and do what: every staff page, API endpoint and live event, per role."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, make_response, region_today, sign_in
from waitingroom.comments.models import Comment
from waitingroom.extensions import db
from waitingroom.units.models import Kiosk, Unit

ROLES = ("anonymous", "other", "unit", "reviewer", "programme", "admin")


@pytest.fixture
def world(app, client, auth, flows, staff):
    """Comments in both units (one quarantined in TEST-UNIT) and both units' kiosks."""
    with app.app_context():
        units = {u.code: u.id for u in db.session.scalars(sa.select(Unit))}
        made = {}
        for name, unit, status, concern in [
            ("mine", "TEST-UNIT", "pending", None),
            ("theirs", "OTHER-UNIT", "pending", None),
            ("flagged", "TEST-UNIT", "flagged", "self_harm"),
        ]:
            comment = Comment(
                unit_id=units[unit],
                day=region_today(),
                flow="visit-8-12",
                question="comment",
                audience="age_8_12",
                locale="sv",
                text="Väntrummet var kallt",
                status=status,
                concern=concern,
            )
            db.session.add(comment)
            db.session.flush()
            made[name] = comment.id
        made["kiosk"] = db.session.scalar(sa.select(Kiosk.id))
        db.session.commit()
        return made


def as_role(client, staff, role):
    if role != "anonymous":
        assert sign_in(client, staff[role]).status_code == 302
    return client


# (method, path, {role: expected status}); a path may name {mine}, {theirs}, {flagged}, {kiosk}.
PAGES = [
    (
        "GET",
        "/staff/live",
        {"other": 200, "unit": 200, "reviewer": 200, "programme": 200, "admin": 200},
    ),
    ("GET", "/staff/kiosks", dict.fromkeys(ROLES[1:], 200)),
    ("GET", "/staff/kiosks.json", dict.fromkeys(ROLES[1:], 200)),
    ("GET", "/staff/comments", dict.fromkeys(ROLES[1:], 200)),
    (
        "GET",
        "/staff/comments?scope=unit:OTHER-UNIT",
        {"other": 200, "unit": 403, "reviewer": 403, "programme": 200, "admin": 200},
    ),
    (
        "GET",
        "/staff/safeguarding",
        {"other": 403, "unit": 403, "reviewer": 200, "programme": 200, "admin": 200},
    ),
    (
        "GET",
        "/staff/audit",
        {"other": 403, "unit": 403, "reviewer": 403, "programme": 403, "admin": 200},
    ),
    (
        "POST",
        "/staff/comments/{mine}/moderate",
        {"other": 403, "unit": 302, "reviewer": 302, "programme": 302, "admin": 302},
    ),
    (
        "POST",
        "/staff/comments/{flagged}/moderate",
        {"other": 403, "unit": 403, "reviewer": 403, "programme": 403, "admin": 403},
    ),
    (
        "POST",
        "/staff/safeguarding/{flagged}/decide",
        {"other": 403, "unit": 403, "reviewer": 302, "programme": 302, "admin": 302},
    ),
    (
        "POST",
        "/staff/kiosks/{kiosk}/revoke",
        {"other": 403, "unit": 403, "reviewer": 403, "programme": 302, "admin": 302},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "expected"), PAGES, ids=lambda v: str(v)[:40])
def test_staff_pages_by_role(client, staff, world, role, method, path, expected):
    as_role(client, staff, role)
    url = path.format(**world)
    data = {"action": "approve", "decision": "no_action"} if method == "POST" else None
    reply = client.open(url, method=method, data=data)
    if role == "anonymous":
        assert reply.status_code == 302 and "/auth/login" in reply.headers["Location"]
    else:
        assert reply.status_code == expected[role], (role, url)


API = [
    (
        "/api/v1/summary?scope=unit:TEST-UNIT",
        {"other": 403, "unit": 200, "reviewer": 200, "programme": 200, "admin": 200},
    ),
    (
        "/api/v1/summary?scope=region",
        {"other": 403, "unit": 403, "reviewer": 403, "programme": 200, "admin": 200},
    ),
    (
        "/api/v1/summary?scope=administration:Testsjukhuset",
        {"other": 403, "unit": 403, "reviewer": 403, "programme": 200, "admin": 200},
    ),
    (
        "/api/v1/comments?scope=unit:TEST-UNIT&status=pending",
        {"other": 403, "unit": 200, "reviewer": 200, "programme": 200, "admin": 200},
    ),
    (
        "/api/v1/comments?scope=unit:TEST-UNIT&status=flagged",
        {"other": 403, "unit": 403, "reviewer": 200, "programme": 200, "admin": 200},
    ),
    (
        "/api/v1/comments?scope=unit:OTHER-UNIT&status=pending",
        {"other": 200, "unit": 403, "reviewer": 403, "programme": 200, "admin": 200},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "expected"), API, ids=lambda v: str(v)[:50])
def test_api_by_role(client, staff_token, world, role, path, expected):
    headers = {} if role == "anonymous" else {"Authorization": f"Bearer {staff_token[role]}"}
    reply = client.get(path, headers=headers)
    assert reply.status_code == (401 if role == "anonymous" else expected[role]), (role, path)
    assert reply.is_json


def test_a_kiosk_token_cannot_read_staff_data(client, auth, world):
    reply = client.get("/api/v1/summary?scope=unit:TEST-UNIT", headers=auth)
    assert reply.status_code == 403 and reply.get_json()["error"] == "forbidden"


def test_a_staff_token_cannot_post_responses(client, flows, staff_token):
    definition, version = flows["age_4_7"]
    reply = client.post(
        "/api/v1/responses",
        json=make_response(definition, version),
        headers={"Authorization": f"Bearer {staff_token['admin']}"},
    )
    assert reply.status_code == 401


def test_the_session_reads_the_api_too(client, staff, world):
    sign_in(client, staff["unit"])
    assert client.get("/api/v1/summary?scope=unit:TEST-UNIT").status_code == 200
    assert client.get("/api/v1/summary?scope=unit:OTHER-UNIT").status_code == 403


def test_flagged_comments_never_reach_the_moderation_queue(client, staff, world):
    sign_in(client, staff["admin"])
    reply = client.get("/api/v1/comments?scope=region&status=pending")
    ids = {c["id"] for c in reply.get_json()["comments"]}
    assert world["flagged"] not in ids and world["mine"] in ids
    page = client.get("/staff/comments").get_data(as_text=True)
    assert f"/staff/comments/{world['flagged']}/" not in page


def test_wrong_passwords_are_throttled(client, staff):
    for _ in range(5):
        assert sign_in(client, staff["unit"], "wrong password!").status_code == 401
    locked = sign_in(client, staff["unit"])
    assert locked.status_code == 429
    assert "15" in locked.get_data(as_text=True)


def test_an_unknown_email_is_refused_like_a_wrong_password(client, staff):
    reply = sign_in(client, "nobody@test.se")
    assert reply.status_code == 401


def test_login_redirects_only_within_the_site(client, staff):
    reply = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": staff["admin"], "password": PASSWORD},
    )
    assert reply.headers["Location"].endswith("/staff/live")
    reply = client.post(
        "/auth/login?next=/staff/kiosks", data={"email": staff["admin"], "password": PASSWORD}
    )
    assert reply.headers["Location"].endswith("/staff/kiosks")


def test_forms_need_a_csrf_token(app, client, staff, world):
    sign_in(client, staff["admin"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        reply = client.post(f"/staff/comments/{world['mine']}/moderate", data={"action": "hide"})
        assert reply.status_code == 400
        login = client.post("/auth/login", data={"email": staff["admin"], "password": PASSWORD})
        assert login.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        assert db.session.get(Comment, world["mine"]).status == "pending"


def test_moderation_and_decisions_are_audited(app, client, staff, world):
    sign_in(client, staff["reviewer"])
    client.post(f"/staff/comments/{world['mine']}/moderate", data={"action": "hide"})
    client.post(
        f"/staff/safeguarding/{world['flagged']}/decide",
        data={"decision": "reported", "note": "Called Anna on 070-123 45 67"},
    )
    from waitingroom.audit import AuditEntry

    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == ["comment.hide", "safeguarding.reported"]
        assert all(e.actor == staff["reviewer"] for e in entries)
        assert "070" not in entries[1].detail
        flagged = db.session.get(Comment, world["flagged"])
        assert flagged.decision == "reported" and flagged.status == "flagged"


def test_a_released_concern_goes_to_the_ordinary_queue(app, client, staff, world):
    sign_in(client, staff["programme"])
    client.post(f"/staff/safeguarding/{world['flagged']}/decide", data={"decision": "release"})
    with app.app_context():
        assert db.session.get(Comment, world["flagged"]).status == "flagged"  # no text given
    client.post(
        f"/staff/safeguarding/{world['flagged']}/decide",
        data={"decision": "release", "redacted": "Väntrummet var kallt, ring 070-1234567"},
    )
    with app.app_context():
        released = db.session.get(Comment, world["flagged"])
        assert released.status == "pending"
        assert "070" not in released.text and "kallt" in released.text
    again = client.post(
        f"/staff/safeguarding/{world['flagged']}/decide", data={"decision": "no_action"}
    )
    assert again.status_code == 302
    with app.app_context():
        assert db.session.get(Comment, world["flagged"]).decision == "release"


def test_a_nul_in_the_login_is_refused_cleanly(client, staff):
    reply = client.post("/auth/login", data={"email": "admin@test.se\x00", "password": "x\x00"})
    assert reply.status_code in (400, 401)


def test_the_bare_address_leads_staff_to_sign_in_and_then_to_the_live_view(client, staff):
    reply = client.get("/", follow_redirects=True)
    assert reply.status_code == 200 and reply.request.path == "/auth/login"
    as_role(client, staff, "admin")
    reply = client.get("/", follow_redirects=True)
    assert reply.status_code == 200 and reply.request.path == "/staff/live"
