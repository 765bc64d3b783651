"""The /live namespace: staff subscribe to a scope and receive its summary as it changes.

Summaries are full snapshots computed from rollups. A change marks the rooms
that cover its unit and wakes a background task, which sends marked rooms a
fresh summary, a few at a time and those marked longest ago first (ROOMS_PER_TICK),
unless a room has used up its pace: one summary per
live interval (WAITINGROOM_LIVE_INTERVAL_MS), with one more allowed early after
a quieter spell; then the room waits until it is due. A quiet room hears of a
change in milliseconds, even of two close together, and a burst of responses
costs one summary per room per interval.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask, current_app, request
from flask_login import current_user

from waitingroom import rawsql
from waitingroom.auth.access import WIDE_ROLES
from waitingroom.auth.models import StaffUser
from waitingroom.auth.services import user_for_token
from waitingroom.extensions import db, socketio
from waitingroom.realtime import rooms
from waitingroom.realtime.bus import make_bus
from waitingroom.realtime.frames import broadcast
from waitingroom.responses.subscriptions import (
    Subscription,
    SubscriptionError,
    figures_for,
    group_key,
    past_days_settled,
    read_subscription,
    today_in,
)
from waitingroom.responses.summary import KeptFigures, TodayRows

log = logging.getLogger(__name__)
NAMESPACE = "/live"
COALESCE = 0.05  # seconds, unless the deployment sets LIVE_INTERVAL_MS
# The hub's pause between rooms, in seconds: any pause above none. Under gevent it
# lasts until the loop's next turn, in which the server looks at its sockets;
# sleep(0) lets run only the greenlets already woken, and the loop looks at its
# sockets only once fifty of them have run and 5 ms have passed: a kiosk's POST that
# arrived meanwhile was read only once every room had its summary (POST p99 of
# 37–80 ms against 6–11 ms with 500 dashboards, bench/live_load.py on SQLite).
TURN = 1e-6
# A tick sends at most this many rooms, those marked longest ago first, then reads
# today's cells again for the next: a change that comes while a tick runs waits for
# a few summaries, not for every room the tick took.
ROOMS_PER_TICK = 8


def summary_for(
    subscription: Subscription,
    today_rows: TodayRows | None = None,
    kept: KeptFigures | None = None,
) -> dict:
    """The subscription's figures now, with this deployment's settings (`kept`: see
    summary.summarise)."""
    timezone = current_app.config["TIMEZONE"]
    return figures_for(
        db.session,
        subscription,
        today_in(timezone),
        current_app.config["MIN_GROUP_SIZE"],
        cache_past=past_days_settled(timezone),
        today_rows=today_rows,
        kept=kept,
    )


def today_rows_for(
    subscriptions: list[Subscription], earlier: TodayRows | None = None, changed=frozenset()
) -> TodayRows:
    """Today's cells of every unit these subscriptions cover, in one read of those
    not kept from `earlier` (see TodayRows)."""
    units = {unit_id for subscription in subscriptions for unit_id in subscription.unit_ids}
    today = today_in(current_app.config["TIMEZONE"])
    return TodayRows(db.session, units, today, earlier, changed)


def room_of(subscription: Subscription) -> str:
    f = subscription.filters
    return rooms.summary_room(subscription.scope, subscription.window, f.audience, f.locale, f.area)


class LiveHub:
    """This process's live subscribers and the rooms waiting for a fresh summary."""

    def __init__(self):
        self.app: Flask | None = None
        self.bus = None
        self.subscriptions: dict[str, Subscription] = {}  # room -> what it shows
        self.members: dict[str, set[str]] = {}  # room -> sids
        self.room_of_sid: dict[str, str] = {}
        self.dirty: dict[str, float] = {}  # room -> when a change first marked it
        self.changed_units: set[int] = set()  # since the last tick's read
        self.today_rows: TodayRows | None = None  # the last tick's read
        self.kept: dict[str, KeptFigures] = {}  # room -> its questions' figures
        # room -> when its pace is back to one summary per interval (see _take_due)
        self.paced_until: dict[str, float] = {}
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.task = None
        self.interval = COALESCE

    def init_app(self, app: Flask) -> None:
        self.app = app
        self.interval = app.config.get("LIVE_INTERVAL_MS", COALESCE * 1000) / 1000
        self.bus = make_bus(app.config.get("SOCKETIO_MESSAGE_QUEUE"))
        self.bus.listen(self.changed, socketio.start_background_task)

    def join(self, sid: str, subscription: Subscription) -> str:
        room = room_of(subscription)
        self.leave(sid)
        with self.lock:
            self.subscriptions[room] = subscription
            self.members.setdefault(room, set()).add(sid)
            self.room_of_sid[sid] = room
        socketio.server.enter_room(sid, room, namespace=NAMESPACE)
        self._ensure_task()
        return room

    def leave(self, sid: str) -> None:
        with self.lock:
            room = self.room_of_sid.pop(sid, None)
            if room is None:
                return
            members = self.members.get(room, set())
            members.discard(sid)
            if not members:
                self.members.pop(room, None)
                self.subscriptions.pop(room, None)
                self.dirty.pop(room, None)
                self.paced_until.pop(room, None)
                self.kept.pop(room, None)
        socketio.server.leave_room(sid, room, namespace=NAMESPACE)

    def changed(self, changes: list) -> None:
        """`changes` holds unit ids and group keys (subscriptions.group_key)."""
        keys = set(changes)
        now = time.monotonic()
        with self.lock:
            self.changed_units.update(key for key in keys if isinstance(key, int))
            for room, subscription in self.subscriptions.items():
                if keys.intersection(subscription.watches):
                    self.dirty.setdefault(room, now)
            marked = bool(self.dirty)
        if marked:
            self.wake.set()

    def _ensure_task(self) -> None:
        if self.task is None:
            self.task = socketio.start_background_task(self._run)

    def _take_due(self) -> tuple[list[tuple[str, Subscription]], float | None]:
        """The rooms to send now (at most ROOMS_PER_TICK, those marked longest ago
        first), and when the next waiting room falls due.

        Each summary moves a room's pace on by one interval from now or from where
        it was, whichever is later; a room may send while its pace is less than
        one interval ahead of now. Steadily busy, a room hears one summary per
        interval; after a quieter spell, two changes close together are both sent
        at once, instead of the second waiting out the interval: a unit's room
        hears of one response after another within the interval as soon as of one.
        """
        now = time.monotonic()
        with self.lock:
            # Only subscribed rooms are marked, and leave() unmarks a room it drops.
            ready = sorted(
                (since, room) for room, since in self.dirty.items() if self._due_at(room) <= now
            )
            due = [room for _, room in ready[:ROOMS_PER_TICK]]
            for room in due:
                del self.dirty[room]
                self.paced_until[room] = max(self.paced_until.get(room, 0), now) + self.interval
            waiting = [self._due_at(room) for room in self.dirty]
            return [(room, self.subscriptions[room]) for room in due], min(waiting, default=None)

    def _due_at(self, room: str) -> float:
        return self.paced_until.get(room, 0) - self.interval

    def _run(self) -> None:
        next_due = None
        while True:
            timeout = 1.0 if next_due is None else max(0.0, next_due - time.monotonic())
            self.wake.wait(timeout)
            self.wake.clear()
            due, next_due = self._take_due()
            if not due:
                continue
            with self.lock:
                changed, self.changed_units = self.changed_units, set()
            try:
                with self.app.app_context():
                    rawsql.statement_at_a_time(db.session)  # reads only: no BEGIN, no COMMIT
                    # Read after the rooms were taken, so it holds every change that marked them.
                    today_rows = today_rows_for(
                        [subscription for _, subscription in due], self.today_rows, changed
                    )
                    self.today_rows = today_rows
                    for room, subscription in due:
                        with self.lock:
                            if room not in self.subscriptions:
                                continue  # its last member left meanwhile
                            kept = self.kept.setdefault(room, {})
                        figures = summary_for(subscription, today_rows, kept)
                        # This process's own subscribers only: never through the queue.
                        broadcast(socketio.server, "summary", figures, room, NAMESPACE)
                        # Let requests waiting on this process run between rooms: a
                        # kiosk's POST should not wait for fifty summaries.
                        socketio.sleep(TURN)
                    db.session.remove()
            except Exception:  # noqa: BLE001 - the next change or re-subscribe heals it
                log.exception("could not send live summaries")
                self.today_rows = None
                self.kept.clear()
                socketio.sleep(1)


