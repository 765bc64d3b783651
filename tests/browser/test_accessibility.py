"""axe-core finds nothing on the kiosk, youth and staff pages, in a left-to-right
and a right-to-left language, at the screen sizes they are used on, and on the
kiosk also at its largest text in high contrast.

Each test walks through its pages, scanning each one as a person would see it,
and fails with every violation it met, whatever its impact (serious and
critical ones are listed first; `pytest -s` prints a line per page). Besides the WCAG A and AA
rules, axe's best-practice rules run too: landmarks and headings are where a
screen-reader user finds their way, and WCAG's own rules say little about them.
"""

from __future__ import annotations

import time
import uuid

import pytest
import sqlalchemy as sa

from tests.browser.axe import TAGS, blocking, describe, lesser, violations
from tests.browser.conftest import IDLE_SECONDS
from tests.browser.steps import open_kiosk
from tests.browser.test_staff_live import sign_in
from tests.live import flask_command

pytestmark = pytest.mark.browser


class Scans:
    """What axe found, page by page, in one test."""

    def __init__(self, name: str, before=None):
        self.name, self.before = name, before
        self.found: dict[str, list[dict]] = {}
        self.seconds = 0.0

    def scan(self, page, label: str) -> None:
        if self.before:
            self.before(page)
        started = time.monotonic()
        self.found[label] = violations(page, (*TAGS, "best-practice"))
        self.seconds += time.monotonic() - started

    def check(self) -> None:
        for label, found in self.found.items():
            minor = {v["id"]: len(v["nodes"]) for v in lesser(found)}
            print(f"[axe {self.name}] {label}: moderate/minor {sum(minor.values())} {minor or ''}")
        print(f"[axe {self.name}] {len(self.found)} pages scanned in {self.seconds:.1f} s")
        failures = {label: blocking(found) + lesser(found) for label, found in self.found.items()}
        assert not any(failures.values()), "\n".join(
            f"{label}:\n{describe(found)}" for label, found in failures.items() if found
        )


@pytest.fixture(scope="module")
def tablet(browser):
    context = browser.new_context(
        viewport={"width": 1024, "height": 768}, has_touch=True, bypass_csp=True
    )
    yield context
    context.close()


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        bypass_csp=True,
    )
    yield context
    context.close()


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="sv-SE", bypass_csp=True
    )
    yield context
    context.close()


# --- kiosk -----------------------------------------------------------------


def _awake(page) -> None:
    """Count as a tap for the idle timer, so a scan is not overtaken by "are you still there?"."""
    page.evaluate("document.dispatchEvent(new Event('pointerdown'))")


def _kind(screen) -> str:
    """The question's type: the free-text screen names it, the others show it by class."""
    named = screen.get_attribute("data-type")
    if named:
        return named
    answers = screen.locator('[class*="answers-"]:not(.answers-escape)').first
    return answers.get_attribute("class").split("answers-")[-1]


def _question(page, kind: str):
    """Skip to the first question of this kind."""
    page.wait_for_selector('[data-screen="question"]')
    screen = page.locator('[data-screen="question"]')
    while _kind(screen) != kind:
        question = screen.get_attribute("data-question")
        page.locator('[data-screen="question"] [data-action="skip"]').click()
        page.wait_for_function(
            "q => document.querySelector('[data-screen]').dataset.question !== q", arg=question
        )
    return screen


def _begin(page, locale: str, audience: str) -> None:
    page.wait_for_selector('[data-screen="attract"]')
    page.locator('[data-action="start"]').first.click()
    page.locator(f'[data-locale="{locale}"]').click()
    page.locator(f'[data-audience="{audience}"]').click()


def _display(page, display: str) -> None:
    """Choose the largest text and high contrast, as a family may on any screen
    (the choice lasts until the kiosk starts over, so after every reload too)."""
    if display == "largest, high contrast":
        page.locator('[data-action="text-size"][data-size="2"]').click()
        page.locator('[data-action="contrast"]').click()
        page.wait_for_selector('html[data-text-size="2"][data-contrast="high"]')


