"""Youth page weight: bytes a member's phone transfers to open their link and see the rounds.

Run: .venv/bin/python -m bench.youth_weight
Serves the demo region, opens the link of a demo member who has not answered yet
in the system Chromium on a phone-sized viewport, waits for the rounds to show,
and counts the bodies received; then what they weigh gzip-compressed (as a
proxy serving them compressed would send them). The kiosk's target, under
150 KB compressed, is the yardstick: a member's phone may be just as cheap.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.live import CHROMIUM_ARGS, demo_server

CHROMIUM = "/usr/bin/chromium"
TARGET = 150_000


def measure() -> dict:
    folder = Path(tempfile.mkdtemp())
    with demo_server(f"sqlite:///{folder / 'youth.sqlite'}") as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        replies = []
        page.on("response", lambda reply: replies.append(reply))
        link = server["youth"]["links"][6]  # member 7 has not answered the open round
        started = time.perf_counter()
        page.goto(link)
        page.wait_for_selector('[data-screen="home"]')
        shown = time.perf_counter() - started
        page.wait_for_load_state("networkidle")
        bodies = {reply.url: reply.body() for reply in replies if reply.status < 300}
        browser.close()
    return {
        "bodies": {url: len(body) for url, body in bodies.items()},
        "compressed": sum(len(gzip.compress(body, 6)) for body in bodies.values()),
        "shown_seconds": shown,
    }


def main() -> int:
    result = measure()
    print("Youth page first load, per resource (bytes of body, uncompressed):")
    for url, size in sorted(result["bodies"].items(), key=lambda item: -item[1]):
        path = url.split("://", 1)[-1].split("/", 1)[-1]
        print(f"  {size:>8,}  {'y/<token>' if path.startswith('y/') else path[:70]}")
    total = sum(result["bodies"].values())
    print(
        f"first load: {total:,} bytes uncompressed ({len(result['bodies'])} resources); "
        f"{result['compressed']:,} bytes gzip-compressed (ratio "
        f"{result['compressed'] / TARGET:.2f} of the kiosk's 150 KB target); rounds shown "
        f"{result['shown_seconds'] * 1000:.0f} ms after navigation (local server)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
