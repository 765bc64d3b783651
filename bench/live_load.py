"""Submit → live summary latency with 500 staff dashboards connected and 200 responses/s.

Run: .venv/bin/python -m bench.live_load [--dashboards 500] [--rate 200] [--seconds 20]
                                         [--processes 1 | --split]
     DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test_wt7 .venv/bin/python -m bench.live_load

Serves the demo region (12 units) with gunicorn, one gevent worker. Kiosks of
every unit post responses, open loop, at --rate per second in all. One probe
dashboard per unit (scope unit:<CODE>, today) times each response from the
start of its POST to the first pushed summary whose total counts it. The other
dashboards, held by a bench.swarm process, watch a realistic spread of scopes:
every unit, administration and the region, over today, 7 and 30 days.
With --processes N, N app processes share the work as docs/deploy.md deploys
them, one per core, Redis carrying changes between them (SOCKETIO_MESSAGE_QUEUE,
redis://127.0.0.1:6379/6 unless BENCH_REDIS names another): probes, dashboards
and posting tablets are spread over the processes, as nginx's sticky balancing
spreads their connections.
With --split, two processes share the work by kind instead, as docs/deploy.md's
nginx can route it: one serves pages and the API (the tablets post there), the
other Socket.IO (probes and dashboards), Redis carrying changes from the first
to the second.
Baseline, measured in the same run: the same load with only the probes.
Summaries to a busy room are coalesced (WAITINGROOM_LIVE_INTERVAL_MS, 50 by
default; --interval-ms here): a room steadily busy hears one summary per
interval, with one more early after a quieter spell. That bounds the latency
from below whenever a unit gets more than one response per interval.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import socketio

from bench.load import Swarm, percentile, response
from tests.live import fresh_database
from tests.servers import cluster, flask_json, redis_answers, seeded_env
from waitingroom.demo import DEMO_UNITS

SETTINGS = {"WAITINGROOM_KIOSK_RATE_LIMIT": "100000000/minute"}
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/6")
POSTERS = 16


def dashboard_scopes(units: list[str], administrations: list[str]) -> list[dict]:
    scopes = [f"unit:{code}" for code in units]
    scopes += [f"administration:{name}" for name in administrations] + ["region"]
    return [{"scope": scope, "window": window} for window in ("today", "7d", "30d")
            for scope in scopes]


class Probes:
    """One /live client per unit, logging (arrival, total) of each pushed summary."""

    def __init__(self, urls: list[str], token: str, units: list[str]):
        self.log: dict[str, list[tuple[float, int]]] = defaultdict(list)
        self.base: dict[str, int] = {}
        self.clients = []
        for n, code in enumerate(units):
            url = urls[n % len(urls)]
            client = socketio.Client(reconnection=False)
            client.on("summary", self._receiver(code), namespace="/live")
            client.connect(url, namespaces=["/live"], transports=["websocket"],
                           auth={"token": token})
            first = client.call("subscribe", {"scope": f"unit:{code}", "window": "today"},
                                namespace="/live", timeout=30)
            self.base[code] = first["total"]
            self.clients.append(client)

    def _receiver(self, code: str):
        def receive(summary):
            self.log[code].append((time.perf_counter(), summary["total"] or 0))
        return receive

    def close(self) -> None:
        for client in self.clients:
            client.disconnect()


def post_load(ports: list[int], kiosks: dict[str, str], rate: float, seconds: float) -> dict:
    """Post at `rate`/s in all, units in turn, on a fixed schedule (open loop); the
    posting threads spread over the servers at `ports`."""
    jobs: queue.Queue = queue.Queue()
    units = list(kiosks)
    count = int(rate * seconds)
    accepted: dict[str, list[float]] = defaultdict(list)  # unit -> POST starts, in reply order
    round_trips: list[float] = []
    late: list[float] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def poster(port: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while (job := jobs.get()) is not None:
            n, due = job
            code = units[n % len(units)]
            body = json.dumps(response(n))
            headers = {"Authorization": f"Bearer {kiosks[code]}",
                       "Content-Type": "application/json"}
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            began = time.perf_counter()
            connection.request("POST", "/api/v1/responses", body, headers)
            reply = connection.getresponse()
            reply.read()
            with lock:
                round_trips.append(time.perf_counter() - began)
                late.append(began - due)
                if reply.status == 201:
                    accepted[code].append(began)

    threads = [threading.Thread(target=poster, args=(ports[n % len(ports)],))
               for n in range(POSTERS)]
    for thread in threads:
        thread.start()
    for n in range(count):
        jobs.put((n, start + n / rate))
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return {"accepted": accepted, "round_trips": round_trips, "late": late,
            "achieved": sum(map(len, accepted.values())) / elapsed}


def latencies(probes: Probes, accepted: dict[str, list[float]]) -> tuple[list[float], int]:
    """For each accepted response, the first summary at or after its POST that counts it."""
    found, missing = [], 0
    for code, starts in accepted.items():
        log = probes.log[code]
        for k, began in enumerate(starts, start=1):
            want = probes.base[code] + k
            when = next((t for t, total in log if total >= want and t >= began), None)
            if when is None:
                missing += 1
            else:
                found.append(when - began)
    return found, missing


def phase(live: list[dict], api: list[dict], token: str, kiosks: dict[str, str], rate: float,
          seconds: float, swarms: list[Swarm] = ()) -> dict:
    """Probes on the `live` servers time the responses posted to the `api` servers."""
    probes = Probes([server["url"] for server in live], token, list(kiosks))
    load = post_load([server["port"] for server in api], kiosks, rate, seconds)
    time.sleep(1.5)  # the last summaries arrive
    probes.close()
    found, missing = latencies(probes, load["accepted"])
    result = {**load, "latencies": found, "missing": missing}
    if swarms:
        result["summaries"] = sum(swarm.stop().get("summaries", 0) for swarm in swarms)
    return result


def measure(dashboards: int, rate: float, seconds: float, interval_ms: int,
            processes: int, deflate: bool, split: bool) -> dict:
    folder = Path(tempfile.mkdtemp())
    database = fresh_database(os.environ.get("DATABASE_URL"), folder, "bench_live_load")
    settings = {**SETTINGS, "WAITINGROOM_LIVE_INTERVAL_MS": str(interval_ms)}
    if processes > 1:
        settings["SOCKETIO_MESSAGE_QUEUE"] = REDIS
    env, seeded = seeded_env(database, settings)
    kiosks = {k["unit"]: k["pair_url"].rsplit("/", 1)[1] for k in seeded["kiosks"]}
    with cluster(env, processes, extra=("--worker-connections", "2000")) as servers:
        # Split: the first serves the API, the second Socket.IO. Else all serve both.
        api, live = (servers[:1], servers[1:]) if split else (servers, servers)
        token = flask_json(env, "create-token", "programme@demo.test")["token"]
        administrations = sorted({unit[2] for unit in DEMO_UNITS})
        # Enough answers today in every unit that figures are shown, not suppressed.
        post_load([api[0]["port"]], kiosks, 100, 6 * len(kiosks) / 100)
        baseline = phase(live, api, token, kiosks, rate, seconds)
        subscriptions = dashboard_scopes(list(kiosks), administrations)
        others = dashboards - len(kiosks)
        swarms = [
            Swarm({"url": server["url"], "namespace": "/live", "auth": [{"token": token}],
                   "count": others // len(live) + (n < others % len(live)),
                   "subscribe": subscriptions, "concurrency": 25, "lean": True,
                   "deflate": deflate})
            for n, server in enumerate(live)
        ]
        ready = [swarm.ready() for swarm in swarms]
        loaded = phase(live, api, token, kiosks, rate, seconds, swarms)
    return {"baseline": baseline, "loaded": loaded,
            "connected": sum(r["connected"] for r in ready),
            "failed": sum(r["failed"] for r in ready),
            "rooms": len(subscriptions), "database": database.split(":", 1)[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dashboards", type=int, default=500)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--interval-ms", type=int, default=50,
                        help="WAITINGROOM_LIVE_INTERVAL_MS: a busy room's pace, one summary "
                             "per this")
    layout = parser.add_mutually_exclusive_group()
    layout.add_argument("--processes", type=int, default=1,
                        help="app processes sharing the load through Redis, as deployed")
    layout.add_argument("--split", action="store_true",
                        help="two processes through Redis: one for the API, one for Socket.IO")
    parser.add_argument("--deflate", action="store_true",
                        help="dashboards offer permessage-deflate, as browsers do")
    args = parser.parse_args()
    # This process's own threads (16 posting, 12 probes reading) take turns on one
    # lock: a probe should not note a summary's arrival a poster's 5 ms slice late.
    sys.setswitchinterval(0.0005)
    if args.split:
        args.processes = 2
    if args.processes > 1 and not redis_answers(REDIS):
        sys.exit(f"--processes {args.processes} needs Redis: nothing answers at {REDIS}")
    r = measure(args.dashboards, args.rate, args.seconds, args.interval_ms, args.processes,
                args.deflate, args.split)
    if args.split:
        queue_note = ", 2 processes through Redis: one for the API, one for Socket.IO"
    elif args.processes > 1:
        queue_note = f", {args.processes} processes through Redis"
    else:
        queue_note = ""
    print(f"database: {r['database']}; gunicorn -k gevent -w 1{queue_note}; {args.rate:.0f} "
          f"responses/s for {args.seconds:.0f} s over 12 units; live interval "
          f"{args.interval_ms} ms")
    deflating = ("; all but the probes offer permessage-deflate, as browsers do"
                 if args.deflate else "")
    print(f"dashboards: {r['connected'] + 12} connected ({r['failed']} failed{deflating}), "
          f"watching {r['rooms']} distinct scope/window rooms (the probes' among them)")
    print(f"{'phase':<26}{'sent/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'missing':>9}{'POST p50':>10}{'POST p99':>10}")
    for name, row in (("12 probes only (baseline)", r["baseline"]),
                      (f"{args.dashboards} dashboards", r["loaded"])):
        ms = [v * 1000 for v in row["latencies"]] or [float("nan")]
        rt = [v * 1000 for v in row["round_trips"]]
        print(f"{name:<26}{row['achieved']:>8.0f}{percentile(ms, 0.5):>9.1f}"
              f"{percentile(ms, 0.99):>9.1f}{max(ms):>9.1f}{row['missing']:>9}"
              f"{percentile(rt, 0.5):>10.1f}{percentile(rt, 0.99):>10.1f}")
    loaded = [v * 1000 for v in r["loaded"]["latencies"]] or [float("nan")]
    base = [v * 1000 for v in r["baseline"]["latencies"]] or [float("nan")]
    p99 = percentile(loaded, 0.99)
    print(f"ratio to baseline: p50 {percentile(loaded, 0.5) / percentile(base, 0.5):.2f}x, "
          f"p99 {p99 / percentile(base, 0.99):.2f}x; the other dashboards received "
          f"{r['loaded']['summaries']} summaries")
    print(f"target p99 < 50 ms with {args.dashboards} dashboards: "
          f"{'met' if p99 < 50 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
