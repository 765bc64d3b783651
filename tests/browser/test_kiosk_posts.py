"""A post staff publish reaches a waiting-room tablet's start screen at once."""

from __future__ import annotations

import pytest

from tests.browser.steps import open_kiosk
from tests.browser.test_staff_live import sign_in

pytestmark = pytest.mark.browser

TITLE_AR = "غرفة هادئة للعائلات"
BODY_AR = "قلتم إنكم تحتاجون إلى مكان هادئ. الآن توجد غرفة هادئة."


def _kiosk_connected(page):
    """Waits until the tablet's /kiosk socket is in, so it cannot miss config_changed."""
    frames: list[str] = []

    def watch(ws):
        ws.on("framereceived", lambda payload: frames.append(str(payload)))

    page.on("websocket", watch)
    return lambda: any(frame.startswith("40/kiosk") for frame in frames)


def test_a_published_post_appears_on_an_arabic_tablet_without_a_reload(
    browser, context, live_server
):
    base = live_server["url"]
    page = open_kiosk(context, live_server, "NU-BARN")
    connected = _kiosk_connected(page)
    page.goto(f"{base}/kiosk?lang=ar")
    page.wait_for_selector('[data-screen="attract"]')
    assert page.locator("html").get_attribute("dir") == "rtl"
    for _ in range(100):
        if connected():
            break
        page.wait_for_timeout(100)
    assert connected(), "the tablet never joined /kiosk"
    page.evaluate("window.notReloaded = true")
    assert page.locator(f'[data-post] h3:has-text("{TITLE_AR}")').count() == 0

    staff_context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    sign_in(staff, base, "programme@demo.test")
    staff.goto(f"{base}/staff/posts/new?lang=en")
    staff.select_option('select[name="scope"]', label="Barnmottagningen Trollhättan")
    staff.check('input[name="status"][value="done"]')
    staff.check('input[name="pictogram"][value="pictograms/quiet-corner"]')
    staff.fill('input[name="title_sv"]', "Ett lugnt rum för familjer")
    staff.fill(
        'textarea[name="body_sv"]', "Ni sa att ni behövde en lugn plats. Nu finns ett lugnt rum."
    )
    staff.locator('details[data-locale="ar"] > summary').click()
    staff.fill('input[name="title_ar"]', TITLE_AR)
    staff.fill('textarea[name="body_ar"]', BODY_AR)
    staff.click('input[name="preview"]')
    staff.wait_for_selector("[data-preview]")
    assert staff.locator('[data-preview] [lang="ar"][dir="rtl"]').count() == 1
    staff.click('input[name="publish"]')
    staff.wait_for_url("**/staff/posts")

    post = page.locator(f'[data-screen="attract"] [data-post]:has(h3:has-text("{TITLE_AR}"))')
    post.wait_for(timeout=15000)
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert post.get_attribute("data-status") == "done"
    title = post.locator("h3")
    assert title.get_attribute("lang") == "ar" and title.get_attribute("dir") == "rtl"
    assert post.locator(".post-body").inner_text() == BODY_AR
    assert post.locator(".post-status").inner_text().strip()  # the status in words
    picture = post.locator("img.post-pic")
    assert picture.get_attribute("src").endswith("pictograms/quiet-corner.svg")
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    assert post.locator('[data-action="read-aloud"]').count() == 1

    # Withdrawn: it leaves the tablet, again without a reload.
    post_id = post.get_attribute("data-post")
    staff.locator(f'tr[data-post="{post_id}"] [data-action="withdraw"]').click()
    staff.wait_for_url("**/staff/posts")
    page.locator(f'[data-post="{post_id}"]').wait_for(state="detached", timeout=15000)
    assert page.evaluate("window.notReloaded") is True
    staff_context.close()