hub = LiveHub()


def response_stored(unit_id: int, concern: bool = False) -> None:
    """Called after a response is committed: refresh live views, alert reviewers."""
    responses_stored(unit_id, concerns=int(concern))


def responses_stored(unit_id: int, concerns: int = 0) -> None:
    """Called after responses of one unit are committed: one change for all of them,
    and an alert for each quarantined comment."""
    if hub.bus is not None:
        hub.bus.publish([unit_id])
    if concerns:
        alert = {"kind": "safeguarding", "unit": _unit_code(unit_id)}
        for _ in range(concerns):
            for room in (rooms.safeguarding_room(unit_id), rooms.all_safeguarding_room()):
                socketio.emit("alert", alert, to=room, namespace=NAMESPACE)


def round_answered(group_id: int, concern: bool = False) -> None:
    """Called after a youth member's answer is committed: refresh the group's live views.

    A concern in a member's idea alerts the reviewers who see every unit: youth
    groups belong to the whole programme.
    """
    if hub.bus is not None:
        hub.bus.publish([group_key(group_id)])
    if concern:
        alert = {"kind": "safeguarding", "group": group_id}
        socketio.emit("alert", alert, to=rooms.all_safeguarding_room(), namespace=NAMESPACE)


def talk_requested(unit) -> None:
    """A child at a waiting-room tablet asked to talk to an adult. Nothing identifies them."""
    alert = {"kind": "talk", "unit": unit.code, "unit_name": unit.name}
    for room in (rooms.alerts_room(unit.id), rooms.all_alerts_room()):
        socketio.emit("alert", alert, to=room, namespace=NAMESPACE)


