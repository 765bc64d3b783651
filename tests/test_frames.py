"""A room's summary is framed once for all its dashboards (waitingroom/realtime/frames.py).

Dashboards here are raw WebSocket clients on a real server (gunicorn, gevent
worker), so what is checked is the bytes on the wire: one offers
permessage-deflate and compresses what it sends, as browsers do, and inflates
with one inflater for the whole connection, as a browser may; the other offers
nothing.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import socket
import ssl
import struct
import threading
import zlib

import pytest
import socketio
from wsproto.extensions import PerMessageDeflate
from wsproto.frame_protocol import FrameProtocol, Opcode

from tests.live import fresh_database
from tests.servers import MIN_GROUP_SIZE, SCOPE, gunicorn, post_response, prepared_env
from waitingroom.realtime import frames
from waitingroom.realtime.frames import SharedText

BROWSER_OFFER = "permessage-deflate; client_max_window_bits"


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

    def __init__(self, port: int, token: str, offer: str = ""):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buffer = b""
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            + (f"Sec-WebSocket-Extensions: {offer}\r\n" if offer else "")
            + "\r\n"
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
    deflating = Dashboard(server["port"], server["staff_token"], BROWSER_OFFER)
    plain = Dashboard(server["port"], server["staff_token"])
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
            assert plain.summary_counting(first["total"] + n) == pushed  # seq included
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


def test_a_dashboard_that_asks_for_a_smaller_window_gets_summaries_uncompressed(server):
    """A frame compressed with the full window is not for it: it gets the plain frame,
    which permessage-deflate allows, and everything else compressed as it asked."""
    small = Dashboard(
        server["port"], server["staff_token"], BROWSER_OFFER + "; server_max_window_bits=10"
    )
    try:
        assert "server_max_window_bits=10" in small.extensions
        first = small.subscribe(SCOPE, 0)
        post_response(server["port"], server["kiosk_token"])
        assert small.summary_counting(first["total"] + 1)["scope"] == SCOPE["scope"]
        assert small.plain["summary"] >= 1
        assert small.compressed["summary"] == 0
        assert small.compressed["other"] >= 1  # the subscribe reply, say
    finally:
        small.close()


def test_a_dashboard_on_long_polling_gets_the_same_summaries(server):
    pushed: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("summary", pushed.put, namespace="/live")
    client.connect(server["url"], namespaces=["/live"], transports=["polling"],
                   auth={"token": server["staff_token"]})
    try:
        first = client.call("subscribe", SCOPE, namespace="/live", timeout=10)
        post_response(server["port"], server["kiosk_token"])
        while (summary := pushed.get(timeout=10))["total"] < first["total"] + 1:
            pass
        assert summary["scope"] == SCOPE["scope"]
    finally:
        client.disconnect()


class Members:
    """A Socket.IO server as broadcast sees it: a room of members, and the packets
    each is given."""

    def __init__(self, room: str, members: list[str]):
        from waitingroom.realtime.packets import TextPacket

        self.packet_class = TextPacket
        self.rooms = {room: members}
        self.given: dict[str, list] = {member: [] for member in members}
        self.manager = self
        self.eio = self  # engine.io's sockets: none here has a WebSocket to write to
        self.sockets: dict = {}

    def get_participants(self, namespace: str, room: str):
        return [(f"sid-{member}", member) for member in self.rooms.get(room, [])]

    def _send_eio_packet(self, eio_sid: str, packet) -> None:
        self.given[eio_sid].append(packet)


def test_a_room_gets_one_packet_whose_frames_are_made_once():
    server = Members("unit:A", ["one", "two", "three"])
    frames.broadcast(server, "summary", {"total": 7, "scope": "unit:A"}, "unit:A", "/live")
    given = [packets for packets in server.given.values()]
    assert all(len(packets) == 1 for packets in given)
    packet = given[0][0]
    assert all(packets[0] is packet for packets in given)  # the very same packet
    text = packet.encode()
    assert isinstance(text, SharedText)
    assert text == '42/live,["summary",{"total":7,"scope":"unit:A"}]'
    assert text.deflated is text.deflated  # compressed once, however many ask
    assert text.plain is text.plain


def decoded(data: bytes) -> list[tuple[Opcode, bool, str]]:
    """Messages as wsproto, a client with deflate agreed as the app agrees it, reads
    them: (opcode, whole, text)."""
    deflate = PerMessageDeflate()
    deflate.finalize(
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
    )
    protocol = FrameProtocol(client=True, extensions=[deflate])
    protocol.receive_bytes(data)
    return [(f.opcode, f.message_finished, f.payload) for f in protocol.received_frames()]


@pytest.mark.parametrize("size", [1, 2, 125, 126, 127, 65535, 65536, 70000])
def test_a_shared_frame_holds_the_whole_text_at_every_length(size):
    text = SharedText("4" + "x" * (size - 1))
    assert len(text.encode()) == size
    # Each frame alone, then one after another on a connection's single inflater.
    assert decoded(text.plain) == [(Opcode.TEXT, True, text)]
    assert decoded(text.deflated) == [(Opcode.TEXT, True, text)]
    assert decoded(text.deflated + text.plain + text.deflated) == [(Opcode.TEXT, True, text)] * 3


def test_a_shared_frame_carries_any_text_as_utf8():
    text = SharedText('42/live,["summary",{"unit":"Barnmottagningen å ä ö","ar":"مرحبا"}]')
    assert decoded(text.deflated + text.plain) == [(Opcode.TEXT, True, text)] * 2


class Socket:
    """A socket whose buffer takes `room` bytes at a time."""

    def __init__(self, room: int):
        self.room = room
        self.wire = b""

    def send(self, data: bytes) -> int:
        taken = data[: self.room]
        self.wire += taken
        return len(taken)

    def sendall(self, data: bytes) -> None:
        while data:
            data = data[self.send(data):]


class EngineIO:
    """An engine.io server as install sees it: its async driver's classes."""

    def __init__(self, websocket):
        self._async = {"websocket": websocket, "sleep": None}


