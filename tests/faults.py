"""Kill the server with SIGKILL while kiosks keep sending, restart it, and count.

Used by tests/test_faults.py (which asserts) and bench/fault_kill.py (which prints).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from tests.live import ROOT, demo_server, free_port


def _payload(n: int) -> dict:
    """A plausible child's response: it took half a minute, answers vary."""
    now = datetime.now(UTC)
    return {
        "id": str(uuid.uuid4()), "flow": "visit-4-7", "version": 1, "audience": "age_4_7",
        "locale": "sv", "started_at": (now - timedelta(seconds=30)).isoformat(),
        "submitted_at": now.isoformat(),
        "answers": [{"question": "waiting", "value": 1 + n % 3},
                    {"question": "safe", "value": 1 + (n // 3) % 3}],
    }


@contextmanager
def _gunicorn(env: dict, port: int):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1",
         "-b", f"127.0.0.1:{port}", "wsgi:app"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(10)


class Kiosk(threading.Thread):
    """Sends `count` responses one at a time, retrying each until the server answers it."""

    def __init__(self, port: int, token: str, count: int, stats: dict, lock: threading.Lock):
        super().__init__(daemon=True)
        self.port, self.token, self.count, self.stats, self.lock = port, token, count, stats, lock
        self.ids: list[str] = []

    def _post(self, body: str) -> int | None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            connection.request("POST", "/api/v1/responses", body, {
                "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
            status = connection.getresponse().status
            connection.close()
            return status
        except OSError:
            return None

    def run(self) -> None:
        for n in range(self.count):
            payload = _payload(n)
            body = json.dumps(payload)
            while True:
                with self.lock:
                    self.stats["sent"] += 1
                status = self._post(body)
                if status in (200, 201):
                    with self.lock:
                        self.stats["accepted" if status == 201 else "duplicate"] += 1
                        self.stats["last_ok"] = time.monotonic()
                    self.ids.append(payload["id"])
                    break
                time.sleep(0.05)  # connection refused, reset or 5xx: retry the same response


def kill_and_replay(database: str, kiosks: int = 3, per_kiosk: int = 100) -> dict:
    """Returns the counts: sent, accepted, duplicate, stored, counted, and restart timing."""
    settings = {"WAITINGROOM_KIOSK_RATE_LIMIT": "100000/minute"}
    with demo_server(database, settings) as seeded:
        env = seeded["env"]
        tokens = [k["pair_url"].rsplit("/", 1)[1] for k in seeded["kiosks"][:kiosks]]
    engine = sa.create_engine(database)
    with engine.connect() as connection:
        before = connection.execute(sa.text("SELECT count(*) FROM response")).scalar_one()
        counted_before = connection.execute(sa.text(
            "SELECT coalesce(sum(count), 0) FROM rollup WHERE question = '*' AND value = '*'"
        )).scalar_one()
    port = free_port()
    stats = {"sent": 0, "accepted": 0, "duplicate": 0, "last_ok": 0.0}
    lock = threading.Lock()
    senders = [Kiosk(port, token, per_kiosk, stats, lock) for token in tokens]
    with _gunicorn(env, port) as first:
        time.sleep(1.5)
        for sender in senders:
            sender.start()
        while stats["accepted"] < kiosks * per_kiosk // 3:
            time.sleep(0.01)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        killed_at_accepted = stats["accepted"]
    time.sleep(0.5)
    restarted = time.monotonic()
    with _gunicorn(env, port):
        while stats["last_ok"] < restarted:
            time.sleep(0.01)
        first_ok_after_restart = stats["last_ok"] - restarted
        for sender in senders:
            sender.join(120)
    ids = [i for sender in senders for i in sender.ids]
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT count(*) FROM response")).scalar_one() - before
        counted = connection.execute(sa.text(
            "SELECT coalesce(sum(count), 0) FROM rollup WHERE question = '*' AND value = '*'"
        )).scalar_one() - counted_before
    engine.dispose()
    return {
        "responses": kiosks * per_kiosk,
        "distinct": len(set(ids)),
        "sent": stats["sent"],
        "accepted": stats["accepted"],
        "duplicate": stats["duplicate"],
        "stored": stored,
        "counted": counted,
        "killed_after": killed_at_accepted,
        "first_accepted_after_restart_s": round(first_ok_after_restart, 2),
    }
