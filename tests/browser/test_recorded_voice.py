"""A recorded voice, uploaded by staff, is what the kiosk's speaker plays in a
language the tablet has no speech-synthesis voice for (DESIGN.md 1.1)."""

from __future__ import annotations

import re

import pytest

from tests.browser.steps import open_kiosk, wait_for
from tests.browser.test_staff_live import sign_in
from tests.test_translations import wav

pytestmark = pytest.mark.browser

# A tablet with a Persian voice only (so no Arabic one), whose audio element records
# what it is asked to play and "finishes" at once; fetches of recordings are noted.
LISTENING_TABLET = """
(() => {
  const voices = [{ lang: 'fa-IR', name: 'Persian', localService: true, default: true }];
  Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
    getVoices: () => voices, speak() {}, cancel() {}, addEventListener() {}
  } });
  window.__played = [];
  window.__fetched = [];
  HTMLMediaElement.prototype.play = function () {
    window.__played.push(this.src);
    setTimeout(() => this.dispatchEvent(new Event('ended')), 50);
    return Promise.resolve();
  };
  const fetch = window.fetch.bind(window);
  window.fetch = (url, options) => {
    const text = String(url && url.url ? url.url : url);
    if (text.includes('/kiosk/voice/')) window.__fetched.push(text);
    return fetch(url, options);
  };
})();
"""


def test_the_kiosk_speaker_plays_a_recorded_voice_where_the_tablet_has_no_voice(
    browser, live_server, tmp_path, request
):
    base = live_server["url"]
    recording = tmp_path / "waiting-ar.wav"
    recording.write_bytes(wav(2))

    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    request.addfinalizer(staff.close)
    page = staff.new_page()
    sign_in(page, base, "programme@demo.test")
    page.goto(f"{base}/staff/translations/visit-4-7?language=ar")
    row = page.locator('tr[data-string="question.waiting"]')
    row.locator('input[type="file"]').set_input_files(str(recording))
    row.locator('.tr-upload button[type="submit"]').click()
    page.wait_for_selector('tr[data-string="question.waiting"][data-voice="fresh"]')

    tablet = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    request.addfinalizer(tablet.close)
    tablet.add_init_script(LISTENING_TABLET)
    kiosk = open_kiosk(tablet, live_server, "DEMO-BUP")
    kiosk.locator('[data-action="start"]').first.click()
    kiosk.locator('[data-locale="ar"]').click()
    kiosk.locator('[data-audience="age_4_7"]').click()
    screen = kiosk.locator('[data-screen="question"][data-question="waiting"]')
    screen.wait_for()
    speaker = screen.locator('[data-action="read-aloud"]')
    assert speaker.is_visible(), "the recording alone should show the speaker"
    assert kiosk.evaluate("window.__played.length") == 0, "never autoplay"

    speaker.click()
    kiosk.wait_for_function("() => window.__played.length > 0")
    assert kiosk.evaluate("window.__played[0]").startswith("blob:")
    fetched = kiosk.evaluate("window.__fetched")
    assert len(fetched) == 1 and re.search(r"/kiosk/voice/\d+/[0-9a-f]{16}$", fetched[0])

    # The service worker keeps what was played, for when the wifi is gone.
    kept = """async url => {
      const cache = await caches.open('waitingroom-kiosk-voices');
      return !!(await cache.match(url));
    }"""
    assert wait_for(lambda: kiosk.evaluate("() => !!navigator.serviceWorker.controller"))
    assert wait_for(lambda: kiosk.evaluate(kept, fetched[0]))

    # The next question has no recording and the tablet no Arabic voice: no speaker.
    screen.locator('[data-action="skip"]').click()
    following = kiosk.locator('[data-screen="question"]:not([data-question="waiting"])')
    following.wait_for()
    assert not following.locator('[data-action="read-aloud"]').is_visible()
