"""Serve a seeded demo region with gunicorn on a free port, for browser tests and benchmarks."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(url: str | None, folder: Path, name: str) -> str:
    """An empty database of its own for a server a test starts: a SQLite file in
    `folder`, or, when the suite runs on PostgreSQL, a new database beside the suite's."""
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{folder / (name + '.sqlite')}"
    target = sa.engine.make_url(url.replace("postgresql://", "postgresql+psycopg://"))
    database = f"{target.database}_{name}"
    admin = sa.create_engine(target, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return target.set(database=database).render_as_string(hide_password=False)


@contextmanager
def demo_server(database: str, settings: dict | None = None):
    """Migrate and seed `database`, serve it; yields {"url", "kiosks"}."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "SECRET_KEY": "live-server-secret-key-0123456789",
        "WAITINGROOM_PUBLIC_URL": f"http://127.0.0.1:{port}",
        **(settings or {}),
    }
    flask = [sys.executable, "-m", "flask", "--app", "waitingroom"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    seeded = subprocess.run(
        [*flask, "seed-demo", "--json"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-k",
            "gevent",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{port}",
            "wsgi:app",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
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
    try:
        demo = json.loads(seeded.stdout)
        yield {"url": base, "kiosks": demo["kiosks"], "youth": demo["youth"], "env": env}
    finally:
        server.terminate()
        server.wait(10)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def flask_command(server: dict, *args: str) -> dict:
    """Run a `flask --app waitingroom … --json` command against a demo server's database."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "waitingroom", *args, "--json"],
        env=server["env"], cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout)
