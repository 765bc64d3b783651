"""A youth group member's page, /y/<token>: working, unknown, expired and revoked links."""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta

import pytest

from waitingroom.extensions import db
from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.responses.subscriptions import today_in
from waitingroom.youth.links import create_group, find_member, revoke
from waitingroom.youth.rounds import open_default_round


@pytest.fixture
def links(app):
    """A group of three members with an open round: [working, expired, revoked] tokens."""
    with app.app_context():
        today = today_in(app.config["TIMEZONE"])
        group, tokens = create_group(db.session, "Testrådet", 3, today)
        open_default_round(db.session, group, today)
        find_member(db.session, tokens[1]).expires_on = today - timedelta(days=1)
        revoke(find_member(db.session, tokens[2]))
        db.session.commit()
    return tokens


def _strings(html: str) -> dict:
    blob = re.search(r'<script type="application/json" id="youth-strings">(.*?)</script>', html, re.S)
    return json.loads(blob.group(1))


def test_a_member_opens_their_page_in_swedish_by_default(client, links):
    reply = client.get(f"/y/{links[0]}")
    assert reply.status_code == 200
    html = reply.get_data(as_text=True)
    assert re.search(r'<html lang="sv" dir="ltr"', html)
    assert f'data-token="{links[0]}"' in html
    assert 'data-rounds-url="/api/v1/youth/rounds"' in html
    assert _strings(html)["skip"] == "Hoppa över frågan"


@pytest.mark.parametrize(("code", "skip"), [("ar", "تخطَّ هذا السؤال"), ("fa", "رد شدن از این پرسش")])
def test_the_page_is_right_to_left_in_arabic_and_persian(client, links, code, skip):
    html = client.get(f"/y/{links[0]}?lang={code}").get_data(as_text=True)
    assert f'<html lang="{code}" dir="rtl"' in html
    assert _strings(html)["skip"] == skip


def test_the_browser_language_is_used_unless_the_link_names_one(client, links):
    english = client.get(f"/y/{links[0]}", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en" dir="ltr"' in english.get_data(as_text=True)
    chosen = client.get(f"/y/{links[0]}?lang=ar", headers={"Accept-Language": "en"})
    assert '<html lang="ar" dir="rtl"' in chosen.get_data(as_text=True)
    unknown = client.get(f"/y/{links[0]}?lang=xx", headers={"Accept-Language": "de"})
    assert '<html lang="sv" dir="ltr"' in unknown.get_data(as_text=True)


def test_the_language_picker_keeps_the_link_and_names_languages_in_themselves(client, links):
    html = client.get(f"/y/{links[0]}?lang=ar").get_data(as_text=True)
    pickers = dict(re.findall(r'<a href="([^"]+)" data-locale="(\w+)"', html))
    assert set(pickers.values()) == set(SHIPPED_LOCALES)
    assert all(re.fullmatch(r"\?lang=\w+", href) for href in pickers)  # same path, same token
    assert re.search(r'data-locale="ar"[^>]*aria-current="true"[^>]*>العربية</a>', html)
    assert re.search(r'data-locale="sv"[^>]*>svenska</a>', html)


def test_an_unknown_link_says_it_does_not_work(client, links):
    reply = client.get("/y/not-a-real-link?lang=en")
    assert reply.status_code == 404
    html = reply.get_data(as_text=True)
    assert "This link does not work" in html
    assert "data-token" not in html and "not-a-real-link" not in html


@pytest.mark.parametrize(("member", "heading"), [(1, "This link has expired"), (2, "no longer works")])
def test_an_expired_or_revoked_link_asks_for_a_new_one(client, links, member, heading):
    reply = client.get(f"/y/{links[member]}?lang=en")
    assert reply.status_code == 410
    html = reply.get_data(as_text=True)
    assert heading in html and "Ask the staff of your youth group for a new link" in html
    assert links[member] not in html


def test_no_cookie_is_set_and_nothing_is_stored_by_caches(client, links):
    for path in (f"/y/{links[0]}", f"/y/{links[0]}?lang=ar", "/y/unknown", f"/y/{links[2]}"):
        reply = client.get(path)
        assert "Set-Cookie" not in reply.headers, path
        assert reply.headers["Cache-Control"] == "no-store"
        assert reply.headers["Referrer-Policy"] == "no-referrer"


def test_the_token_appears_only_in_its_data_attribute(client, links):
    html = client.get(f"/y/{links[0]}").get_data(as_text=True)
    assert html.count(links[0]) == 1
    assert f'data-token="{links[0]}"' in html


def test_the_page_loads_nothing_from_outside_and_runs_no_inline_script(client, links):
    html = client.get(f"/y/{links[0]}").get_data(as_text=True)
    assert not re.search(r'(src|href)=["\'](https?:)?//', html)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attributes, body in scripts:
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes
        assert not body.strip() or 'type="application/json"' in attributes
    assert re.search(r'style=', html) is None


def test_the_token_is_never_logged(app, client, links, caplog):
    caplog.set_level(logging.DEBUG)
    client.get(f"/y/{links[0]}")
    client.get(f"/y/{links[2]}")
    assert not any(token in record.getMessage() for record in caplog.records for token in links)


def test_a_failure_on_the_page_logs_the_route_not_the_token(app, client, links, caplog, monkeypatch):
    def broken(*_args):
        raise RuntimeError("database away")

    monkeypatch.setattr("waitingroom.youth.routes.find_member", broken)
    # Alembic's logging setup (migrations/env.py) disables loggers that existed before it.
    monkeypatch.setattr(logging.getLogger("waitingroom.errors"), "disabled", False)
    caplog.set_level(logging.DEBUG)
    reply = client.get(f"/y/{links[0]}")
    assert reply.status_code == 500
    assert links[0] not in reply.get_data(as_text=True)
    messages = [record.getMessage() for record in caplog.records]
    assert any("/y/<token>" in message for message in messages)
    assert not any(links[0] in message for message in messages)
