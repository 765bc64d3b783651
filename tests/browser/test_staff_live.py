"""Programme staff watch the voice of children arrive live."""

from __future__ import annotations

import re

import pytest

from tests.browser.steps import answer_every_question, open_kiosk, wait_for
from waitingroom.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base_url, email):
    page.goto(f"{base_url}/auth/login")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    page.click('[type="submit"]')
    page.wait_for_url("**/staff/live**")


def shown_total(page):
    found = re.search(r"\d+", page.locator("#total").inner_text())
    return int(found.group()) if found else None


def test_the_live_view_updates_while_a_kiosk_finishes_a_flow(browser, live_server):
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    tablet = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    try:
        page = staff.new_page()
        sign_in(page, live_server["url"], "unit@demo.test")
        page.goto(f"{live_server['url']}/staff/live?scope=unit:DEMO-ASTHMA&window=today")
        page.wait_for_selector('#connection[data-state="live"]')
        assert wait_for(lambda: shown_total(page) is not None)
        before = shown_total(page)

        kiosk = open_kiosk(tablet, live_server, "DEMO-ASTHMA")
        kiosk.locator('[data-action="start"]').first.click()
        kiosk.locator('[data-locale="sv"]').click()
        kiosk.locator('[data-audience="age_4_7"]').click()
        answer_every_question(kiosk)

        assert wait_for(lambda: shown_total(page) == before + 1, timeout=5)

        kiosk.locator('[data-action="talk"]').first.click()
        alert = page.locator("#alerts [role=alert]")
        alert.first.wait_for(timeout=5000)
        assert "DEMO-ASTHMA" in alert.first.inner_text() or "Barnallergi" in alert.first.inner_text()
    finally:
        staff.close()
        tablet.close()


def test_unit_staff_cannot_pick_other_units(browser, live_server):
    staff = browser.new_context()
    try:
        page = staff.new_page()
        sign_in(page, live_server["url"], "unit@demo.test")
        options = page.locator("#filter-scope option").evaluate_all(
            "els => els.map(e => e.value)"
        )
        assert sorted(options) == ["unit:DEMO-ASTHMA", "unit:DEMO-NEO"]
    finally:
        staff.close()
