"""Outbox replay: how long a tablet takes to send a day's backlog when the wifi returns.

Run: .venv/bin/python -m bench.outbox_replay [--responses 1000]
Serves the demo region with gunicorn (SQLite, one gevent worker), opens the kiosk
in the system Chromium through Playwright, goes offline, puts N finished
responses (valid for the seeded flows, distinct ids) into the kiosk's IndexedDB
outbox, goes online, and times until the outbox is empty and the database holds
all N. Prints figures; there is no pass or fail.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import sync_playwright

from tests.browser.outbox import OUTBOX_COUNTS, QUEUE
from tests.live import CHROMIUM_ARGS, demo_server

CHROMIUM = "/usr/bin/chromium"
UNIT = "DEMO-ASTHMA"

# Runs in the kiosk page: N outbox records of responses as the kiosk makes them.
MAKE_RESPONSES = """async n => {
  const kiosk = document.getElementById('kiosk').dataset;
  const reply = await fetch(kiosk.configUrl, {headers: {Authorization: 'Bearer ' + kiosk.token}});
  const flows = (await reply.json()).flows;
  const pick = list => list[Math.floor(Math.random() * list.length)];
  const iso = ms => new Date(ms).toISOString().replace(/\\.\\d+Z$/, 'Z');
  const records = [];
  for (let i = 0; i < n; i++) {
    const flow = flows[i % flows.length], answers = [], text = [];
    for (const q of flow.questions) {
      if (q.type === 'text') {
        if (i % 10 === 0) {  // one in ten writes something
          answers.push({question: q.key, value: 'Det var bra men lång väntan'});
          text.push(q.key);
        }
        continue;
      }
      if (!q.options || !q.options.length || Math.random() < 0.1) continue;  // skipped
      const key = pick(q.options).key;
      const points = (q.type === 'faces' || q.type === 'scale') && /^\\d+$/.test(key);
      const value = q.type === 'multi' ? [key] : points ? Number(key) : key;
      answers.push({question: q.key, value});
    }
    const end = Date.now() - (n - i) * 1000;
    const response = {
      id: crypto.randomUUID(), flow: flow.key, version: flow.version, audience: flow.audience,
      locale: pick(['sv', 'en', 'ar']), started_at: iso(end - 45000), submitted_at: iso(end),
      answers
    };
    records.push({id: response.id, queued: end, response, text});
  }
  return records;
}"""



def stored(engine) -> int:
    query = "SELECT count(*) FROM response r JOIN unit u ON u.id = r.unit_id WHERE u.code = :unit"
    with engine.connect() as connection:
        return connection.execute(sa.text(query), {"unit": UNIT}).scalar_one()


def measure(responses: int, timeout: float) -> dict:
    folder = Path(tempfile.mkdtemp())
    database = f"sqlite:///{folder / 'replay.sqlite'}"
    with demo_server(database) as server, sync_playwright() as pw:
        engine = sa.create_engine(database)
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1024, "height": 768})
        page = context.new_page()
        batches: list[dict] = []

        def finished(request):
            if request.method == "POST" and request.url.endswith("/api/v1/responses/batch"):
                reply = request.response()
                batches.append(
                    {
                        "status": reply.status if reply else 0,
                        "ms": request.timing["responseEnd"],
                        "items": (request.post_data or "").count('"started_at"'),
                    }
                )

        page.on("requestfinished", finished)
        pair = next(k["pair_url"] for k in server["kiosks"] if k["unit"] == UNIT)
        page.goto(pair)
        page.wait_for_selector('[data-screen="attract"]')
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        before = stored(engine)

        context.set_offline(True)
        started = time.perf_counter()
        page.evaluate(QUEUE, page.evaluate(MAKE_RESPONSES, responses))
        queued_in = time.perf_counter() - started
        waiting = page.evaluate(OUTBOX_COUNTS)["outbox"]

        context.set_offline(False)
        online = time.perf_counter()
        emptied = arrived = None
        while time.perf_counter() - online < timeout and (emptied is None or arrived is None):
            now = time.perf_counter() - online
            if arrived is None and stored(engine) - before >= responses:
                arrived = now
            if emptied is None and page.evaluate(OUTBOX_COUNTS)["outbox"] == 0:
                emptied = time.perf_counter() - online
            time.sleep(0.05)
        time.sleep(2)
        result = {
            "responses": responses,
            "queued_in": queued_in,
            "waiting": waiting,
            "emptied": emptied,
            "arrived": arrived,
            "stored": stored(engine) - before,
            "left": page.evaluate(OUTBOX_COUNTS)["outbox"],
            "batches": batches,
        }
        browser.close()
        engine.dispose()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1000, help="how many to queue")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait at most")
    args = parser.parse_args(argv)
    r = measure(args.responses, args.timeout)
    print(f"queued {r['waiting']:,} responses in the offline outbox in {r['queued_in']:.2f} s")
    if r["emptied"] is None:
        print(f"outbox NOT empty after {args.timeout:.0f} s: {r['left']:,} left")
    else:
        print(
            f"outbox empty {r['emptied']:.2f} s after going online "
            f"({r['responses'] / r['emptied']:,.0f} responses/s)"
        )
    if r["arrived"] is not None:
        print(
            f"database held all {r['responses']:,} after {r['arrived']:.2f} s "
            f"({r['responses'] / r['arrived']:,.0f} responses/s)"
        )
    print(
        f"stored {r['stored']:,} new responses (expected {r['responses']:,}); left: {r['left']:,}"
    )
    batches = r["batches"]
    if batches:
        times = [b["ms"] for b in batches if b["ms"] > 0]
        statuses = sorted({b["status"] for b in batches})
        largest = max(b["items"] for b in batches)
        print(
            f"{len(batches)} batch requests, one at a time, up to {largest} responses each; "
            f"statuses {statuses}"
        )
        if times:
            print(
                f"request time: median {statistics.median(times):.0f} ms, "
                f"max {max(times):.0f} ms, sum {sum(times) / 1000:.2f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
