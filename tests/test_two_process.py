"""Two server processes behind Redis: a kiosk posting to one updates a live view on the other.

Two gunicorn processes (gevent worker, wsgi:app) on two ports share one
database (a SQLite file, or PostgreSQL when DATABASE_URL names it) and
SOCKETIO_MESSAGE_QUEUE. A staff client holds /live on one process while a
kiosk posts to the other.
"""

from __future__ import annotations

import os
import queue
from contextlib import contextmanager

import pytest
import socketio

from tests.live import fresh_database
from tests.servers import MIN_GROUP_SIZE, SCOPE, cluster, post_response, prepared_env, redis_answers

QUEUE = os.environ.get("WAITINGROOM_TEST_REDIS", "redis://127.0.0.1:6379/7")

pytestmark = pytest.mark.skipif(
    not redis_answers(QUEUE), reason=f"Redis does not answer at {QUEUE} (start redis-server)"
)


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    database = fresh_database(
        os.environ.get("DATABASE_URL"), tmp_path_factory.mktemp("two"), "twoproc"
    )
    env, tokens = prepared_env(database, {"SOCKETIO_MESSAGE_QUEUE": QUEUE})
    with cluster(env, 2) as servers:
        # Enough answers today that figures are shown, not suppressed as small numbers.
        for _ in range(MIN_GROUP_SIZE):
            post_response(servers[0]["port"], tokens["kiosk_token"])
        yield {"servers": servers, **tokens}


@contextmanager
def watching(url: str, token: str):
    """A staff live view on one server, subscribed to TWO-UNIT, while the block runs;
    yields (the queue its summaries arrive in, its first summary)."""
    pushed: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("summary", pushed.put, namespace="/live")
    client.connect(url, namespaces=["/live"], transports=["websocket"], auth={"token": token})
    try:
        yield pushed, client.call("subscribe", SCOPE, namespace="/live", timeout=10)
    finally:
        client.disconnect()


def summary_counting(pushed: queue.Queue, total: int) -> dict:
    """The first pushed summary whose total reaches `total` (summaries may coalesce)."""
    while True:
        summary = pushed.get(timeout=10)  # queue.Empty fails the test: nothing arrived
        if summary["total"] >= total:
            return summary


@pytest.mark.parametrize(("watched", "posted"), [(1, 0), (0, 1)], ids=["A-to-B", "B-to-A"])
def test_a_kiosk_on_one_process_updates_a_live_view_on_another(two_servers, watched, posted):
    servers = two_servers["servers"]
    with watching(servers[watched]["url"], two_servers["staff_token"]) as (pushed, first):
        assert first["suppressed"] is False
        before = first["total"]
        before_waiting = first["questions"]["visit-4-7/waiting"]["counts"].get("3", 0)
        post_response(servers[posted]["port"], two_servers["kiosk_token"])
        summary = summary_counting(pushed, before + 1)
        assert summary["scope"] == "unit:TWO-UNIT" and summary["seq"] > first["seq"]
        assert summary["total"] == before + 1
        assert summary["questions"]["visit-4-7/waiting"]["counts"]["3"] == before_waiting + 1


def test_both_processes_see_the_same_figures(two_servers):
    """The same scope read from either process is the same snapshot of the shared database."""
    servers = two_servers["servers"]
    token = two_servers["staff_token"]
    with watching(servers[0]["url"], token) as (_, first_a), \
            watching(servers[1]["url"], token) as (_, first_b):
        assert first_a["total"] == first_b["total"]
        assert first_a["questions"] == first_b["questions"]


def test_a_page_on_another_site_cannot_open_a_live_connection(two_servers):
    """Cross-site WebSocket hijacking: the staff cookie must not work from another origin."""
    url = two_servers["servers"][0]["url"]
    token = two_servers["staff_token"]
    stranger = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        stranger.connect(
            url,
            namespaces=["/live"],
            transports=["websocket"],
            auth={"token": token},
            headers={"Origin": "https://evil.example"},
        )
    friend = socketio.Client(reconnection=False)  # sends this server's own origin
    friend.connect(url, namespaces=["/live"], transports=["websocket"], auth={"token": token})
    assert friend.connected
    friend.disconnect()


def test_a_live_view_hears_each_change_once_when_both_processes_watch_its_scope(two_servers):
    """Each process sends its own dashboards their summaries: none comes twice over Redis."""
    servers = two_servers["servers"]
    token = two_servers["staff_token"]
    with watching(servers[0]["url"], token) as (pushed_a, first), \
            watching(servers[1]["url"], token) as (pushed_b, _):
        post_response(servers[0]["port"], two_servers["kiosk_token"])
        for pushed in (pushed_a, pushed_b):
            summary_counting(pushed, first["total"] + 1)
        # The live interval is 50 ms: a copy from the other process would be here by now.
        with pytest.raises(queue.Empty):
            pushed_a.get(timeout=1)
        with pytest.raises(queue.Empty):
            pushed_b.get(timeout=0.2)
