"""Submit → live summary latency, as a staff member's live view sees it.

Run: .venv/bin/python -m bench.live_latency [--responses 200] [--interval 0.3]
Serves the demo region with gunicorn (one gevent worker), connects a staff
Socket.IO client to /live over WebSocket, subscribes to one unit, then posts
responses one at a time as its kiosk and times each from the start of the POST
to the arrival of the summary that counts it. Baseline, measured in the same
run: the POST's own round trip. Responses are spaced by --interval (above the
0.25 s coalescing window) so each one is timed on its own.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import socketio

from tests.live import demo_server, flask_command


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def payload() -> dict:
    now = datetime.now(UTC).isoformat()
    return {
        "id": str(uuid.uuid4()), "flow": "visit-4-7", "version": 1, "audience": "age_4_7",
        "locale": "sv", "started_at": now, "submitted_at": now,
        "answers": [{"question": "waiting", "value": 3}, {"question": "safe", "value": 2}],
    }


def measure(responses: int, interval: float) -> dict:
    folder = Path(tempfile.mkdtemp())
    settings = {"WAITINGROOM_KIOSK_RATE_LIMIT": "100000/minute"}
    with demo_server(f"sqlite:///{folder / 'latency.sqlite'}", settings) as server:
        token = flask_command(server, "create-token", "admin@demo.test")["token"]
        kiosk = next(k for k in server["kiosks"] if k["unit"] == "DEMO-ASTHMA")
        kiosk_token = kiosk["pair_url"].rsplit("/", 1)[1]
        host = server["url"].split("//", 1)[1]

        arrived = threading.Condition()
        seen: list[tuple[float, int]] = []
        client = socketio.Client()

        @client.on("summary", namespace="/live")
        def _summary(data):
            with arrived:
                seen.append((time.perf_counter(), data["seq"]))
                arrived.notify_all()

        client.connect(server["url"], namespaces=["/live"], transports=["websocket"],
                       auth={"token": token})
        first = client.call("subscribe", {"scope": "unit:DEMO-ASTHMA", "window": "today"},
                            namespace="/live")
        seq = first["seq"]
        connection = http.client.HTTPConnection(host)
        headers = {"Authorization": f"Bearer {kiosk_token}", "Content-Type": "application/json"}
        latencies, round_trips = [], []
        for _ in range(responses):
            body = json.dumps(payload())
            started = time.perf_counter()
            connection.request("POST", "/api/v1/responses", body, headers)
            reply = connection.getresponse()
            reply.read()
            round_trips.append(time.perf_counter() - started)
            assert reply.status == 201, reply.status
            seq += 1
            with arrived:
                arrived.wait_for(lambda want=seq: any(s >= want for _, s in seen), timeout=5)
                when = next((t for t, s in seen if s >= seq), None)
                seen.clear()
            if when is None:
                raise RuntimeError(f"no summary with seq {seq} within 5 s")
            latencies.append(when - started)
            time.sleep(interval)
        client.disconnect()
    return {"latencies": latencies, "round_trips": round_trips}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.3)
    args = parser.parse_args()
    result = measure(args.responses, args.interval)
    ms = [value * 1000 for value in result["latencies"]]
    base = [value * 1000 for value in result["round_trips"]]
    p50, p99 = percentile(ms, 0.5), percentile(ms, 0.99)
    b50, b99 = percentile(base, 0.5), percentile(base, 0.99)
    print(f"responses: {len(ms)}, spaced {args.interval:.2f} s")
    print(f"submit -> live summary: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(ms):.1f} ms, "
          f"mean {statistics.fmean(ms):.1f} ms")
    print(f"baseline POST round trip: p50 {b50:.1f} ms, p99 {b99:.1f} ms")
    print(f"ratio to baseline: p50 {p50 / b50:.2f}x, p99 {p99 / b99:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
