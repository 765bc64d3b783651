""" "You said, we did": posts as stored, as tablets and the youth group receive them,
and the live nudge that makes tablets show a change without a reload."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import sign_in
from tests.test_live import events, kiosk_client
from tests.test_youth import bearer
from waitingroom.extensions import db
from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.posts import services
from waitingroom.posts.models import Post
from waitingroom.posts.services import PostError, PostText
from waitingroom.responses.subscriptions import today_in
from waitingroom.units.models import Unit
from waitingroom.units.services import create_unit, enroll_kiosk

TOYS = {
    "sv": ("Fler leksaker", "Ni sa att det var tråkigt att vänta. Nu finns det fler leksaker."),
    "ar": ("ألعاب أكثر", "قلتم إن الانتظار ممل. الآن توجد ألعاب أكثر."),
}


def _today(app):
    return today_in(app.config["TIMEZONE"])


def unit_id(code: str = "TEST-UNIT") -> int:
    return db.session.scalar(sa.select(Unit.id).where(Unit.code == code))


def write(app, unit: int | None, status="done", state="published", days_ago=0, **changes):
    """Store a post directly, as staff would have, and return its id."""
    today = _today(app)
    texts = changes.pop("texts", TOYS)
    text = PostText(
        unit_id=unit,
        status=status,
        pictogram=changes.pop("pictogram", "pictograms/toys"),
        day=today - timedelta(days=days_ago),
        youth=changes.pop("youth", False),
        title={code: pair[0] for code, pair in texts.items()},
        body={code: pair[1] for code, pair in texts.items()},
        reason=changes.pop("reason", {}),
    )
    post = services.save(db.session, None, text, today)
    if state == "published":
        services.publish(post, today)
    elif state == "withdrawn":
        services.withdraw(post, today)
    db.session.commit()
    return post.id


@pytest.fixture
def other_unit(app, kiosk):
    """A second unit with its own tablet; returns that tablet's token."""
    with app.app_context():
        create_unit(db.session, "OTHER-UNIT", "Andra mottagningen", "Annat sjukhus", [])
        _, token = enroll_kiosk(db.session, "OTHER-UNIT", "entrance")
        db.session.commit()
    return token


def config_posts(client, token) -> list[dict]:
    reply = client.get("/api/v1/kiosk/config", headers=bearer(token))
    assert reply.status_code == 200
    return reply.get_json()["posts"]


# --- what staff may store ---------------------------------------------------


def test_a_post_needs_its_swedish_title_and_text(app, kiosk):
    with app.app_context():
        with pytest.raises(PostError) as missing:
            write(app, unit_id(), texts={"ar": TOYS["ar"]})
        assert missing.value.code == "title_missing" and missing.value.field == "title_sv"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 0


def test_cant_do_needs_a_reason_children_are_told(app, kiosk):
    with app.app_context():
        with pytest.raises(PostError) as missing:
            write(app, unit_id(), status="cant_do")
        assert missing.value.code == "reason_missing"
        with pytest.raises(PostError) as partial:
            write(app, unit_id(), status="cant_do", reason={"sv": "Rummet behövs för vård."})
        # Arabic has a title and a text but no reason: the card would mix two languages.
        assert partial.value.code == "partial" and partial.value.field == "reason_ar"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"status": "maybe"}, "status"),
        ({"pictogram": "../../secret"}, "pictogram"),
        ({"pictogram": "pictograms/unicorn"}, "pictogram"),
        ({"texts": {"sv": ("x" * 81, "text")}}, "title_long"),
        ({"texts": {"sv": ("Titel", "x" * 401)}}, "body_long"),
        ({"texts": {"sv": ("Titel", "bra\x00")}}, "plain_text"),
        ({"texts": {"sv": ("Titel", "text"), "xx": ("a", "b")}}, "language"),
        ({"days_ago": -1}, "day"),
    ],
)
def test_bad_posts_are_refused_with_a_reason(app, kiosk, changes, code):
    with app.app_context():
        with pytest.raises(PostError) as refused:
            write(app, unit_id(), **changes)
        assert refused.value.code == code


def test_personal_data_in_a_post_is_scrubbed(app, kiosk):
    with app.app_context():
        texts = {"sv": ("Ring oss", "Ring Anna på 070-123 45 67 om du undrar något.")}
        post = db.session.get(Post, write(app, unit_id(), texts=texts))
        assert "070" not in post.body["sv"] and "[" in post.body["sv"]


def test_only_pictures_that_exist_can_be_chosen(app):
    names = services.pictograms()
    assert "pictograms/toys" in names and "faces/happy" in names
    assert all("/" in name and ".." not in name for name in names)


# --- what a tablet receives ---------------------------------------------------


def test_a_tablet_gets_its_units_and_the_regions_posts_newest_first(app, client, kiosk, other_unit):
    with app.app_context():
        mine = write(app, unit_id(), days_ago=3)
        region = write(app, None, status="in_progress", days_ago=1)
        write(app, unit_id("OTHER-UNIT"))
        write(app, unit_id(), state="draft")
        write(app, unit_id(), state="withdrawn")
    posts = config_posts(client, kiosk)
    assert [p["id"] for p in posts] == [region, mine]
    assert posts[0]["unit"] is None and posts[1]["unit"] == "TEST-UNIT"
    assert posts[0]["status"] == "in_progress" and posts[1]["pictogram"] == "pictograms/toys"


