"""Connections take turns in a gevent worker (waitingroom/serving.py).

gunicorn's gevent worker patches the standard library, so the check runs in a
process of its own that does the same: the test process itself stays unpatched.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from tests.live import ROOT

# Two kept-alive connections, as greenlets: one sends requests back to back, the
# other has one waiting. Each request is the wrapped app called at once, as the
# worker calls it when the next request is already in its buffer.
SCRIPT = r"""
from gevent import monkey
monkey.patch_all()

import json
import sys

import gevent

from waitingroom.serving import taking_turns

order = []


def app(environ, start_response):
    order.append(environ["who"])
    return []


wrapped = taking_turns(app) if sys.argv[1] == "taking turns" else app


def busy():
    for _ in range(5):
        wrapped({"who": "busy"}, None)


def waiting():
    wrapped({"who": "waiting"}, None)


first = gevent.spawn(busy)
second = gevent.spawn(waiting)
gevent.joinall([first, second])
print(json.dumps(order))
"""


def served(mode: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], cwd=ROOT, capture_output=True, text=True,
        check=True, timeout=60,
    )
    return json.loads(done.stdout)


def test_a_waiting_connection_is_served_between_another_ones_back_to_back_requests():
    order = served("taking turns")
    assert order.index("waiting") < 2, order  # not after the busy one's five
    assert order.count("busy") == 5


def test_without_taking_turns_one_connection_is_served_back_to_back():
    """What the wrapper is for: the same two connections, served unwrapped."""
    assert served("as is") == ["busy"] * 5 + ["waiting"]


def _classes_left_for_the_collector(client, path: str, requests: int) -> int:
    """How many classes `requests` requests under a gunicorn-like environ leave as
    garbage that only the cycle collector frees."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _ in range(requests):
            client.get(path, environ_overrides={"gunicorn.socket": object()})
        gc.collect()
        return sum(isinstance(found, type) for found in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_pages_and_the_api_pass_by_socketio_and_make_no_garbage_classes(client):
    """engineio's middleware makes a class per request under gunicorn; kiosks post
    hundreds of responses a second, and those classes woke the collector."""
    assert _classes_left_for_the_collector(client, "/api/v1/health", 20) == 0
    assert client.get("/api/v1/health").json["status"] == "ok"
    # Socket.IO's own path still goes through its middleware, to the handshake.
    opened = client.get("/socket.io/?EIO=4&transport=polling")
    assert opened.status_code == 200 and opened.get_data(as_text=True).startswith("0{")
