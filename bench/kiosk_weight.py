"""Kiosk weight: bytes transferred for a tablet's first load and for one response.

Run: .venv/bin/python -m bench.kiosk_weight
Serves the demo region with gunicorn, loads the kiosk in the system Chromium
through Playwright, and counts what crossed the wire (Chrome's encodedDataLength),
then what the same resources weigh gzip-compressed (as a proxy serving them
compressed would send them). Target (issue 7): first load under 150 KB compressed.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.live import CHROMIUM_ARGS, demo_server

CHROMIUM = "/usr/bin/chromium"


def measure() -> dict:
    folder = Path(tempfile.mkdtemp())
    with demo_server(f"sqlite:///{folder / 'weight.sqlite'}") as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        urls: dict[str, str] = {}
        sizes: dict[str, int] = {}
        cdp.on(
            "Network.responseReceived",
            lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
        )
        replies = []
        page.on("response", lambda reply: replies.append(reply))
        pair = server["kiosks"][0]["pair_url"]
        page.goto(pair)
        page.wait_for_selector('[data-screen="attract"]')
        page.locator('[data-action="start"]').first.click()
        page.locator('[data-locale="sv"]').click()
        page.locator('[data-audience="age_4_7"]').click()
        page.wait_for_selector('[data-screen="question"]')
        page.wait_for_load_state("networkidle")
        # Bodies as the page received them, whether from the network or from the
        # service worker (which fetched them itself, out of this page's sight).
        bodies = {reply.url: reply.body() for reply in replies if reply.status < 300}
        first_load = {url: len(body) for url, body in bodies.items()}
        compressed = sum(len(gzip.compress(body, 6)) for body in bodies.values())

        sizes.clear()
        urls.clear()
        sent = lambda r: "/api/v1/responses" in r.url and r.request.method == "POST"  # noqa: E731
        with page.expect_response(sent, timeout=60_000) as posted:
            while True:
                page.wait_for_selector('[data-screen="question"], [data-screen="thanks"]')
                if page.locator('[data-screen="thanks"]').count():
                    break
                page.locator('[data-screen="question"] [data-value]').first.click()
                next_button = page.locator('[data-screen="question"] [data-action="next"]')
                if next_button.count() and next_button.is_visible():
                    next_button.click()
                page.wait_for_timeout(400)
        page.wait_for_timeout(500)
        one_response = {
            "request body": len(posted.value.request.post_data_buffer or b""),
            "reply on the wire": sum(
                size for rid, size in sizes.items() if "/api/v1/responses" in urls.get(rid, "")
            ),
        }
        browser.close()
    return {"first_load": first_load, "compressed": compressed, "one_response": one_response}


def main() -> int:
    result = measure()
    print("Kiosk first load, per resource (bytes of body, uncompressed):")
    for url, size in sorted(result["first_load"].items(), key=lambda item: -item[1]):
        print(f"  {size:>8,}  {url.split('://', 1)[-1].split('/', 1)[-1][:70]}")
    total = sum(result["first_load"].values())
    print(
        f"first load: {total:,} bytes uncompressed ({len(result['first_load'])} resources); "
        f"{result['compressed']:,} bytes gzip-compressed; target < 150,000 compressed "
        f"(ratio {result['compressed'] / 150_000:.2f} of target)"
    )
    sent = result["one_response"]
    print(
        f"one response: {sent['request body']:,} bytes of JSON sent, "
        f"{sent['reply on the wire']:,} bytes of reply (headers included)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
