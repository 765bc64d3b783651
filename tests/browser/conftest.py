"""A real server (gunicorn, one gevent worker) and Debian's Chromium driven by Playwright.

Playwright's own browser download does not work here, so the system Chromium
is launched by path. Without it these tests skip, saying why; CI installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
IDLE_SECONDS = 5
GRACE_SECONDS = 20


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _live_database(url: str | None, folder: Path) -> str:
    """The live server gets a database of its own, apart from the in-process tests'."""
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{folder / 'live.sqlite'}"
    target = sa.engine.make_url(url.replace("postgresql://", "postgresql+psycopg://"))
    name = f"{target.database}_live"
    admin = sa.create_engine(target, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return target.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Migrate, seed and serve a demo region; yields its base URL, database and kiosk links."""
    folder = tmp_path_factory.mktemp("live")
    port = _free_port()
    database = _live_database(os.environ.get("DATABASE_URL"), folder)
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "SECRET_KEY": "browser-tests-secret-key-0123456789",
        "WAITINGROOM_IDLE_SECONDS": str(IDLE_SECONDS),
        "WAITINGROOM_IDLE_GRACE_SECONDS": str(GRACE_SECONDS),
        "WAITINGROOM_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    flask = [sys.executable, "-m", "flask", "--app", "waitingroom"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    seeded = subprocess.run([*flask, "seed-demo", "--json"], env=env, cwd=ROOT, check=True,
                            capture_output=True, text=True)
    kiosks = json.loads(seeded.stdout)["kiosks"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1",
         "-b", f"127.0.0.1:{port}", "wsgi:app"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/v1/health", timeout=1)  # noqa: S310
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(server.stderr.read().decode()[-2000:]) from None
            time.sleep(0.2)
    engine = sa.create_engine(database)
    yield {"url": base, "engine": engine, "kiosks": kiosks}
    server.terminate()
    server.wait(10)
    engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium (CI does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
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
