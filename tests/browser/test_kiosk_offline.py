"""The waiting-room tablet on flaky hospital wifi: what a child finishes is never lost,
and never counted twice."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import sqlalchemy as sa
import yaml

from tests.browser.conftest import CHROMIUM, pair_url
from tests.browser.outbox import OUTBOX_COUNTS, OUTBOX_IDS, QUEUE, REFUSED_ITEMS
from tests.browser.steps import answer_every_question, open_kiosk, wait_for
from tests.live import CHROMIUM_ARGS, ROOT, flask_command

pytestmark = pytest.mark.browser

TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}

# A finished 13–17 flow with a free text, as the kiosk would queue it, but for a flow
# version the server never published: refused for good (422).
UNPUBLISHED_VERSION = """async () => {
  const kiosk = document.getElementById('kiosk').dataset;
  const config = await (await fetch(kiosk.configUrl, {headers: {Authorization: 'Bearer ' + kiosk.token}})).json();
  const flow = config.flows.find(f => f.audience === 'age_13_17');
  const text = flow.questions.find(q => q.type === 'text');
  const scale = flow.questions.find(q => q.type !== 'text' && q.options && q.options.length);
  const id = crypto.randomUUID(), now = new Date().toISOString().replace(/\\.\\d+Z$/, 'Z');
  const response = {
    id, flow: flow.key, version: flow.version + 1000, audience: 'age_13_17', locale: 'sv',
    started_at: now, submitted_at: now,
    answers: [{question: scale.key, value: scale.options[0].key},
              {question: text.key, value: 'Jag heter Kim och min bror slår mig'}]
  };
  return {id, scale: scale.key, text: text.key,
          record: {id, queued: Date.now(), response, text: [text.key]}};
}"""


ONLINE = "() => window.dispatchEvent(new Event('online'))"  # as when the wifi comes back


def wait_until_kept_offline(page):
    """The service worker controls the page and holds the shell, the config and the pictures."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
    kept = """async () => {
      const names = ['/kiosk', '/api/v1/kiosk/config', '/static/js/kiosk.js',
                     '/static/img/faces/happy.svg', '/static/img/audience/child-small.svg'];
      for (const name of names) if (!(await caches.match(name))) return false;
      return true;
    }"""
    assert wait_for(lambda: page.evaluate(kept), timeout=15)


def outbox(page):
    return page.evaluate(OUTBOX_COUNTS)


def finish_a_flow(page, audience, locale="sv"):
    page.wait_for_selector('[data-screen="attract"]', timeout=15000)
    page.locator('[data-action="start"]').first.click()
    page.locator(f'[data-locale="{locale}"]').click()
    page.locator(f'[data-audience="{audience}"]').click()
    answer_every_question(page)


def batch_posts(page, ids):
    """Each request that sends any of `ids`, as the list of ids it sent."""
    seen = []

    def note(request):
        if request.method == "POST" and "/api/v1/responses" in request.url:
            sent = request.post_data or ""
            seen.extend(rid for rid in ids if rid in sent)

    page.on("request", note)
    return seen


def test_three_flows_finished_offline_arrive_once(browser, live_server, count_responses):
    context = browser.new_context(service_workers="allow", **TABLET)
    try:
        page = open_kiosk(context, live_server, "SKAS-BARN")
        wait_until_kept_offline(page)
        before = count_responses("SKAS-BARN")

        context.set_offline(True)
        finish_a_flow(page, "age_4_7")
        finish_a_flow(page, "age_4_7", locale="ar")
        finish_a_flow(page, "age_13_17")  # a free text, which would go at once if it could
        assert wait_for(lambda: outbox(page)["outbox"] == 3)
        time.sleep(1)
        assert count_responses("SKAS-BARN") == before

        shell = page.reload()  # still offline: the shell, its files and flows come from the cache
        assert shell.ok and shell.from_service_worker
        page.wait_for_selector('[data-screen="attract"]')
        note = page.locator(".outbox-note")
        assert wait_for(lambda: note.is_visible() and "3" in note.inner_text())
        page.locator('[data-action="start"]').first.click()
        page.locator('[data-locale="sv"]').click()
        picture = page.locator('[data-audience="age_4_7"] img')
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
        page.locator('[data-audience="age_4_7"]').click()
        face = page.locator('[data-screen="question"] [data-value] img').first
        assert wait_for(lambda: face.evaluate("img => img.complete && img.naturalWidth > 0"))
        assert outbox(page)["outbox"] == 3

        context.set_offline(False)
        assert wait_for(lambda: count_responses("SKAS-BARN") == before + 3, timeout=20)
        assert wait_for(lambda: outbox(page) == {"outbox": 0, "refused": 0})
        time.sleep(4)
        assert count_responses("SKAS-BARN") == before + 3
    finally:
        context.close()