def installed_websocket(handler, sock, connected: bool = True, async_mode: str = ""):
    """engine.io's WebSocket class as install leaves it for `async_mode`, serving
    `handler`, over `sock`."""
    from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI

    server = EngineIO(SimpleWebSocketWSGI)
    server.async_mode = async_mode
    assert frames.install(server)
    websocket = server._async["websocket"](handler, server)
    websocket.ws = type("SimpleWebSocket", (), {})()
    websocket.ws.connected = connected
    websocket.ws.sock = sock
    websocket.ws.ws = None  # no wsproto state to read: the plain frame
    return websocket


def connection(room: int, connected: bool = True):
    """engine.io's WebSocket class as install leaves it, over a socket of `room`."""
    return installed_websocket(lambda ws: None, Socket(room), connected)


def test_a_frame_that_does_not_fit_the_buffer_at_once_still_goes_out_whole():
    text = SharedText("4" + "x" * 5000)
    websocket = connection(room=1000)
    websocket.send(text)
    assert websocket.ws.sock.wire == text.plain


def test_a_closed_connection_refuses_a_frame_as_the_writer_expects():
    websocket = connection(room=1000, connected=False)
    with pytest.raises(OSError):
        websocket.send(SharedText("4x"))
    assert websocket.ws.sock.wire == b""


def test_another_websocket_class_is_left_alone_with_a_warning(caplog):
    class Elsewhere:
        pass

    server = EngineIO(Elsewhere)
    assert not frames.install(server)
    assert server._async["websocket"] is Elsewhere
    assert "framed per connection" in caplog.text


class EngineIOSocket:
    """engine.io's socket as a direct write sees it: its writer's queue and state."""

    def __init__(self):
        self.queue: queue.Queue = queue.Queue()
        self.closing = self.closed = False
        self.upgraded = True  # on its WebSocket: the writer serves it

    def handle(self, ws) -> None:
        """The WebSocket handler engine.io gives its WebSocket class (a bound method)."""


@pytest.fixture
def socket_pairs():
    """Socket pairs for the test, closed after it."""
    made = []

    def pair(buffer: int) -> tuple[socket.socket, socket.socket]:
        ours, theirs = socket.socketpair()
        ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, buffer)
        theirs.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, buffer)
        ours.setblocking(False)  # as gevent keeps every socket
        made.extend((ours, theirs))
        return ours, theirs

    yield pair
    for end in made:
        end.close()


@pytest.fixture
def direct_connection(socket_pairs):
    """A WebSocket as install leaves it under gevent, over a real socket pair whose
    sending side holds about `buffer` bytes, after its writer's first packet;
    gives (websocket, its engine.io socket, the dashboard's end)."""
    def make(buffer: int, async_mode: str = "gevent"):
        owner = EngineIOSocket()
        ours, theirs = socket_pairs(buffer)
        websocket = installed_websocket(owner.handle, ours, async_mode=async_mode)
        assert getattr(owner, "direct_websocket", None) is None, "not before its writer runs"
        websocket.send(SharedText("40"))  # the writer's first packet: Socket.IO's connect
        assert received(theirs, 4) == SharedText("40").plain
        return websocket, owner, theirs

    return make


