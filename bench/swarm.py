"""Many Socket.IO clients in one process, as gevent greenlets rather than threads.

Started by the benchmarks (bench.live_load, bench.connections) as
`python -m bench.swarm` with a JSON spec on stdin's first line:
  {"url": …, "namespace": "/live", "auth": [{"token": …}, …], "count": N,
   "subscribe": [payload, …] or null, "concurrency": 50}
It connects `count` clients (auth and subscribe payloads taken in turn), prints
one JSON line {"connected", "failed", "rss_kb"}, then waits for a second line
on stdin, prints {"summaries": received, "still_connected": n} and exits
without saying goodbye.

With "lean": true the clients are LeanClient: Socket.IO over a plain WebSocket,
spoken just far enough to connect, subscribe, answer pings and count the
summaries that arrive, without decoding them. With "deflate": true as well, they
offer permessage-deflate and compress what they send, as browsers do (and
inflate what comes compressed), so the server compresses and inflates as it
would for browsers. The server sends a lean client exactly the same bytes as
a full one; but a full python-socketio client spends a core's worth of time
parsing 500 dashboards' summaries, time the server under test then lacks on a
small machine where both run (bench.live_load).
"""

from gevent import monkey

monkey.patch_all()

import base64  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import socket  # noqa: E402
import struct  # noqa: E402
import sys  # noqa: E402
import zlib  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import gevent  # noqa: E402
import gevent.pool  # noqa: E402
import socketio  # noqa: E402


def rss_kb(pid: int | str = "self") -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def raise_open_files() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class LeanClient:
    """One Socket.IO client on a raw WebSocket (Engine.IO 4, Socket.IO 5, text frames)."""

    def __init__(self, url: str, namespace: str, on_summary, deflate: bool = False):
        self.namespace = namespace
        self.on_summary = on_summary
        self.summary_prefix = f'42{namespace},["summary"'.encode()
        self.connected = False
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
            f"Host: {parts.netloc}\r\nOrigin: {parts.scheme}://{parts.netloc}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            # What browsers offer.
            + ("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
               if deflate else "")
            + "\r\n"
        ).encode())
        self.buffer = b""
        head = self._read_until(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            raise ConnectionError(head.split(b"\r\n", 1)[0].decode(errors="replace"))
        deflating = b"permessage-deflate" in head
        self.inflater = zlib.decompressobj(-15) if deflating else None
        # Browsers compress what they send too, keeping their compressor's window
        # between messages unless the server asks them not to.
        self.fresh_each_message = b"client_no_context_takeover" in head
        self.deflater = self._deflater() if deflating else None
        if not self.read_text().startswith("0"):  # Engine.IO open
            raise ConnectionError("no Engine.IO open packet")

    def _read_exactly(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed by the server")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _read_until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed by the server")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(marker, 1)
        return head

    def read_frame(self) -> bytes:
        """The next message's payload (fragments joined; control frames answered)."""
        message = b""
        compressed = False
        while True:
            first, second = self._read_exactly(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read_exactly(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read_exactly(8))[0]
            payload = self._read_exactly(length)
            opcode = first & 0x0F
            if opcode == 0x8:
                raise ConnectionError("closed by the server")
            if opcode == 0x9:
                self.send(payload, opcode=0xA)
                continue
            if opcode in (0x1, 0x2):
                compressed = bool(first & 0x40)  # RSV1 on a message's first frame
            message += payload
            if first & 0x80:
                if compressed:
                    return self.inflater.decompress(message + b"\x00\x00\xff\xff")
                return message

    def read_text(self) -> str:
        return self.read_frame().decode()

    @staticmethod
    def _deflater():
        return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)

    def send(self, data: bytes | str, opcode: int = 0x1) -> None:
        if isinstance(data, str):
            data = data.encode()
        first = 0x80 | opcode
        if self.deflater is not None and opcode == 0x1:
            data = (self.deflater.compress(data) + self.deflater.flush(zlib.Z_SYNC_FLUSH))[:-4]
            first |= 0x40  # RSV1: compressed
            if self.fresh_each_message:
                self.deflater = self._deflater()
        mask = os.urandom(4)
        n = len(data)
        if n < 126:
            header = struct.pack("!BB", first, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", first, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", first, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(header + mask + masked)

    def connect(self, auth: dict, subscribe: dict | None) -> None:
        self.send(f"40{self.namespace},{json.dumps(auth)}")
        reply = self._next_socketio()
        if not reply.startswith(f"40{self.namespace},"):
            raise ConnectionError(f"namespace refused: {reply[:120]}")
        if subscribe is not None:
            self.send(f'42{self.namespace},0{json.dumps(["subscribe", subscribe])}')
            while not (reply := self._next_socketio()).startswith(f"43{self.namespace},0"):
                pass  # a summary may come before the ack
            ack = json.loads(reply.split(",", 1)[1][1:])[0]
            if "error" in ack:
                raise RuntimeError(ack["error"])
        self.connected = True
        self.sock.settimeout(None)

    def _next_socketio(self) -> str:
        while True:
            text = self.read_text()
            if text == "2":
                self.send("3")
            elif text.startswith("4"):
                return text

    def listen(self) -> None:
        """Count summaries, answer pings, until the connection ends."""
        try:
            while True:
                payload = self.read_frame()
                if payload.startswith(self.summary_prefix):
                    self.on_summary(None)
                elif payload == b"2":
                    self.send("3")
        except (ConnectionError, OSError):
            self.connected = False


def main() -> None:
    raise_open_files()
    spec = json.loads(sys.stdin.readline())
    namespace = spec["namespace"]
    received = {"summaries": 0}
    clients: list[socketio.Client] = []
    failed = []

    def on_summary(_data):
        received["summaries"] += 1

    def connect_lean(n: int) -> None:
        subscribe = spec.get("subscribe")
        try:
            client = LeanClient(spec["url"], namespace, on_summary, spec.get("deflate", False))
            client.connect(spec["auth"][n % len(spec["auth"])],
                           subscribe[n % len(subscribe)] if subscribe else None)
            gevent.spawn(client.listen)
            clients.append(client)
        except Exception as error:  # noqa: BLE001 - counted and reported, not fatal
            failed.append(repr(error)[:200])

    def connect(n: int) -> None:
        client = socketio.Client(reconnection=False)
        client.on("summary", on_summary, namespace=namespace)
        auth = spec["auth"][n % len(spec["auth"])]
        try:
            client.connect(spec["url"], namespaces=[namespace], transports=["websocket"],
                           auth=auth, wait_timeout=60)
            if spec.get("subscribe"):
                payload = spec["subscribe"][n % len(spec["subscribe"])]
                ack = client.call("subscribe", payload, namespace=namespace, timeout=60)
                if "error" in ack:
                    raise RuntimeError(ack["error"])
            clients.append(client)
        except Exception as error:  # noqa: BLE001 - counted and reported, not fatal
            failed.append(repr(error)[:200])

    pool = gevent.pool.Pool(spec.get("concurrency", 50))
    for n in range(spec["count"]):
        pool.spawn(connect_lean if spec.get("lean") else connect, n)
    pool.join()
    print(json.dumps({"connected": len(clients), "failed": len(failed),
                      "errors": sorted(set(failed))[:3], "rss_kb": rss_kb()}), flush=True)
    gevent.get_hub().threadpool.spawn(sys.stdin.readline).get()
    received["still_connected"] = sum(
        client.connected if isinstance(client, LeanClient) else namespace in client.namespaces
        for client in clients
    )
    print(json.dumps(received), flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
