"""How this app's Socket.IO packets are written: JSON text only, by orjson."""

from __future__ import annotations

import json

import orjson
from socketio.packet import Packet


class PacketJSON:
    """JSON of Socket.IO packets: orjson writes what this app sends (a live summary,
    encoded once per room, took a tenth of a busy server's time with the json module),
    falling back to json for what orjson cannot write; json reads what clients send."""

    @staticmethod
    def dumps(data, **kwargs) -> str:
        try:
            return orjson.dumps(data).decode()
        except TypeError:  # orjson.JSONEncodeError: a type or an integer it does not know
            return json.dumps(data, **kwargs)

    loads = staticmethod(json.loads)


class TextPacket(Packet):
    """Socket.IO packets of JSON text only. Nothing this app sends holds bytes, so an
    event is not walked, value by value, looking for binary attachments first: for a
    live summary sent to hundreds of dashboards that walk cost as much as encoding it.
    Binary events a client sends are still read as the protocol says."""

    uses_binary_events = False
    json = PacketJSON
