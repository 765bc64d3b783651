"""One summary, framed once, for every dashboard of a room.

The hub sends the same summary to every member of a room. Through Socket.IO's
own emit, each member's connection frames the text again and, where the browser
asked for permessage-deflate (every browser does), compresses it again with its
own compressor: with 500 dashboards that compression alone saturated a process
(bench/live_load.py --deflate). `broadcast` instead gives every member's queue
one packet whose text carries its WebSocket frame, and at most one compressed
frame, made once; those bytes go out as they are, in turn with the
connection's other packets (see "Writes to a connection" below).

Why a frame compressed once is right on every connection:
- connections are accepted with server_no_context_takeover (a server may ask
  for it unasked, RFC 7692 section 7.1.1.1; client_no_context_takeover too,
  7.1.1.2, which keeps memory down), so no message the server compresses
  refers back to an earlier one, and each compressed message stands alone,
  whichever connection it goes to;
- a connection whose deflate settings differ (a smaller window), or whose
  settings cannot be read, gets the frame uncompressed, as permessage-deflate
  allows for any message.
A connection still on long-polling reads the same packet as any other.

Writes to a connection: its engine.io writer sends its packets, shared frames
among them, one after the other. Under gevent, where only one greenlet runs at
a time, `broadcast` writes a shared frame itself to each connection whose
writer is idle (nothing queued, nothing on its way out), as the writer would
have at once, without waking it: with 500 dashboards, each woken writer cost
more than the write (bench/live_load.py). A write never waits: what does not
fit the socket's buffer goes to the writer, first in its queue.
simple-websocket's reader also writes, to answer a client's WebSocket ping or
close; a frame that does not fit the socket's buffer at once could let such a
reply in between its bytes. That is as it was before shared frames
(simple-websocket writes the same way), and browsers send no WebSocket pings:
Socket.IO pings ride in packets.

Relies on engine.io's, python-socketio's, simple-websocket's and wsproto's
insides (setup.cfg bounds their versions); where they are not as expected,
`install` changes nothing and summaries go out the usual way.
"""

from __future__ import annotations

import logging
import os
import ssl
import struct
import zlib
from functools import cached_property

import simple_websocket.ws
from engineio import packet as eio_packet
from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI
from socketio import packet as sio_packet
from wsproto.extensions import PerMessageDeflate

log = logging.getLogger(__name__)

WINDOW_BITS = 15  # what a browser leaves to the server: the most deflate allows
TEXT = 0x81  # FIN and the text opcode; servers do not mask
COMPRESSED_TEXT = 0xC1  # the same with RSV1: a compressed message


def frame(first: int, payload: bytes) -> bytes:
    """A whole WebSocket message in one frame, as a server writes it."""
    size = len(payload)
    if size < 126:
        return bytes((first, size)) + payload
    if size < 1 << 16:
        return struct.pack("!BBH", first, 126, size) + payload
    return struct.pack("!BBQ", first, 127, size) + payload


class SharedText(str):
    """An Engine.IO packet's text, with its WebSocket frames made once, when asked."""

    @cached_property
    def plain(self) -> bytes:
        return frame(TEXT, self.encode())

    @cached_property
    def deflated(self) -> bytes:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -WINDOW_BITS)
        data = compressor.compress(self.encode()) + compressor.flush(zlib.Z_SYNC_FLUSH)
        return frame(COMPRESSED_TEXT, data[:-4])  # without the flush's 00 00 ff ff


def broadcast(server, event: str, data, room: str, namespace: str) -> None:
    """What server.emit(event, data, to=room, namespace=namespace, ignore_queue=True)
    does for `data` a dict or a list: the event to this process's members of the
    room, with one packet for them all."""
    encoded = server.packet_class(sio_packet.EVENT, data=[event, data], namespace=namespace)
    text = encoded.encode()
    if not isinstance(text, str):  # binary attachments: not this path's
        server.emit(event, data, to=room, namespace=namespace, ignore_queue=True)
        return
    shared = eio_packet.Packet(eio_packet.MESSAGE, text)
    # engine.io sends a packet's encode_cache as its text; a SharedText also frames.
    shared.encode_cache = SharedText(shared.encode())
    sockets = server.eio.sockets
    for _, eio_sid in server.manager.get_participants(namespace, room):
        socket = sockets.get(eio_sid)
        websocket = getattr(socket, "direct_websocket", None)
        if websocket is None or not websocket.send_now(shared.encode_cache, socket):
            server._send_eio_packet(eio_sid, shared)  # as the manager's own emit sends


class _FrameRest(str):
    """What a direct write left of a frame: bytes the writer sends before anything else."""

    def __new__(cls, data: bytes):
        rest = super().__new__(cls, "the rest of a frame")  # any text but "": engine.io's cache
        rest.data = data
        return rest


def _takes_shared_deflate(connection) -> bool:
    """Whether a wsproto connection inflates a frame compressed once for all: deflate
    negotiated, each message on its own, full window. False where it cannot tell."""
    proto = getattr(getattr(connection, "connection", None), "_proto", None)
    for extension in getattr(proto, "extensions", None) or ():
        if isinstance(extension, PerMessageDeflate) and extension.enabled():
            return (
                extension.server_no_context_takeover
                and extension.server_max_window_bits == WINDOW_BITS
            )
    return False