def test_a_refused_response_is_kept_aside_and_never_resent(browser, live_server, count_responses):
    context = browser.new_context(service_workers="allow", **TABLET)
    try:
        page = open_kiosk(context, live_server, "SKAS-HAB")
        before = count_responses("SKAS-HAB")
        item = page.evaluate(UNPUBLISHED_VERSION)
        sent = batch_posts(page, [item["id"]])
        page.evaluate(QUEUE, [item["record"]])
        page.evaluate(ONLINE)

        assert wait_for(lambda: outbox(page) == {"outbox": 0, "refused": 1})
        (kept,) = page.evaluate(REFUSED_ITEMS)
        assert kept["id"] == item["id"] and kept["status"] == 422
        questions = [answer["question"] for answer in kept["response"]["answers"]]
        assert questions == [item["scale"]], "what the child wrote is not kept on the tablet"
        assert "Kim" not in str(kept)
        assert sent == [item["id"]]

        page.evaluate(ONLINE)
        page.reload()  # a new page sends on load, and tells the status board what it holds
        page.wait_for_selector('[data-screen="attract"]')
        time.sleep(3)
        assert sent == [item["id"]], "a refused response is never sent again"
        assert outbox(page) == {"outbox": 0, "refused": 1}
        assert count_responses("SKAS-HAB") == before

        def reported():
            query = (
                "SELECT k.outbox, k.refused FROM kiosk k JOIN unit u ON u.id = k.unit_id"
                " WHERE u.code = 'SKAS-HAB'"
            )
            with live_server["engine"].connect() as connection:
                return tuple(connection.execute(sa.text(query)).one())

        assert wait_for(lambda: reported() == (0, 1))
    finally:
        context.close()


def test_the_kiosk_starts_offline_after_a_browser_restart(
    browser, live_server, count_responses, tmp_path
):
    profile = tmp_path / "tablet-profile"
    launch = {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS, **TABLET}
    chromium = browser.browser_type
    before = count_responses("SKAS-BARN", audience="relative")

    context = chromium.launch_persistent_context(profile, **launch)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(pair_url(live_server, "SKAS-BARN"))
        page.wait_for_selector('[data-screen="attract"]')
        wait_until_kept_offline(page)
        context.set_offline(True)
        finish_a_flow(page, "relative", locale="en")
        assert wait_for(lambda: outbox(page)["outbox"] == 1)
        assert count_responses("SKAS-BARN", audience="relative") == before
    finally:
        # Playwright lifts the offline emulation while it closes the browser, so the
        # kiosk may get its response out just before it dies, too late to hear the
        # reply: then the restarted kiosk sends it again, and it must count once.
        context.close()

    context = chromium.launch_persistent_context(profile, offline=True, **launch)
    server = f"{live_server['url']}/**"
    try:
        # Offline emulation may reach the service worker late after a launch: refuse
        # its requests too, so the shell can only come from the cache.
        context.route(server, lambda route: route.abort("internetdisconnected"))
        page = context.pages[0] if context.pages else context.new_page()
        shell = page.goto(f"{live_server['url']}/kiosk")
        assert shell.ok and shell.from_service_worker
        page.wait_for_selector('[data-screen="attract"]')
        assert outbox(page)["outbox"] == 1
        note = page.locator(".outbox-note")
        assert wait_for(lambda: note.is_visible() and "1" in note.inner_text())

        context.unroute(server)
        context.set_offline(False)
        assert wait_for(lambda: outbox(page)["outbox"] == 0, timeout=20)
        assert count_responses("SKAS-BARN", audience="relative") == before + 1
        time.sleep(3)
        assert count_responses("SKAS-BARN", audience="relative") == before + 1
    finally:
        context.close()