def _unit_code(unit_id: int) -> str:
    from waitingroom.units.models import Unit

    unit = db.session.get(Unit, unit_id)
    return unit.code if unit else ""


# --- handlers ---------------------------------------------------------------

_users: dict[str, int] = {}  # sid -> staff user id (kept here, never in the session)


def _connecting_user(auth) -> StaffUser | None:
    if isinstance(auth, dict) and isinstance(auth.get("token"), str):
        return user_for_token(db.session, auth["token"])
    if current_user and current_user.is_authenticated:
        return db.session.get(StaffUser, int(current_user.get_id()))
    return None


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    user = _connecting_user(auth)
    if user is None:
        raise ConnectionRefusedError("unauthorized")
    _users[request.sid] = user.id
    if user.role in WIDE_ROLES:
        alert_rooms = [rooms.all_alerts_room(), rooms.all_safeguarding_room()]
    else:
        alert_rooms = [rooms.alerts_room(a.unit_id) for a in user.assignments]
        alert_rooms += [
            rooms.safeguarding_room(a.unit_id) for a in user.assignments if a.safeguarding_reviewer
        ]
    for room in alert_rooms:
        socketio.server.enter_room(request.sid, room, namespace=NAMESPACE)


@socketio.on("subscribe", namespace=NAMESPACE)
def on_subscribe(data=None):
    user = db.session.get(StaffUser, _users.get(request.sid, -1))
    if user is None or not user.active:
        return {"error": "unauthorized", "message": "sign in again"}
    try:
        subscription = read_subscription(db.session, user, data)
    except SubscriptionError as error:
        return {"error": error.code, "message": str(error)}
    hub.join(request.sid, subscription)
    return summary_for(subscription)


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(reason=None):
    hub.leave(request.sid)
    _users.pop(request.sid, None)
