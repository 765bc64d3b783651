"""Rate limits per device on the endpoints that take responses.

Counted with `limits` in RATELIMIT_STORAGE_URI: in this process's memory, or in
Redis when several processes serve the deployment, so a limit holds across them.
A small decorator of our own rather than Flask-Limiter: its checks on every
request cost a fifth of a single response's time (bench/ingest.py).
"""

from __future__ import annotations

import logging
import math
import time
from functools import wraps

from flask import Flask, current_app
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from waitingroom.errors import api_error

log = logging.getLogger(__name__)


class DeviceLimits:
    """The limiter of one app: its storage and the rates it has parsed."""

    def __init__(self, storage_uri: str):
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
                wait = max(wait or 1, math.ceil(reset - time.time()))
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