def publish_new_version(live_server, tmp_path, key, question_text):
    """Staff publish a new version of flow `key` whose first question reads differently."""
    exported = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "waitingroom", "export-flow", key],
        env=live_server["env"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    definition = yaml.safe_load(exported.stdout)
    definition["questions"][0]["text"]["sv"] = question_text
    path = tmp_path / f"{key}.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    return flask_command(live_server, "import-flow", str(path))["version"]


def stored_version(live_server, response_id):
    query = (
        "SELECT v.number FROM response r JOIN flow_version v ON v.id = r.flow_version_id"
        " WHERE r.id = :id"
    )
    with live_server["engine"].connect() as connection:
        return connection.execute(sa.text(query), {"id": response_id}).scalar()


def test_a_flow_published_while_offline_is_taken_up_on_the_start_screen(
    browser, live_server, tmp_path
):
    context = browser.new_context(service_workers="allow", **TABLET)
    try:
        page = open_kiosk(context, live_server, "SKAS-BARN")
        wait_until_kept_offline(page)
        context.set_offline(True)
        finish_a_flow(page, "age_4_7")
        (made_offline,) = page.evaluate(OUTBOX_IDS)
        page.wait_for_selector('[data-screen="attract"]', timeout=15000)

        old = page.evaluate(
            """async () => {
              const kiosk = document.getElementById('kiosk').dataset;
              const reply = await fetch(kiosk.configUrl, {headers: {Authorization: 'Bearer ' + kiosk.token}});
              return (await reply.json()).flows.find(f => f.audience === 'age_4_7').version;
            }"""
        )
        new = publish_new_version(live_server, tmp_path, "visit-4-7", "Hur länge fick du vänta?")
        assert new > old

        context.set_offline(False)
        assert wait_for(lambda: stored_version(live_server, made_offline) == old, timeout=20)
        assert wait_for(lambda: outbox(page)["outbox"] == 0)

        # Back online the kiosk asks for its config again; the newer version waits
        # for the start screen. Wait until it has arrived, then start a flow.
        page.wait_for_function(
            """version => {
              const kept = JSON.parse(localStorage.getItem('waitingroom.config') || 'null');
              return kept && kept.config.flows.some(
                f => f.audience === 'age_4_7' && f.version === version);
            }""",
            arg=new,
            timeout=30000,
        )
        page.wait_for_selector('[data-screen="attract"]')
        page.locator('[data-action="start"]').first.click()
        page.locator('[data-locale="sv"]').click()
        page.locator('[data-audience="age_4_7"]').click()
        heading = page.locator('[data-screen="question"] h1')
        assert heading.inner_text() == "Hur länge fick du vänta?"
    finally:
        context.close()


# What the kiosk kept in localStorage before its outbox moved to IndexedDB: one
# response still to send, and one the server had refused, free text and all.
LEGACY_OUTBOX = """async () => {
  const kiosk = document.getElementById('kiosk').dataset;
  const reply = await fetch(kiosk.configUrl, {headers: {Authorization: 'Bearer ' + kiosk.token}});
  const flows = (await reply.json()).flows;
  const small = flows.find(f => f.audience === 'age_4_7');
  const teen = flows.find(f => f.audience === 'age_13_17');
  const now = new Date().toISOString().replace(/\\.\\d+Z$/, 'Z');
  const waiting = {
    id: crypto.randomUUID(), flow: small.key, version: small.version, audience: 'age_4_7',
    locale: 'sv', started_at: now, submitted_at: now,
    answers: [{question: small.questions[0].key, value: 3}]
  };
  const text = teen.questions.find(q => q.type === 'text').key;
  const refused = {
    id: crypto.randomUUID(), flow: teen.key, version: teen.version + 1000, audience: 'age_13_17',
    locale: 'sv', started_at: now, submitted_at: now,
    answers: [{question: teen.questions[0].key, value: 2}, {question: text, value: 'Jag heter Kim'}]
  };
  localStorage.setItem('waitingroom.outbox', JSON.stringify([waiting]));
  localStorage.setItem('waitingroom.refused', JSON.stringify([{status: 422, response: refused}]));
  return {waiting: waiting.id, refused: refused.id};
}"""


def test_answers_left_in_the_old_outbox_move_over_once(browser, live_server, count_responses):
    context = browser.new_context(service_workers="allow", **TABLET)
    try:
        page = open_kiosk(context, live_server, "NU-BARN")
        before = count_responses("NU-BARN")
        left = page.evaluate(LEGACY_OUTBOX)

        page.reload()
        page.wait_for_selector('[data-screen="attract"]')
        assert wait_for(lambda: count_responses("NU-BARN") == before + 1)
        assert wait_for(lambda: outbox(page) == {"outbox": 0, "refused": 1})
        assert page.evaluate(
            "() => [localStorage.getItem('waitingroom.outbox'),"
            " localStorage.getItem('waitingroom.refused')]"
        ) == [None, None]
        (kept,) = page.evaluate(REFUSED_ITEMS)
        assert kept["id"] == left["refused"] and kept["status"] == 422
        assert "Kim" not in str(kept) and len(kept["response"]["answers"]) == 1

        page.reload()
        page.wait_for_selector('[data-screen="attract"]')
        time.sleep(2)
        assert count_responses("NU-BARN") == before + 1
        assert outbox(page) == {"outbox": 0, "refused": 1}
    finally:
        context.close()
