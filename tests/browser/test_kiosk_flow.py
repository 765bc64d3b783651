"""A family at the waiting-room tablet, in a real browser against a real server."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import GRACE_SECONDS, IDLE_SECONDS, pair_url
from tests.browser.steps import answer_every_question, open_kiosk, wait_for

pytestmark = pytest.mark.browser


def test_a_four_year_old_answers_in_arabic(context, live_server, count_responses):
    before = count_responses("DEMO-ASTHMA")
    arabic_before = count_responses("DEMO-ASTHMA", locale="ar", audience="age_4_7")
    page = open_kiosk(context, live_server, "DEMO-ASTHMA")
    assert page.locator('[data-action="talk"]').is_visible()
    page.locator('[data-action="start"]').first.click()

    page.wait_for_selector('[data-screen="language"]')
    arabic = page.locator('[data-locale="ar"]')
    assert arabic.inner_text().strip() == "العربية"
    arabic.click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"

    page.wait_for_selector('[data-screen="audience"]')
    assert page.locator('[data-action="talk"]').is_visible()
    page.locator('[data-audience="age_4_7"]').click()

    page.wait_for_selector('[data-screen="question"]')
    first = page.locator('[data-screen="question"]').get_attribute("data-question")
    faces = page.locator(f'[data-screen="question"] [data-question="{first}"][data-value]')
    assert faces.count() == 3
    box = faces.first.bounding_box()
    assert box["width"] >= 96 and box["height"] >= 96
    assert page.locator('[data-screen="question"] [data-action="skip"]').is_visible()
    assert page.locator('[data-action="talk"]').is_visible()

    assert answer_every_question(page) == 6
    assert wait_for(
        lambda: count_responses("DEMO-ASTHMA", locale="ar", audience="age_4_7") == arabic_before + 1
    )
    page.wait_for_selector('[data-screen="attract"]', timeout=15000)
    assert page.locator("html").get_attribute("dir") == "ltr"
    time.sleep(1)
    assert count_responses("DEMO-ASTHMA") == before + 1


def test_idle_reset_returns_to_the_start_and_stores_nothing(context, live_server, count_responses):
    before = count_responses("DEMO-NPF")
    page = context.new_page()
    page.clock.install()
    with page.expect_response(lambda reply: "/api/v1/kiosk/config" in reply.url):
        page.goto(pair_url(live_server, "DEMO-NPF"))
    page.wait_for_selector('[data-screen="attract"] [data-post]')
    page.locator('[data-action="start"]').first.click()
    page.locator('[data-locale="sv"]').click()
    page.locator('[data-audience="age_8_12"]').click()
    page.wait_for_selector('[data-screen="question"]')
    page.locator('[data-screen="question"] [data-value]').first.click()

    page.clock.run_for((IDLE_SECONDS + 1) * 1000)
    dialog = page.locator("#idle-dialog")
    assert dialog.is_visible()
    page.clock.run_for((GRACE_SECONDS - 2) * 1000)
    assert dialog.is_visible(), "the child must get at least 20 s to answer (WCAG 2.2.1)"
    page.clock.run_for(4000)
    page.wait_for_selector('[data-screen="attract"]')
    assert not dialog.is_visible()
    page.clock.run_for(10_000)
    assert count_responses("DEMO-NPF") == before


def test_still_here_keeps_the_answers(context, live_server, count_responses):
    before = count_responses("SAS-BARN", audience="relative")
    page = context.new_page()
    page.clock.install()
    page.goto(pair_url(live_server, "SAS-BARN"))
    page.wait_for_selector('[data-screen="attract"]')
    page.locator('[data-action="start"]').first.click()
    page.locator('[data-locale="en"]').click()
    page.locator('[data-audience="relative"]').click()
    page.wait_for_selector('[data-screen="question"]')
    question = page.locator('[data-screen="question"]').get_attribute("data-question")

    page.clock.run_for((IDLE_SECONDS + 1) * 1000)
    page.locator('[data-action="still-here"]').click()
    assert not page.locator("#idle-dialog").is_visible()
    assert page.locator('[data-screen="question"]').get_attribute("data-question") == question
    page.clock.resume()
    answer_every_question(page)
    assert wait_for(lambda: count_responses("SAS-BARN", audience="relative") == before + 1)


# A tablet whose only voice is Persian, tagged the ISO 639-3 way some engines use.
PERSIAN_VOICE_ONLY = """
(() => {
  const voices = [{ lang: 'pes-IR', name: 'Persian', localService: true, default: true }];
  Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
    getVoices: () => voices, speak() {}, cancel() {}, addEventListener() {}
  } });
})();
"""


def test_a_teenager_answers_in_persian_and_is_shown_help(context, live_server, count_responses):
    persian_before = count_responses("DEMO-BUP", locale="fa", audience="age_13_17")
    context.add_init_script(PERSIAN_VOICE_ONLY)
    page = open_kiosk(context, live_server, "DEMO-BUP")
    page.locator('[data-action="start"]').first.click()

    page.wait_for_selector('[data-screen="language"]')
    persian = page.locator('[data-locale="fa"]')
    assert persian.inner_text().strip() == "فارسی"
    persian.click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"

    page.wait_for_selector('[data-screen="audience"]')
    page.locator('[data-audience="age_13_17"]').click()
    question = page.locator('[data-screen="question"]')
    question.wait_for()
    assert "پرسش ۱ از ۷" in question.inner_text()  # Persian digits, as Persian readers expect
    assert question.locator('[data-action="read-aloud"]').is_visible()

    # "Dad hits me": the child is shown, in Persian, who to talk to.
    assert answer_every_question(page, free_text="بابام منو می\u200cزنه") == 7
    support = page.locator('[data-screen="support"]')
    support.wait_for(timeout=10000)
    assert "ممنون که به ما گفتی" in support.inner_text()
    numbers = support.locator('.helplines .number[dir="ltr"]').all_inner_texts()
    assert {"112", "116 111", "90101", "1177"} <= set(numbers)
    assert wait_for(
        lambda: count_responses("DEMO-BUP", locale="fa", audience="age_13_17") == persian_before + 1
    )


def _held_config(browser):
    """A fresh tablet whose config requests wait until the test lets them through.

    Service workers are blocked so every request passes the route."""
    tablet = browser.new_context(
        viewport={"width": 1024, "height": 768}, has_touch=True, service_workers="block"
    )
    held = []
    tablet.route("**/api/v1/kiosk/config*", lambda route: held.append(route))
    return tablet, held


def _release(page, held):
    page.wait_for_timeout(50)
    while held:
        held.pop().continue_()


def test_the_start_button_survives_the_config_arriving(browser, live_server):
    tablet, held = _held_config(browser)
    try:
        page = tablet.new_page()
        page.goto(pair_url(live_server, "DEMO-NPF"))
        page.wait_for_selector('[data-screen="attract"]')
        assert page.locator("[data-post]").count() == 0
        start = page.locator('[data-action="start"]').element_handle()

        _release(page, held)
        page.wait_for_selector('[data-screen="attract"] [data-post]')
        # The posts were added in place: a finger already on "start" keeps its button.
        assert start.evaluate("button => button.isConnected")
        start.click()
        page.wait_for_selector('[data-screen="language"]')
    finally:
        tablet.close()


def test_a_tap_before_the_first_config_starts_as_soon_as_it_comes(browser, live_server):
    tablet, held = _held_config(browser)
    try:
        page = tablet.new_page()
        page.goto(pair_url(live_server, "DEMO-NPF"))
        page.wait_for_selector('[data-screen="attract"]')
        page.locator('[data-action="start"]').click()
        page.wait_for_selector('[data-screen="not-ready"]')

        _release(page, held)
        page.wait_for_selector('[data-screen="language"]', timeout=5000)
        assert page.locator("[data-locale]").count() >= 2
    finally:
        tablet.close()
