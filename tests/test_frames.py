"""A room's summary is framed once for all its dashboards (waitingroom/realtime/frames.py).

Dashboards here are raw WebSocket clients on a real server (gunicorn, gevent
worker), so what is checked is the bytes on the wire: one offers
permessage-deflate and compresses what it sends, as browsers do, and inflates
with one inflater for the whole connection, as a browser may; the other offers
nothing.
"""

from __future__ import annotations

import base64
import io
import json
import os
import socket
import struct
import zlib

import pytest

from tests.live import fresh_database
from tests.servers import gunicorn, prepared_env
from tests.test_two_process import MIN_GROUP_SIZE, SCOPE, post_response
from waitingroom.realtime.frames import SharedText, frame


def read_message(read) -> tuple[bool, bytes]:
    """(compressed, payload) of the next data message; `read(n)` gives n bytes."""
    first, second = read(2)
    size = second & 0x7F
    if size == 126:
        size = struct.unpack("!H", read(2))[0]
    elif size == 127:
        size = struct.unpack("!Q", read(8))[0]
    assert first & 0x80, "a shared message is one whole frame"
    return bool(first & 0x40), read(size)


class Dashboard:
    """A staff live view speaking Socket.IO over a plain socket."""

    def __init__(self, port: int, token: str, deflate: bool):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buffer = b""
        offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"{offer if deflate else ''}\r\n"
        ).encode())
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(65536)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 101"), head
        self.extensions = next(
            (line.split(b":", 1)[1].decode().strip() for line in head.split(b"\r\n")
             if line.lower().startswith(b"sec-websocket-extensions:")), "")
        self.inflater = zlib.decompressobj(-15)  # one for the connection, window kept
        self.compressed = {"summary": 0, "other": 0}
        self.plain = {"summary": 0, "other": 0}
        assert self.text().startswith("0")  # Engine.IO open
        self.send(f'40/live,{json.dumps({"token": token})}')
        assert self.socketio().startswith("40/live,")

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            assert chunk, "the server closed the connection"
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def text(self) -> str:
        compressed, payload = read_message(self._read)
        if compressed:
            payload = self.inflater.decompress(payload + b"\x00\x00\xff\xff")
        text = payload.decode()
        kind = "summary" if text.startswith('42/live,["summary"') else "other"
        (self.compressed if compressed else self.plain)[kind] += 1
        return text

    def send(self, text: str) -> None:
        """A text message, compressed if deflate was agreed (a new compressor each
        time: the server asks for client_no_context_takeover)."""
        data, mask, first = text.encode(), os.urandom(4), 0x81
        if self.extensions:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            data = (compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH))[:-4]
            first |= 0x40
        assert len(data) < 126
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(struct.pack("!BB", first, 0x80 | len(data)) + mask + masked)

    def socketio(self) -> str:
        while (text := self.text()) == "2":
            self.send("3")  # Engine.IO ping
        return text

    def subscribe(self, scope: dict, ack_id: int) -> dict:
        self.send(f'42/live,{ack_id}{json.dumps(["subscribe", scope])}')
        while not (text := self.socketio()).startswith(f"43/live,{ack_id}"):
            pass
        return json.loads(text.split(",", 1)[1][len(str(ack_id)):])[0]

    def summary_counting(self, total: int) -> dict:
        while True:
            text = self.socketio()
            if text.startswith('42/live,["summary"'):
                summary = json.loads(text.split(",", 1)[1])[1]
                if (summary["total"] or 0) >= total:
                    return summary

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = fresh_database(
        os.environ.get("DATABASE_URL"), tmp_path_factory.mktemp("frames"), "frames"
    )
    env, tokens = prepared_env(database)
    with gunicorn(env) as server:
        for _ in range(MIN_GROUP_SIZE):
            post_response(server["port"], tokens["kiosk_token"])
        yield {**server, **tokens}


def test_a_browser_like_dashboard_gets_the_rooms_compressed_frame_and_a_plain_one_the_same_text(
    server,
):
    deflating = Dashboard(server["port"], server["staff_token"], deflate=True)
    plain = Dashboard(server["port"], server["staff_token"], deflate=False)
    try:
        # Each message the server compresses stands alone, so one frame fits all;
        # each the browser compresses too, so the server keeps no inflater between.
        assert "permessage-deflate" in deflating.extensions
        assert "server_no_context_takeover" in deflating.extensions
        assert "client_no_context_takeover" in deflating.extensions
        assert plain.extensions == ""
        first = deflating.subscribe(SCOPE, 0)
        assert plain.subscribe(SCOPE, 0)["total"] == first["total"]

        for n in range(1, 4):
            post_response(server["port"], server["kiosk_token"])
            pushed = deflating.summary_counting(first["total"] + n)
            assert plain.summary_counting(first["total"] + n) == pushed  # the very packet
        assert deflating.compressed["summary"] >= 3
        assert deflating.plain["summary"] == 0
        assert plain.compressed == {"summary": 0, "other": 0}

        # The connection's own compressor still writes what the same inflater reads
        # after the shared frames: another subscription's reply arrives intact.
        other = deflating.subscribe({"scope": "region", "window": "7d"}, 1)
        assert other["scope"] == "region" and other["window"] == "7d"
        assert deflating.compressed["other"] >= 1
        post_response(server["port"], server["kiosk_token"])
        region = deflating.summary_counting(first["total"] + 4)
        assert region["scope"] == "region"
    finally:
        deflating.close()
        plain.close()


@pytest.mark.parametrize("size", [0, 1, 125, 126, 65535, 65536, 70000])
def test_a_shared_frame_holds_the_whole_text_at_every_length(size):
    text = SharedText("4" + "å" * (size // 2) + "x" * (size % 2))
    payload = text.encode()
    plain = io.BytesIO(text.plain)
    assert read_message(plain.read) == (False, payload)
    assert plain.read() == b""  # nothing after the frame
    deflated = io.BytesIO(text.deflated)
    compressed, data = read_message(deflated.read)
    assert compressed
    assert zlib.decompressobj(-15).decompress(data + b"\x00\x00\xff\xff") == payload
    assert frame(0x81, payload) == text.plain
