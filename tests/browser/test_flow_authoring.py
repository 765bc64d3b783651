"""Staff publish a flow while a child is answering it; staff preview a draft on the kiosk app."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.browser.steps import answer_every_question, open_kiosk, wait_for
from tests.browser.test_staff_live import sign_in

pytestmark = pytest.mark.browser

UNIT = "NH-ANGERED"
FLOW = "visit-relative"


def answers_on_version(live_server, key: str, number: int) -> int:
    query = sa.text(
        "SELECT count(*) FROM response r JOIN unit u ON u.id = r.unit_id"
        " JOIN flow_version v ON v.id = r.flow_version_id JOIN flow f ON f.id = v.flow_id"
        " WHERE u.code = :unit AND f.key = :key AND v.number = :number"
    )
    with live_server["engine"].connect() as connection:
        return connection.execute(
            query, {"unit": UNIT, "key": key, "number": number}
        ).scalar_one()


def latest_number(live_server, key: str) -> int:
    query = sa.text(
        "SELECT max(v.number) FROM flow_version v JOIN flow f ON f.id = v.flow_id WHERE f.key = :key"
    )
    with live_server["engine"].connect() as connection:
        return connection.execute(query, {"key": key}).scalar_one()


def open_draft(page, base: str, key: str) -> None:
    """From the list of flows: "Edit" (a new draft) or "Continue the draft"."""
    page.goto(f"{base}/staff/flows")
    page.locator(f'tr[data-flow="{key}"] td:last-child .btn').click()
    page.wait_for_url(f"**/staff/flows/{key}/draft")


def test_a_publish_mid_flow_lets_the_child_finish_and_the_next_child_gets_it(
    browser, context, live_server
):
    base = live_server["url"]
    old = latest_number(live_server, FLOW)
    old_answers = answers_on_version(live_server, FLOW, old)

    tablet = open_kiosk(context, live_server, UNIT)
    tablet.evaluate("window.__sameLoad = true")
    tablet.locator('[data-action="start"]').first.click()
    tablet.locator('[data-locale="sv"]').click()
    tablet.locator('[data-audience="relative"]').click()
    tablet.wait_for_selector('[data-screen="question"]')
    first = tablet.locator('[data-screen="question"]').get_attribute("data-question")
    first_text = tablet.locator("#screen h1").inner_text()
    tablet.locator(f'[data-screen="question"] [data-question="{first}"][data-value]').first.click()
    tablet.wait_for_function(
        "q => document.querySelector('[data-screen]').dataset.question !== q", arg=first
    )
    # The child fidgets while staff publish: no "are you still there?" in the meantime.
    tablet.evaluate(
        "window.__fidget = setInterval(() => document.dispatchEvent(new Event('pointerdown')), 1000)"
    )

    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        desk = staff.new_page()
        sign_in(desk, base, "admin@demo.test")
        open_draft(desk, base, FLOW)
        desk.locator(f'[data-question="{first}"] a.btn').click()
        new_text = f"{first_text} (ny version)"
        desk.fill("#text_sv", new_text)
        desk.locator('button[value="save"]').click()
        desk.wait_for_selector(".flash")
        desk.goto(f"{base}/staff/flows/{FLOW}/draft")
        with tablet.expect_response("**/api/v1/kiosk/config"):
            desk.locator('form[action$="/draft/publish"] button').click()
        desk.wait_for_selector(f'tr[data-flow="{FLOW}"] [data-version="{old + 1}"]')
    finally:
        staff.close()

    tablet.evaluate("clearInterval(window.__fidget)")
    # The child goes on with the questions they began with, and finishes.
    assert tablet.locator('[data-screen="question"]').count() == 1
    answer_every_question(tablet)
    assert wait_for(lambda: answers_on_version(live_server, FLOW, old) == old_answers + 1)
    assert answers_on_version(live_server, FLOW, old + 1) == 0

    # The next family gets the new version, on the same page load.
    tablet.wait_for_selector('[data-screen="attract"]', timeout=30000)
    tablet.locator('[data-action="start"]').first.click()
    tablet.locator('[data-locale="sv"]').click()
    tablet.locator('[data-audience="relative"]').click()
    tablet.wait_for_selector('[data-screen="question"]')
    assert tablet.locator("#screen h1").inner_text() == new_text
    answer_every_question(tablet)
    assert wait_for(lambda: answers_on_version(live_server, FLOW, old + 1) == 1)
    assert answers_on_version(live_server, FLOW, old) == old_answers + 1
    assert tablet.evaluate("window.__sameLoad === true"), "the tablet never reloaded"


def test_the_preview_shows_the_draft_and_sends_nothing(context, live_server, count_responses):
    base = live_server["url"]
    page = context.new_page()
    sign_in(page, base, "programme@demo.test")
    open_draft(page, base, "visit-8-12")
    page.locator("[data-question] a.btn").first.click()
    page.fill("#text_sv", "Hur var det att vänta, i förhandsvisningen?")
    page.locator('button[value="save"]').click()
    page.wait_for_selector(".flash")
    page.goto(f"{base}/staff/flows/visit-8-12/draft")

    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    before = sum(count_responses(k["unit"]) for k in live_server["kiosks"])
    page.locator('a[href$="/draft/preview"]').click()
    page.wait_for_selector('[data-screen="attract"]')
    page.locator('[data-action="start"]').first.click()
    page.locator('[data-locale="ar"]').click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator('[data-audience="age_8_12"]').click()
    page.wait_for_selector('[data-screen="question"]')
    answer_every_question(page)
    page.wait_for_selector('[data-screen="thanks"]')
    page.wait_for_timeout(3000)

    sent = [url for url in asked if "/api/" in url or "/socket.io/" in url]
    assert sent == [], "the preview sends nothing"
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    assert page.evaluate("localStorage.length") == 0
    assert sum(count_responses(k["unit"]) for k in live_server["kiosks"]) == before

    # In Swedish, the draft's words, not the published ones.
    page.goto(f"{base}/staff/flows/visit-8-12/draft/preview")
    page.locator('[data-action="start"]').first.click()
    page.locator('[data-locale="sv"]').click()
    page.locator('[data-audience="age_8_12"]').click()
    page.wait_for_selector('[data-screen="question"]')
    assert page.locator("#screen h1").inner_text() == "Hur var det att vänta, i förhandsvisningen?"
