"""Staff pages for "You said, we did": who may write where, the form, preview, audit."""

from __future__ import annotations

import html

import pytest
import sqlalchemy as sa

from tests.conftest import sign_in
from tests.test_posts import unit_id, write
from waitingroom.audit import AuditEntry
from waitingroom.extensions import db
from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.posts.models import Post


def form(scope: str, status="done", **texts) -> dict:
    data = {
        "scope": scope,
        "status": status,
        "pictogram": "pictograms/quiet-corner",
        "day": "2026-01-15",
        "title_sv": "Ett lugnt hörn",
        "body_sv": "Ni ville ha ett lugnt ställe att vänta på. Nu finns ett lugnt hörn.",
    }
    data.update(texts)
    return data


def scope_of(app, code: str) -> str:
    with app.app_context():
        return f"unit:{unit_id(code)}"


def posts(app) -> list[Post]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(Post).order_by(Post.id)))
        db.session.expunge_all()
        return found


def actions(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(e.action, e.detail) for e in db.session.scalars(sa.select(AuditEntry))]


@pytest.fixture
def programme(client, staff):
    sign_in(client, staff["programme"])
    return client


def test_signed_out_visitors_are_sent_to_the_login(client, staff):
    reply = client.get("/staff/posts/new")
    assert reply.status_code == 302 and "/auth/login" in reply.location


def test_programme_staff_publish_a_post_in_arabic(app, programme):
    data = form(
        scope_of(app, "TEST-UNIT"),
        title_ar="ركن هادئ",
        body_ar="أردتم مكانًا هادئًا للانتظار. الآن يوجد ركن هادئ.",
        publish="Publish",
    )
    reply = programme.post("/staff/posts/new", data=data)
    assert reply.status_code == 302 and reply.location.endswith("/staff/posts")
    (post,) = posts(app)
    assert post.state == "published" and post.title["ar"] == "ركن هادئ"
    assert actions(app) == [("post.publish", "TEST-UNIT")]
    page = programme.get("/staff/posts?lang=en").get_data(as_text=True)
    assert "Ett lugnt hörn" in page and "Published" in page


def test_a_draft_is_not_on_the_tablets_until_published(app, programme, auth):
    reply = programme.post("/staff/posts/new", data=form("region", save="Save as draft"))
    assert reply.status_code == 302
    (post,) = posts(app)
    assert post.state == "draft" and post.unit_id is None and actions(app) == []
    assert programme.get("/api/v1/kiosk/config", headers=auth).get_json()["posts"] == []
    programme.post(f"/staff/posts/{post.id}/publish")
    shown = programme.get("/api/v1/kiosk/config", headers=auth).get_json()["posts"]
    assert [p["id"] for p in shown] == [post.id]
    assert actions(app) == [("post.publish", "region")]


def test_editing_a_published_post_republishes_it_and_withdrawing_takes_it_off(app, programme, auth):
    with app.app_context():
        post_id = write(app, unit_id())
    page = programme.get(f"/staff/posts/{post_id}?lang=en").get_data(as_text=True)
    assert "Fler leksaker" in page and "Publish the changes" in page and "data-preview" in page
    changed = form(scope_of(app, "TEST-UNIT"), title_sv="Ännu fler leksaker", publish="1")
    assert programme.post(f"/staff/posts/{post_id}", data=changed).status_code == 302
    shown = programme.get("/api/v1/kiosk/config", headers=auth).get_json()["posts"]
    assert shown[0]["title"]["sv"] == "Ännu fler leksaker"
    assert programme.post(f"/staff/posts/{post_id}/withdraw").status_code == 302
    assert programme.get("/api/v1/kiosk/config", headers=auth).get_json()["posts"] == []
    assert actions(app) == [("post.publish", "changed TEST-UNIT"), ("post.withdraw", "TEST-UNIT")]


def _kiosk_word(app, code, key):
    from flask_babel import force_locale

    from waitingroom.i18n import babel_locale
    from waitingroom.kiosk.strings import KIOSK_STRINGS

    with app.test_request_context(), force_locale(babel_locale(code)):
        return str(KIOSK_STRINGS[key])