@pytest.mark.parametrize("display", ["default", "largest, high contrast"])
@pytest.mark.parametrize("locale", ["sv", "ar"])
def test_kiosk_screens_have_no_violations(tablet, live_server, locale, display):
    scans = Scans(f"kiosk {locale} {display}", before=_awake)
    page = open_kiosk(tablet, live_server, "DEMO-BUP")
    kiosk = page.url
    _display(page, display)
    scans.scan(page, "attract")
    page.locator('[data-action="start"]').first.click()
    page.wait_for_selector('[data-screen="language"]')
    scans.scan(page, "language")
    page.locator(f'[data-locale="{locale}"]').click()
    page.wait_for_selector('[data-screen="audience"]')
    scans.scan(page, "audience")

    page.locator('[data-audience="age_4_7"]').click()
    _question(page, "faces")
    scans.scan(page, "faces question")
    page.locator('[data-action="talk"]').first.click()
    page.wait_for_selector("#talk-panel:not([hidden])")
    scans.scan(page, "talk panel")
    page.locator('#talk-panel [data-action="close"]').click()

    page.goto(kiosk)
    _display(page, display)
    _begin(page, locale, "age_8_12")
    screen = _question(page, "scale")
    assert screen.locator(".answers-escape [data-value]").count(), 'no "don\'t know"'
    scans.scan(page, "scale question")

    page.wait_for_selector("#idle-dialog:not([hidden])", timeout=(IDLE_SECONDS + 5) * 1000)
    scans.scan(page, "are you still there?")
    page.locator('[data-action="still-here"]').click()

    page.goto(kiosk)
    _display(page, display)
    _begin(page, locale, "age_13_17")
    screen = _question(page, "text")
    assert screen.locator(".text-notice").is_visible()
    scans.scan(page, "free-text question")
    question = screen.get_attribute("data-question")
    page.locator(f'textarea[data-question="{question}"]').fill("Det var bra")
    page.locator('[data-screen="question"] [data-action="next"]').click()
    page.wait_for_selector('[data-screen="thanks"]')
    scans.scan(page, "thanks")
    page.close()
    scans.check()


# --- youth -----------------------------------------------------------------


@pytest.mark.parametrize(("locale", "member"), [("sv", 7), ("fa", 8)])
def test_youth_pages_have_no_violations(phone, live_server, locale, member):
    scans = Scans(f"youth {locale}")
    link = live_server["youth"]["links"][member - 1]
    page = phone.new_page()
    page.goto(f"{link}?lang={locale}")
    page.wait_for_selector('[data-screen="home"]')
    scans.scan(page, "home")

    page.locator('[data-action="open"]').first.tap()
    seen = set()
    while True:
        page.wait_for_selector('[data-screen="question"], [data-screen="thanks"]')
        if page.locator('[data-screen="thanks"]').count():
            break
        screen = page.locator('[data-screen="question"]')
        kind, question = screen.get_attribute("data-type"), screen.get_attribute("data-question")
        if kind not in seen:
            seen.add(kind)
            scans.scan(page, f"{kind} question")
        if kind == "rank":  # ordered, each place gets its move buttons
            options = page.locator(f'[data-question="{question}"][data-value]')
            for number in range(options.count()):
                options.nth(number).tap()
            scans.scan(page, "rank question, ordered")
        if kind == "idea":
            page.locator(f'textarea[data-question="{question}"]').fill("Ett tyst rum")
            page.locator('[data-screen="question"] [data-action="next"]').tap()
        else:
            page.locator('[data-screen="question"] [data-action="skip"]').tap()
        page.wait_for_function(
            "q => { const s = document.querySelector('[data-screen]');"
            " return s.dataset.screen !== 'question' || s.dataset.question !== q; }",
            arg=question,
        )
    assert {"rank", "points", "idea", "vote"} <= seen
    scans.scan(page, "thanks")

    page.goto(f"{link}?lang={locale}")
    page.wait_for_selector('[data-screen="home"]')
    page.locator('[data-action="result"]').first.tap()
    page.wait_for_selector('[data-screen="result"]')
    scans.scan(page, "closed round's result")
    page.close()
    scans.check()


@pytest.mark.parametrize("locale", ["sv", "ar"])
def test_youth_link_error_pages_have_no_violations(phone, live_server, locale):
    """404 for a link that never worked, 410 for one revoked or expired."""
    scans = Scans(f"youth links {locale}")
    made = flask_command(
        live_server, "create-youth-group", f"Axe {uuid.uuid4().hex[:6]}", "--members", "2"
    )
    with live_server["engine"].begin() as connection:
        for number, change in ((1, "revoked = true"), (2, "expires_on = '2000-01-01'")):
            connection.execute(
                sa.text(f"UPDATE youth_member SET {change} WHERE group_id = :g AND number = :n"),  # noqa: S608
                {"g": made["group"], "n": number},
            )
    revoked, expired = made["links"]
    unknown = revoked.rsplit("/", 1)[0] + "/not-a-real-token-at-all"
    page = phone.new_page()
    for label, link, status in (
        ("unknown", unknown, 404),
        ("revoked", revoked, 410),
        ("expired", expired, 410),
    ):
        reply = page.goto(f"{link}?lang={locale}")
        assert reply.status == status
        scans.scan(page, f"{label} link ({status})")
    page.close()
    scans.check()