def test_every_language_has_a_text_with_swedish_where_none_was_written(app, client, kiosk):
    with app.app_context():
        write(app, unit_id())
    (post,) = config_posts(client, kiosk)
    assert set(post["title"]) == set(SHIPPED_LOCALES) == set(post["body"])
    assert post["title"]["ar"] == "ألعاب أكثر"
    assert post["title"]["en"] == "Fler leksaker"  # no English written: Swedish, never blank
    assert all(post["body"].values())
    assert post["languages"] == ["sv", "ar"]
    assert post["reason"] is None


def test_a_cant_do_post_carries_its_reason_in_every_language(app, client, kiosk):
    reason = {"sv": "Rummet behövs för vård.", "ar": "الغرفة مطلوبة للعلاج."}
    with app.app_context():
        write(app, unit_id(), status="cant_do", reason=reason)
    (post,) = config_posts(client, kiosk)
    assert post["status"] == "cant_do"
    assert post["reason"]["ar"] == reason["ar"] and post["reason"]["fa"] == reason["sv"]


def test_a_tablet_gets_a_few_posts_not_all(app, client, kiosk):
    with app.app_context():
        for days_ago in range(services.KIOSK_POSTS + 3):
            write(app, unit_id(), days_ago=days_ago)
    assert len(config_posts(client, kiosk)) == services.KIOSK_POSTS


def test_posts_have_the_shape_the_openapi_document_promises(app, client, kiosk):
    from waitingroom.api.openapi import openapi_document

    with app.app_context():
        write(app, unit_id(), status="cant_do", reason={"sv": "För litet.", "ar": "صغير جدًا."})
    document = openapi_document()
    schema = document["components"]["schemas"]["Post"]
    config = document["components"]["schemas"]["KioskConfig"]["properties"]["posts"]
    assert config["items"] == {"$ref": "#/components/schemas/Post"}
    (post,) = config_posts(client, kiosk)
    assert set(post) == set(schema["properties"]) == set(schema["required"])
    assert post["status"] in schema["properties"]["status"]["enum"]


def test_the_config_without_a_kiosk_token_is_refused(client, kiosk):
    assert client.get("/api/v1/kiosk/config").status_code == 401


# --- the youth group ----------------------------------------------------------


def test_youth_members_see_the_posts_marked_for_them(app, client, kiosk, group):
    with app.app_context():
        shown = write(app, unit_id(), youth=True)
        region = write(app, None, youth=True, days_ago=2)
        write(app, unit_id(), youth=False)
        write(app, unit_id(), youth=True, state="withdrawn")
    reply = client.get("/api/v1/youth/rounds", headers=bearer(group["tokens"][0]))
    body = reply.get_json()
    assert reply.status_code == 200 and body["rounds"]  # what was there stays there
    assert [p["id"] for p in body["posts"]] == [shown, region]
    assert body["posts"][0]["unit_name"] == "Testmottagningen"
    assert body["posts"][1]["unit"] is None


# --- live: tablets fetch their config again ----------------------------------


def test_publishing_tells_the_units_tablets_and_a_region_post_every_tablet(
    app, client, kiosk, other_unit, staff
):
    sign_in(client, staff["programme"])
    mine, other = kiosk_client(app, kiosk), kiosk_client(app, other_unit)
    with app.app_context():
        draft = write(app, unit_id(), state="draft")
        region = write(app, None, state="draft")
    assert client.post(f"/staff/posts/{draft}/publish").status_code == 302
    assert events(mine, "config_changed", namespace="/kiosk") == [{}]
    assert events(other, "config_changed", timeout=0.3, namespace="/kiosk") == []
    assert client.post(f"/staff/posts/{region}/publish").status_code == 302
    assert events(mine, "config_changed", namespace="/kiosk") == [{}]
    assert events(other, "config_changed", namespace="/kiosk") == [{}]
    assert client.post(f"/staff/posts/{draft}/withdraw").status_code == 302
    assert events(mine, "config_changed", namespace="/kiosk") == [{}]
    assert events(other, "config_changed", timeout=0.3, namespace="/kiosk") == []
    assert [p["id"] for p in config_posts(client, kiosk)] == [region]


# --- the demo region ------------------------------------------------------------


def test_the_demo_has_a_done_an_in_progress_and_a_cant_do_post_once(app, runner):
    from tests.test_cli import run_json

    first, data = run_json(runner, "seed-demo")
    assert first.exit_code == 0 and data["posts"] == 3
    second, again = run_json(runner, "seed-demo")
    assert second.exit_code == 0 and again["posts"] == 0
    with app.app_context():
        stored = list(db.session.scalars(sa.select(Post)))
        assert sorted(p.status for p in stored) == ["cant_do", "done", "in_progress"]
        assert all(p.state == "published" for p in stored)
        cant_do = next(p for p in stored if p.status == "cant_do")
        assert cant_do.reason["sv"] and cant_do.reason["ar"]