def test_the_preview_shows_the_post_as_the_tablet_will_without_saving(app, programme):
    data = form(
        scope_of(app, "TEST-UNIT"),
        status="cant_do",
        reason_sv="Rummet behövs för vård.",
        title_ar="غرفة ألعاب",
        body_ar="أردتم غرفة ألعاب.",
        reason_ar="الغرفة مطلوبة للعلاج.",
        preview="Preview",
    )
    reply = programme.post("/staff/posts/new?lang=en", data=data)
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200 and posts(app) == []
    assert 'lang="ar" dir="rtl"' in page and "الغرفة مطلوبة للعلاج." in page
    assert "img/pictograms/quiet-corner.svg" in page
    # The kiosk's own words for the status, in each language previewed.
    for code in ("sv", "ar"):
        assert html.escape(_kiosk_word(app, code, "post_cant_do")) in page
    assert "the tablets show the Swedish text" in page and "English" in page


def test_unit_staff_write_for_their_own_units(app, client, staff):
    sign_in(client, staff["unit"])
    page = client.get("/staff/posts/new").get_data(as_text=True)
    assert "Testmottagningen" in page and "Andra mottagningen" not in page
    assert 'value="region"' not in page
    reply = client.post("/staff/posts/new", data=form(scope_of(app, "TEST-UNIT"), publish="1"))
    assert reply.status_code == 302 and posts(app)[0].state == "published"


def test_unit_staff_cannot_post_for_other_units_or_the_region(app, client, staff):
    sign_in(client, staff["unit"])
    other = form(scope_of(app, "OTHER-UNIT"), publish="1")
    assert client.post("/staff/posts/new", data=other).status_code == 403
    assert client.post("/staff/posts/new", data=form("region", publish="1")).status_code == 403
    assert posts(app) == []


def test_unit_staff_cannot_touch_other_units_posts(app, client, staff):
    with app.app_context():
        theirs = write(app, unit_id("OTHER-UNIT"))
        region = write(app, None)
    sign_in(client, staff["unit"])
    for post_id in (theirs, region):
        assert client.get(f"/staff/posts/{post_id}").status_code == 403
        assert client.post(f"/staff/posts/{post_id}/withdraw").status_code == 403
        assert client.post(f"/staff/posts/{post_id}/publish").status_code == 403
    # Moving one of their own posts to another unit is refused too.
    with app.app_context():
        mine = write(app, unit_id())
    moved = form(scope_of(app, "OTHER-UNIT"), publish="1")
    assert client.post(f"/staff/posts/{mine}", data=moved).status_code == 403
    assert {p.state for p in posts(app)} == {"published"}
    page = client.get("/staff/posts").get_data(as_text=True)
    # They see the region's post (it is on their tablets), not the other unit's.
    assert page.count("data-post=") == 2 and f'data-post="{theirs}"' not in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_sv": ""}, "title_sv"),
        ({"status": "cant_do"}, "reason_sv"),
        ({"status": "sometimes"}, "status"),
        ({"pictogram": "../../etc/passwd"}, "pictogram"),
        ({"day": "2999-01-01"}, "day"),
        ({"day": "yesterday"}, "day"),
        ({"title_sv": "x" * 500}, "title_sv"),
        ({"title_en": "Only a title"}, "body_en"),
        ({"body_sv": "bad\x00text"}, "body_sv"),
        ({"scope": "unit:999999"}, "scope"),
    ],
)
def test_bad_input_gets_a_clear_error_beside_the_field(app, programme, changes, field):
    data = {**form(scope_of(app, "TEST-UNIT"), publish="1"), **changes}
    reply = programme.post("/staff/posts/new?lang=en", data=data)
    page = reply.get_data(as_text=True)
    assert reply.status_code == 422
    assert f'id="{field}-errors"' in page
    assert posts(app) == []


@pytest.mark.parametrize("scope", ["unit:abc", "unit:", "everywhere", "unit:99999999999999"])
def test_odd_scopes_are_a_400_never_a_500(app, programme, scope):
    reply = programme.post("/staff/posts/new", data=form(scope, publish="1"))
    assert reply.status_code == 400


def test_unknown_posts_are_404(programme):
    assert programme.get("/staff/posts/12345").status_code == 404
    assert programme.post("/staff/posts/12345/withdraw").status_code == 404


def test_the_form_has_a_text_box_per_shipped_language(app, programme):
    page = programme.get("/staff/posts/new").get_data(as_text=True)
    for code in SHIPPED_LOCALES:
        assert f'name="title_{code}"' in page and f'name="body_{code}"' in page
    assert 'name="title_ar"' in page and 'dir="rtl"' in page


def test_every_staff_member_finds_the_posts_in_the_menu(client, staff):
    for role in ("admin", "programme", "unit"):
        sign_in(client, staff[role])
        assert 'href="/staff/posts"' in client.get("/staff/posts").get_data(as_text=True)
        client.post("/auth/logout")