class _SharedFrameSending:
    """Mixed into engine.io's WebSocket class: a SharedText goes out as its frame,
    from its writer or, under gevent, written directly (send_now)."""

    cooperative = False  # set per server: True under gevent, one greenlet at a time
    _sends_deflated: bool | None = None  # per connection, once known
    _sending = False  # the writer is writing a packet (and may be waiting to)
    _fd: int | None = None  # the socket's descriptor, or -1 where it cannot be written

    def __init__(self, handler, server, **kwargs):
        super().__init__(handler, server, **kwargs)
        # engine.io's socket whose WebSocket handler this is; it learns of this
        # WebSocket once its writer sends (see send), not before: an upgrade that
        # fails, or a second one racing it, never starts a writer.
        owner = getattr(handler, "__self__", None)
        self._owner = owner if self.cooperative and hasattr(owner, "queue") else None

    def __call__(self, environ, start_response):
        try:
            return super().__call__(environ, start_response)
        finally:  # the connection is over: no reference cycle left for the collector
            if getattr(self._owner, "direct_websocket", None) is self:
                self._owner.direct_websocket = None

    def send(self, message):
        self._sending = True
        try:
            if self._owner is not None and self.ws.connected:
                self._owner.direct_websocket = self
            if isinstance(message, _FrameRest):
                return self.ws.sock.sendall(message.data)
            if not isinstance(message, SharedText):
                return super().send(message)
            data = self._frame(message)
            # One send takes a whole summary almost always; gevent's sendall would
            # first ask the kernel for the buffer's size, a second system call per frame.
            sent = self.ws.sock.send(data)
            if sent < len(data):
                self.ws.sock.sendall(data[sent:])
            return None
        finally:
            self._sending = False

    def _frame(self, message: SharedText) -> bytes:
        ws = self.ws
        if not ws.connected:
            raise OSError("the WebSocket is closed")  # the writer's cue to stop, as usual
        if self._sends_deflated is None:
            self._sends_deflated = _takes_shared_deflate(ws.ws)
        return message.deflated if self._sends_deflated else message.plain

    def send_now(self, message: SharedText, socket) -> bool:
        """Write a shared frame to this connection at once, where its writer is idle;
        False (nothing written) where the writer should send it instead."""
        if self._sending or not socket.queue.empty() or socket.closing or socket.closed:
            return False
        if not socket.upgraded:  # still on long-polling, or probing this WebSocket
            return False
        if not self.cooperative or not self.ws.connected:
            return False
        if self._fd is None:
            self._fd = _writable_as_is(self.ws.sock)
        if self._fd < 0:
            return False
        data = self._frame(message)
        try:
            sent = os.write(self._fd, data)  # non-blocking: never waits
        except OSError:  # a full buffer or a closed connection: the writer's to handle
            return False
        if sent < len(data):
            rest = eio_packet.Packet(eio_packet.MESSAGE)
            rest.encode_cache = _FrameRest(data[sent:])
            socket.queue.put(rest)  # the queue was empty: it goes out next
        return True


def _writable_as_is(sock) -> int:
    """The descriptor of a socket that takes bytes as they are and never blocks the
    caller: not TLS (gunicorn can serve HTTPS itself), not blocking; else -1."""
    from gevent import ssl as gevent_ssl  # gevent is there whenever writes are direct

    if isinstance(sock, ssl.SSLSocket | gevent_ssl.SSLSocket):
        return -1
    fd = sock.fileno()
    return -1 if os.get_blocking(fd) else fd


class _SelfContainedDeflate(PerMessageDeflate):
    """permessage-deflate with each message compressed on its own, both ways.

    The server's side makes shared frames sound. The client's side keeps memory
    down: a connection's compressor and inflater live only while a message is
    worked on, instead of for as long as the tablet or dashboard stays connected
    (with browser-like clients, 175 KiB a connection kept, against 74 KiB:
    bench.connections --deflate).
    """

    def __init__(self, **settings):
        settings.setdefault("server_no_context_takeover", True)
        settings.setdefault("client_no_context_takeover", True)
        super().__init__(**settings)


def install(eio_server) -> bool:
    """Let an engine.io server's WebSockets send shared frames; False (and nothing
    changed) where its WebSocket class is not simple-websocket's."""
    websocket = (eio_server._async or {}).get("websocket")
    offered = getattr(simple_websocket.ws, "PerMessageDeflate", None)
    if not (
        isinstance(websocket, type)
        and issubclass(websocket, SimpleWebSocketWSGI)
        and offered in (PerMessageDeflate, _SelfContainedDeflate)
    ):
        log.warning(
            "live summaries are framed per connection: the WebSocket class %r or its "
            "deflate is not simple-websocket's as expected", websocket
        )
        return False
    # simple-websocket offers permessage-deflate under this name, made per connection.
    simple_websocket.ws.PerMessageDeflate = _SelfContainedDeflate
    if not issubclass(websocket, _SharedFrameSending):
        cooperative = {"cooperative": getattr(eio_server, "async_mode", None) == "gevent"}
        shared = type("SharedFrameWebSocket", (_SharedFrameSending, websocket), cooperative)
        eio_server._async = {**eio_server._async, "websocket": shared}
    return True
