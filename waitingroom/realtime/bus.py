"""Telling every server process that a unit's figures changed.

One process: a direct call. Several (SOCKETIO_MESSAGE_QUEUE=redis://…): a
Redis channel, so a kiosk posting to one process updates a live view held
by another.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)
CHANNEL = "waitingroom:changes"

# A change names the units whose figures moved (ids) and youth groups ("group:<id>").
Listener = Callable[[list], None]


class LocalBus:
    def __init__(self):
        self._listeners: list[Listener] = []

    def listen(self, listener: Listener, start_task) -> None:
        self._listeners.append(listener)

    def publish(self, changes: list) -> None:
        for listener in self._listeners:
            listener(changes)


class RedisBus:
    def __init__(self, url: str):
        import redis

        self._redis = redis.Redis.from_url(url)
        self._listeners: list[Listener] = []
        self._started = False

    def listen(self, listener: Listener, start_task) -> None:
        self._listeners.append(listener)
        if not self._started:
            self._started = True
            start_task(self._run)

    def publish(self, changes: list) -> None:
        try:
            self._redis.publish(CHANNEL, json.dumps(changes))
        except Exception:  # noqa: BLE001 - a lost push is healed by the client's re-subscribe
            log.warning("could not publish a change to Redis")

    def _run(self) -> None:
        import time

        while True:
            try:
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    changes = json.loads(message["data"])
                    for listener in self._listeners:
                        listener(changes)
            except Exception:  # noqa: BLE001 - keep listening through Redis restarts
                log.warning("lost the Redis change channel; reconnecting")
                time.sleep(1)


def make_bus(queue_url: str | None):
    return RedisBus(queue_url) if queue_url else LocalBus()
