"""Several real server processes on one database: migrate and seed once, then serve.

Used by tests/test_two_process.py, tests/test_frames.py and the benchmarks in bench/.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from tests.live import ROOT, free_port

FLASK = [sys.executable, "-m", "flask", "--app", "waitingroom"]
# prepared_env's unit, and the answers it needs before its figures are shown.
SCOPE = {"scope": "unit:TWO-UNIT", "window": "today"}
MIN_GROUP_SIZE = 5


def redis_answers(url: str) -> bool:
    """Whether a Redis server answers PING at `url`."""
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def server_env(database: str, settings: dict | None = None) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database,
        "SECRET_KEY": "live-server-secret-key-0123456789",
        **(settings or {}),
    }


def seeded_env(database: str, settings: dict | None = None) -> tuple[dict, dict]:
    """Migrate and seed the demo region; returns the server environment and seed-demo's JSON."""
    env = server_env(database, settings)
    subprocess.run([*FLASK, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    seeded = subprocess.run(
        [*FLASK, "seed-demo", "--json"], env=env, cwd=ROOT, check=True, capture_output=True,
        text=True,
    )
    return env, json.loads(seeded.stdout)


def _start(env: dict, app: str, workers: int, extra: tuple[str, ...]) -> dict:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", str(workers),
         "-b", f"127.0.0.1:{port}", *extra, app],
        env={**env, "WAITINGROOM_PUBLIC_URL": f"http://127.0.0.1:{port}"},
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    return {"url": f"http://127.0.0.1:{port}", "port": port, "process": process}


def _wait_ready(server: dict, ready_path: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(server["url"] + ready_path, timeout=1)  # noqa: S310
            return
        except OSError:
            process = server["process"]
            if process.poll() is not None or time.monotonic() > deadline:
                _stop(process)
                raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
            time.sleep(0.1)


@contextmanager
def cluster(env: dict, count: int, app: str = "wsgi:app", workers: int = 1,
            ready_path: str = "/api/v1/health", extra: tuple[str, ...] = ()):
    """`count` gunicorn servers (gevent worker) on their own ports, sharing `env`
    (database, message queue); yields [{"url", "port", "process"}, …].

    They start side by side; each runs in its own process group, so stopping it
    stops its workers too.
    """
    servers = [_start(env, app, workers, extra) for _ in range(count)]
    try:
        for server in servers:
            _wait_ready(server, ready_path)
        yield servers
    finally:
        for server in servers:
            if server["process"].poll() is None:
                os.killpg(server["process"].pid, signal.SIGTERM)
        for server in servers:
            _stop(server["process"])


@contextmanager
def gunicorn(env: dict, app: str = "wsgi:app", workers: int = 1,
             ready_path: str = "/api/v1/health", extra: tuple[str, ...] = ()):
    """One gunicorn server; yields {"url", "port", "process"}."""
    with cluster(env, 1, app, workers, ready_path, extra) as (server,):
        yield server


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def post_response(port: int, kiosk_token: str) -> dict:
    """One age 4-7 response, as the kiosk sends it."""
    started = datetime.now(UTC) - timedelta(seconds=40)
    body = {
        "id": str(uuid.uuid4()), "flow": "visit-4-7", "version": 1, "audience": "age_4_7",
        "locale": "ar", "started_at": started.isoformat(),
        "submitted_at": (started + timedelta(seconds=35)).isoformat(),
        "answers": [{"question": "waiting", "value": 3}],
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", "/api/v1/responses", json.dumps(body), {
        "Authorization": f"Bearer {kiosk_token}", "Content-Type": "application/json",
    })
    reply = connection.getresponse()
    assert reply.status == 201, reply.read()
    return json.loads(reply.read())


def flask_json(env: dict, *args: str) -> dict:
    """Run a `flask --app waitingroom … --json` command with a server's environment."""
    done = subprocess.run(
        [*FLASK, *args, "--json"], env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout)


def prepared_env(
    database: str, settings: dict | None = None, tablets: int = 1
) -> tuple[dict, dict]:
    """Migrate `database` and give it the least a live test needs, in one process (each
    `flask` command costs seconds of start-up): the shipped flows, unit TWO-UNIT with
    one kiosk, a programme staff member. `tablets` above 1 adds kiosks, two to a
    unit, for benchmarks that post as many tablets would. Returns the environment and
    {"kiosk_token", "kiosk_tokens", "staff_token"}."""
    env = server_env(database, settings)
    done = subprocess.run(
        [sys.executable, "-m", "tests.servers", str(tablets)], env=env, cwd=ROOT, check=True,
        capture_output=True, text=True,
    )
    return env, json.loads(done.stdout.strip().splitlines()[-1])


def _prepare(tablets: int) -> dict:
    from flask_migrate import upgrade

    from waitingroom import create_app
    from waitingroom.auth.services import create_token, create_user
    from waitingroom.extensions import db
    from waitingroom.flows.library import default_definitions, publish
    from waitingroom.units.services import create_unit, enroll_kiosk

    app = create_app()
    with app.app_context():
        upgrade()
        for definition in default_definitions():
            publish(db.session, definition)
        create_unit(db.session, "TWO-UNIT", "Tvåprocessmottagningen", "Testsjukhuset", ["asthma"])
        _, kiosk_token = enroll_kiosk(db.session, "TWO-UNIT", "waiting room")
        tokens = [kiosk_token]
        for n in range(1, tablets):
            code = f"BENCH-{(n - 1) // 2}"
            if (n - 1) % 2 == 0:
                create_unit(db.session, code, f"Mottagning {code}", "Testsjukhuset", [])
            tokens.append(enroll_kiosk(db.session, code, f"tablet {n}")[1])
        create_user(db.session, "programme@two.test", "programme", "two-process-password")
        staff_token = create_token(db.session, "programme@two.test")
        db.session.commit()
    return {"kiosk_token": kiosk_token, "kiosk_tokens": tokens, "staff_token": staff_token}


if __name__ == "__main__":
    print(json.dumps(_prepare(int(sys.argv[1]) if len(sys.argv) > 1 else 1)))
