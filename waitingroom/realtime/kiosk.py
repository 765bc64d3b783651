"""The /kiosk namespace: tablets report their health and ask for an adult."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from flask import request

from waitingroom.extensions import db, socketio
from waitingroom.realtime import rooms
from waitingroom.realtime.live import talk_requested
from waitingroom.units.models import Kiosk
from waitingroom.units.services import kiosk_for_token

NAMESPACE = "/kiosk"
MAX_COUNT = 1_000_000
_kiosks: dict[str, int] = {}  # sid -> kiosk id


def _count(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT:
        return value
    return None


def _now_to_the_minute() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, second=0, microsecond=0)


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    token = auth.get("token") if isinstance(auth, dict) else None
    kiosk = kiosk_for_token(db.session, token if isinstance(token, str) else None)
    if kiosk is None:
        raise ConnectionRefusedError("unauthorized")
    _kiosks[request.sid] = kiosk.id
    kiosk.last_seen = _now_to_the_minute()
    db.session.commit()
    socketio.server.enter_room(request.sid, rooms.kiosk_room(kiosk.unit_id), namespace=NAMESPACE)
    socketio.server.enter_room(request.sid, rooms.all_kiosks_room(), namespace=NAMESPACE)


def config_changed(unit_ids: Iterable[int] | None = None) -> None:
    """Tell tablets to fetch their configuration again: those of `unit_ids`, or every
    tablet when None (a published flow or a region post). Call it after the commit."""
    targets = [rooms.all_kiosks_room()] if unit_ids is None else map(rooms.kiosk_room, unit_ids)
    for room in targets:
        socketio.emit("config_changed", {}, to=room, namespace=NAMESPACE)


@socketio.on("heartbeat", namespace=NAMESPACE)
def on_heartbeat(data=None):
    """`{"outbox": n, "refused": n}`: what waits on the tablet, for the status board."""
    kiosk = db.session.get(Kiosk, _kiosks.get(request.sid, -1))
    if kiosk is None or kiosk.revoked:
        return {"error": "unauthorized"}
    if not isinstance(data, dict) or _count(data.get("outbox")) is None:
        return {"error": "invalid", "message": 'send {"outbox": <count>, "refused": <count>}'}
    kiosk.outbox = _count(data.get("outbox"))
    kiosk.refused = _count(data.get("refused"))
    kiosk.last_seen = _now_to_the_minute()
    db.session.commit()
    return {"ok": True}


@socketio.on("talk", namespace=NAMESPACE)
def on_talk(data=None):
    """A child pressed "I want to talk to someone"; staff of an opted-in unit are alerted."""
    kiosk = db.session.get(Kiosk, _kiosks.get(request.sid, -1))
    if kiosk is None or kiosk.revoked:
        return {"error": "unauthorized"}
    if kiosk.unit.talk_alerts:
        talk_requested(kiosk.unit)
    return {"ok": True, "alerted": kiosk.unit.talk_alerts}


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(reason=None):
    _kiosks.pop(request.sid, None)
