"""Rate limits per device on the endpoints that take responses.

Counted in RATELIMIT_STORAGE_URI: in Redis, with `limits`, when several processes
serve the deployment, so a limit holds across them; in this process's memory
(memory://) when it serves alone. A small decorator of our own rather than
Flask-Limiter: its checks on every request cost a fifth of a single response's
time (bench/ingest.py), and `limits`' own memory store starts a timer thread
every few milliseconds to expire its counts.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from functools import wraps

from flask import Flask, current_app
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from waitingroom.errors import api_error

log = logging.getLogger(__name__)


class ProcessWindows:
    """Fixed windows counted in this process's memory.

    Windows are aligned to the clock (a minute's window is that clock minute),
    where `limits` starts a device's window at its first hit: within a window
    the two allow the same number of requests.
    """

    # Past windows are dropped once this many counts are kept (one per device and
    # rate), and then not again until the counts have doubled: tokens made up to
    # fill the table cost a sweep now and then, never one per request.
    PRUNE_AT = 10_000

    def __init__(self, clock=time.time):
        # (amount, seconds, scope, key) -> (window number, hits in it)
        self.counts: dict[tuple, tuple[int, int]] = {}
        self.lock = threading.Lock()
        self.clock = clock
        self.prune_at = self.PRUNE_AT

    def hit(self, rate, scope: str, key: str) -> bool:
        """Count a hit; whether it is within the rate."""
        seconds = rate.get_expiry()
        window = int(self.clock() // seconds)
        name = (rate.amount, seconds, scope, key)
        with self.lock:
            counted, hits = self.counts.get(name, (window, 0))
            hits = hits + 1 if counted == window else 1
            self.counts[name] = (window, hits)
            if len(self.counts) > self.prune_at:
                self._prune()
        return hits <= rate.amount

    def get_window_stats(self, rate, scope: str, key: str) -> tuple[float, int]:
        """When the current window ends (epoch seconds), and the hits it has left."""
        seconds = rate.get_expiry()
        window = int(self.clock() // seconds)
        counted, hits = self.counts.get((rate.amount, seconds, scope, key), (window, 0))
        left = rate.amount - hits if counted == window else rate.amount
        return (window + 1) * seconds, max(0, left)

    def _prune(self) -> None:
        now = self.clock()
        self.counts = {
            name: (window, hits)
            for name, (window, hits) in self.counts.items()
            if window == int(now // name[1])
        }
        self.prune_at = max(self.PRUNE_AT, 2 * len(self.counts))


class DeviceLimits:
    """The limiter of one app: its counters and the rates it has parsed."""

    def __init__(self, storage_uri: str, clock=time.time):
        self.clock = clock
        if storage_uri == "memory://":
            self.limiter = ProcessWindows(clock)
        else:
            self.limiter = FixedWindowRateLimiter(storage_from_string(storage_uri))
        self._parsed: dict[str, list] = {}

    def rates(self, text: str) -> list:
        found = self._parsed.get(text)
        if found is None:
            found = self._parsed[text] = parse_many(text)
        return found

    def retry_after(self, text: str, scope: str, key: str) -> int | None:
        """Seconds until every rate of `text` lets `key` through again, or None if it may
        go now. Counts this request as a hit of each rate."""
        wait = None
        for rate in self.rates(text):
            if not self.limiter.hit(rate, scope, key):
                reset, _ = self.limiter.get_window_stats(rate, scope, key)
                wait = max(wait or 1, math.ceil(reset - self.clock()))
        return wait


def init_app(app: Flask) -> None:
    app.extensions["device_limits"] = DeviceLimits(app.config["RATELIMIT_STORAGE_URI"])


def limit(setting: str, key_func):
    """Allow each device (named by `key_func`) the rate in app.config[setting]; beyond it
    the request gets 429 with Retry-After. A counter store that cannot be reached lets
    the request through: a lost limit is better than a lost response."""

    def decorator(view):
        @wraps(view)
        def limited(*args, **kwargs):
            limits: DeviceLimits = current_app.extensions["device_limits"]
            try:
                wait = limits.retry_after(current_app.config[setting], setting, key_func())
            except Exception as error:  # noqa: BLE001 - fail open, see above
                log.warning("rate limit store unavailable (%s)", type(error).__name__)
                wait = None
            if wait is not None:
                reply, status = api_error(
                    429, "rate_limited", "too many requests from this device; try later"
                )
                reply.headers["Retry-After"] = str(wait)
                return reply, status
            return view(*args, **kwargs)

        return limited

    return decorator
