"""Rate limits per device: shared by every process through Redis, and never the
reason a response is lost when the counter store is away."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.conftest import make_response
from tests.servers import redis_answers
from waitingroom.ratelimit import DeviceLimits

REDIS = os.environ.get("WAITINGROOM_TEST_REDIS", "redis://127.0.0.1:6379/7")


@pytest.mark.skipif(
    not redis_answers(REDIS), reason=f"Redis does not answer at {REDIS} (start redis-server)"
)
def test_two_processes_share_one_tablets_limit_through_redis():
    first, second = DeviceLimits(REDIS), DeviceLimits(REDIS)  # as two server processes
    device = f"device:{uuid.uuid4().hex}"
    waits = [
        limits.retry_after("3/minute", "KIOSK_RATE_LIMIT", device)
        for limits in (first, second, first, second)
    ]
    assert waits[:3] == [None, None, None]
    assert 1 <= waits[3] <= 60  # the fourth in a minute, whichever process took it
    # Another tablet has its own count.
    assert second.retry_after("3/minute", "KIOSK_RATE_LIMIT", f"{device}-other") is None


def test_every_rate_of_a_setting_counts():
    limits = DeviceLimits("memory://")
    device = f"device:{uuid.uuid4().hex}"
    waits = [limits.retry_after("5/minute;2/hour", "SETTING", device) for _ in range(3)]
    assert waits[:2] == [None, None]
    # The hourly rate refuses, though the minute's allows: the wait is the hour's
    # (its window may end within the minute, near the top of the hour).
    other = f"device:{uuid.uuid4().hex}"
    hourly = [limits.retry_after("2/hour", "HOURLY", other) for _ in range(3)][2]
    assert waits[2] is not None and abs(waits[2] - hourly) <= 1


def test_a_response_is_taken_when_the_counter_store_is_away(app, client, auth, flows):
    definition, version = flows["age_4_7"]
    kept = app.extensions["device_limits"]
    app.extensions["device_limits"] = DeviceLimits("redis://127.0.0.1:9/0")  # nothing listens
    try:
        reply = client.post(
            "/api/v1/responses", json=make_response(definition, version), headers=auth
        )
    finally:
        app.extensions["device_limits"] = kept
    assert reply.status_code == 201
    assert reply.get_json()["status"] == "accepted"


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_tablet_refused_this_minute_is_let_through_the_next():
    clock = Clock(1_000_040.0)  # 20 s into a minute
    limits = DeviceLimits("memory://", clock)
    waits = [limits.retry_after("2/minute", "KIOSK_RATE_LIMIT", "tablet") for _ in range(3)]
    assert waits == [None, None, 40]  # Retry-After: until the minute ends
    assert limits.retry_after("2/minute", "KIOSK_RATE_LIMIT", "another tablet") is None
    clock.now += 40
    assert limits.retry_after("2/minute", "KIOSK_RATE_LIMIT", "tablet") is None


def test_counts_of_past_minutes_are_dropped_and_this_minutes_kept(monkeypatch):
    clock = Clock(2_000_000.0)
    limits = DeviceLimits("memory://", clock)
    monkeypatch.setattr(limits.limiter, "PRUNE_AT", 10)
    monkeypatch.setattr(limits.limiter, "prune_at", 10)
    for tablet in range(10):
        limits.retry_after("1/minute", "KIOSK_RATE_LIMIT", f"old {tablet}")
    clock.now += 60
    limits.retry_after("1/minute", "KIOSK_RATE_LIMIT", "kept")
    limits.retry_after("1/minute", "KIOSK_RATE_LIMIT", "pruning")  # the eleventh count
    assert len(limits.limiter.counts) == 2
    assert limits.retry_after("1/minute", "KIOSK_RATE_LIMIT", "kept") is not None


def test_made_up_tablets_filling_the_counts_are_swept_now_and_then_not_on_every_hit():
    limits = DeviceLimits("memory://", Clock(3_000_000.0))
    windows = limits.limiter
    windows.PRUNE_AT = windows.prune_at = 10
    sweeps = []
    sweep = windows._prune
    windows._prune = lambda: (sweeps.append(len(windows.counts)), sweep())
    for tablet in range(40):  # all in this minute: a sweep keeps every one
        limits.retry_after("1/minute", "KIOSK_RATE_LIMIT", f"made up {tablet}")
    assert sweeps == [11, 23]  # then only once the counts have doubled