def received(theirs: socket.socket, size: int) -> bytes:
    theirs.settimeout(5)
    data = b""
    while len(data) < size:
        data += theirs.recv(size - len(data))
    return data


def test_an_idle_connection_gets_the_frame_written_at_once_without_its_writer(
    direct_connection,
):
    websocket, owner, theirs = direct_connection(buffer=1 << 20)
    assert owner.direct_websocket is websocket
    text = SharedText('42/live,["summary",{"total":7}]')
    assert websocket.send_now(text, owner)
    assert owner.queue.empty(), "the writer has nothing to do"
    assert received(theirs, len(text.plain)) == text.plain


def test_a_room_is_written_to_its_idle_members_and_queued_for_the_others(direct_connection):
    idle, idle_owner, idle_end = direct_connection(buffer=1 << 20)
    busy, busy_owner, busy_end = direct_connection(buffer=1 << 20)
    busy_owner.queue.put("a ping waiting for the writer")
    server = Members("unit:A", ["idle", "busy", "polling"])
    server.sockets = {"idle": idle_owner, "busy": busy_owner, "polling": EngineIOSocket()}
    frames.broadcast(server, "summary", {"total": 7}, "unit:A", "/live")
    text = SharedText('42/live,["summary",{"total":7}]')
    assert received(idle_end, len(text.plain)) == text.plain
    assert server.given["idle"] == [], "written, so not also queued"
    assert [p.encode() for p in server.given["busy"]] == [text]
    assert [p.encode() for p in server.given["polling"]] == [text]
    busy_end.setblocking(False)
    with pytest.raises(BlockingIOError):
        busy_end.recv(10)  # nothing jumped the ping's queue


def test_a_frame_bigger_than_the_buffer_leaves_its_rest_to_the_writer_first_in_line(
    direct_connection,
):
    websocket, owner, theirs = direct_connection(buffer=4096)
    text = SharedText("4" + "x" * 300_000)
    assert websocket.send_now(text, owner)
    rest = owner.queue.get_nowait()
    assert owner.queue.empty()
    got = theirs.recv(1 << 20)
    assert 0 < len(got) < len(text.plain)
    websocket.ws.sock.setblocking(True)  # the writer's own send waits, as gevent's does
    writer = threading.Thread(target=websocket.send, args=(rest.encode(),))
    writer.start()
    got += received(theirs, len(text.plain) - len(got))
    writer.join()
    assert decoded(got) == [(Opcode.TEXT, True, text)]


def test_a_busy_writer_a_waiting_packet_or_an_unready_socket_keeps_the_frame_in_line(
    direct_connection,
):
    text = SharedText("4x")
    websocket, owner, theirs = direct_connection(buffer=1 << 20)
    owner.queue.put("a ping waiting for the writer")
    assert not websocket.send_now(text, owner)
    owner.queue.get_nowait()
    websocket._sending = True  # the writer is out with a packet, waiting for room
    assert not websocket.send_now(text, owner)
    websocket._sending = False
    for state in ("upgraded", "closing", "closed", "connected"):
        # Still probing the WebSocket (long-polling meanwhile), closing, closed.
        holder = websocket.ws if state == "connected" else owner
        before = getattr(holder, state)
        setattr(holder, state, not before)
        assert not websocket.send_now(text, owner), state
        setattr(holder, state, before)
    theirs.setblocking(False)
    with pytest.raises(BlockingIOError):
        theirs.recv(10)  # nothing was written


def test_a_socket_that_blocks_or_speaks_tls_is_left_to_the_writer(socket_pairs):
    ours, _ = socket_pairs(4096)
    assert frames._writable_as_is(ours) == ours.fileno()
    ours.setblocking(True)
    assert frames._writable_as_is(ours) == -1
    mine, _ = socket_pairs(4096)
    tls = ssl.create_default_context().wrap_socket(
        mine, server_hostname="dashboard.test", do_handshake_on_connect=False
    )
    assert frames._writable_as_is(tls) == -1


def test_outside_gevent_every_frame_goes_through_the_writer(direct_connection):
    websocket, owner, _ = direct_connection(buffer=1 << 20, async_mode="threading")
    assert getattr(owner, "direct_websocket", None) is None
    assert not websocket.send_now(SharedText("4x"), owner)


def test_a_finished_connection_lets_go_of_its_engineio_socket(direct_connection):
    websocket, owner, _ = direct_connection(buffer=1 << 20)
    assert owner.direct_websocket is websocket
    websocket.ws = None  # what __call__ makes; here the handler returns at once
    with pytest.raises(Exception):  # noqa: B017 - simple-websocket's own, without a request
        websocket({}, None)
    assert owner.direct_websocket is None
