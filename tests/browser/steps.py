"""What a person does at the kiosk, as reusable steps for browser tests."""

from __future__ import annotations

import time

from tests.browser.conftest import pair_url


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def open_kiosk(context, live_server, unit):
    """Pair a tablet and wait until its start screen is drawn from the fetched config.

    The screen is drawn at once and redrawn when the config arrives (with the posts):
    a tap landing mid-redraw would be lost, so the test taps after it."""
    page = context.new_page()
    with page.expect_response(lambda reply: "/api/v1/kiosk/config" in reply.url):
        page.goto(pair_url(live_server, unit))
    page.wait_for_selector('[data-screen="attract"]')
    page.wait_for_timeout(300)
    return page


def answer_every_question(page, free_text="Det var bra"):
    """Tap the first offered answer on each screen until the thank-you screen
    (or the support screen, when what was written suggests the child is unsafe)."""
    answered = 0
    done = '[data-screen="thanks"], [data-screen="support"]'
    while True:
        page.wait_for_selector(f'[data-screen="question"], {done}')
        if page.locator(done).count():
            return answered
        screen = page.locator('[data-screen="question"]')
        question = screen.get_attribute("data-question")
        if screen.get_attribute("data-type") == "text":
            page.locator(f'[data-screen="question"] textarea[data-question="{question}"]').fill(
                free_text
            )
        else:
            page.locator(
                f'[data-screen="question"] [data-question="{question}"][data-value]'
            ).first.click()
        next_button = page.locator('[data-screen="question"] [data-action="next"]')
        if next_button.count() and next_button.is_visible():
            next_button.click()
        page.wait_for_function(
            """q => { const s = document.querySelector('[data-screen]');
                      return !s || s.dataset.screen !== 'question' || s.dataset.question !== q; }""",
            arg=question,
        )
        answered += 1