# --- staff -----------------------------------------------------------------


def staff_pages(live_server) -> list[tuple[str, str]]:
    """Every staff page an admin sees, by name and path (the live view first)."""
    return [
        ("live view", "/staff/live"),
        ("kiosks", "/staff/kiosks"),
        ("comments", "/staff/comments"),
        ("safeguarding", "/staff/safeguarding"),
        ("audit log", "/staff/audit"),
        ("youth groups", "/staff/youth"),
        ("youth group", f"/staff/youth/{live_server['youth']['group']}"),
        ("posts", "/staff/posts"),
        ("new post", "/staff/posts/new"),
        ("translations", "/staff/translations"),
        ("translations of a flow", "/staff/translations/visit-8-12"),
        ("translations in Arabic", "/staff/translations/visit-8-12?language=ar"),
        ("translations needing review", "/staff/translations/visit-4-7?language=en&show=review"),
    ]


def test_staff_pages_have_no_violations(desktop, live_server):
    scans = Scans("staff")
    base = live_server["url"]
    page = desktop.new_page()
    page.goto(f"{base}/auth/login")
    scans.scan(page, "login")
    page.fill('input[name="email"]', "nobody@demo.test")
    page.locator('[type="submit"]').click()
    page.wait_for_selector('[aria-invalid="true"], .flash-error')
    scans.scan(page, "login with errors")
    page.goto(f"{base}/no-such-page")
    scans.scan(page, "404 page")
    sign_in(page, base, "admin@demo.test")
    page.wait_for_selector('#connection[data-state="live"]')
    scans.scan(page, "live view")
    for label, path in staff_pages(live_server)[1:]:
        page.goto(base + path)
        scans.scan(page, label)

    page.goto(f"{base}/staff/posts")
    page.locator("tr[data-post] th a").first.click()
    page.wait_for_selector("[data-preview]")
    scans.scan(page, "post with its preview")
    page.goto(f"{base}/staff/posts/new")
    page.fill('input[name="title_sv"]', "Bara en titel")
    page.locator('input[name="publish"]').click()
    page.wait_for_selector(".field-errors")
    scans.scan(page, "post with errors")
    page.goto(f"{base}/staff/flows")
    scans.scan(page, "flows")
    page.locator('tr[data-flow="visit-13-17"] td:last-child .btn').click()
    page.wait_for_url("**/staff/flows/visit-13-17/draft")
    scans.scan(page, "flow draft")
    page.locator("[data-question] a.btn").first.click()
    page.wait_for_selector(".question-form")
    scans.scan(page, "flow question")
    page.fill("#key", "Not a key!")
    page.fill("#text_sv", "")
    page.locator('button[value="save"]').click()
    page.wait_for_selector("#key-errors")
    scans.scan(page, "flow question with problems")
    page.goto(f"{base}/staff/flows/visit-13-17/draft")
    scans.scan(page, "flow draft with problems")
    page.goto(f"{base}/staff/flows/visit-13-17/draft/preview?lang=ar")
    page.wait_for_selector('[data-screen="attract"]')
    scans.scan(page, "flow preview (kiosk, ar)")

    page.goto(f"{base}/staff/youth")
    page.fill('input[name="name"]', f"Axe {uuid.uuid4().hex[:6]}")
    page.fill('input[name="members"]', "2")
    page.locator('form [type="submit"]').last.click()
    page.wait_for_selector(".link-cards")
    scans.scan(page, "links")
    page.close()
    scans.check()


def test_export_pages_have_no_serious_violations(browser, live_server):
    scans = Scans("exports")
    base = live_server["url"]
    # A context of its own: the staff test's context is already signed in.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="sv-SE", bypass_csp=True
    )
    page = context.new_page()
    sign_in(page, base, "admin@demo.test")
    page.goto(f"{base}/staff/exports")
    scans.scan(page, "exports")
    page.locator('input[name="period"][value="range"]').check()
    page.fill('input[name="first"]', "2026-05-10")
    page.fill('input[name="last"]', "2026-05-01")
    page.locator('form[method="post"] [type="submit"]').last.click()
    page.wait_for_selector(".field-errors")
    scans.scan(page, "exports, form with errors")
    page.goto(f"{base}/staff/exports")
    page.locator('form[method="get"] [type="submit"]').click()
    page.wait_for_selector(".month-summary svg.chart")
    scans.scan(page, "printable month summary")
    page.goto(page.url + "&lang=ar")
    page.wait_for_selector('html[dir="rtl"] .month-summary svg.chart')
    scans.scan(page, "printable month summary, Arabic")
    context.close()
    scans.check()
