"""A real server (gunicorn, one gevent worker) and Debian's Chromium driven by Playwright.

Playwright's own browser download does not work here, so the system Chromium
is launched by path. Without it these tests skip, saying why; CI installs it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.live import CHROMIUM_ARGS, demo_server, fresh_database

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
IDLE_SECONDS = 5
GRACE_SECONDS = 20


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Migrate, seed and serve a demo region; yields its base URL, database and kiosk links."""
    database = fresh_database(os.environ.get("DATABASE_URL"), tmp_path_factory.mktemp("live"), "live")
    settings = {
        "WAITINGROOM_IDLE_SECONDS": str(IDLE_SECONDS),
        "WAITINGROOM_IDLE_GRACE_SECONDS": str(GRACE_SECONDS),
    }
    with demo_server(database, settings) as server:
        engine = sa.create_engine(database)
        yield {**server, "engine": engine}
        engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium (CI does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    yield context
    context.close()


@pytest.fixture
def count_responses(live_server):
    engine = live_server["engine"]

    def count(unit: str, **where) -> int:
        clauses = "".join(f" AND r.{column} = :{column}" for column in where)
        query = (
            "SELECT count(*) FROM response r JOIN unit u ON u.id = r.unit_id"  # noqa: S608
            f" WHERE u.code = :unit{clauses}"
        )
        with engine.connect() as connection:
            return connection.execute(sa.text(query), {"unit": unit, **where}).scalar_one()

    return count


def pair_url(live_server, unit: str) -> str:
    return next(k["pair_url"] for k in live_server["kiosks"] if k["unit"] == unit)
