"""Idle Socket.IO clients one server process holds, and its memory.

Run: .venv/bin/python -m bench.connections [--clients 10000] [--swarms 4] [--hold 30]
                                            [--deflate]
Serves the app with gunicorn (one gevent worker, --worker-connections above the
target: gevent's default of 1,000 would cap it), then connects kiosk clients to
/kiosk over WebSocket from several client processes (bench.swarm, gevent), holds
them for --hold seconds (longer than Engine.IO's 25 s ping interval), and reads
the worker's resident memory. Baseline, measured in the same run: the same
worker's memory before the first client. Target: 10,000 clients under 1 GiB.
With --deflate the clients offer permessage-deflate, as the kiosks' browsers do
(bench.swarm's lean clients): the server then compresses what it sends them.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load import Swarm, rss_kb, worker_pids
from tests.live import fresh_database
from tests.servers import gunicorn, prepared_env


def measure(clients: int, swarms: int, hold: float, deflate: bool) -> dict:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the server inherits it
    folder = Path(tempfile.mkdtemp())
    database = fresh_database(os.environ.get("DATABASE_URL"), folder, "bench_connections")
    env, tokens = prepared_env(database)
    extra = ("--worker-connections", str(clients + 1000), "--backlog", "4096")
    with gunicorn(env, extra=extra) as server:
        (worker,) = worker_pids(server["process"].pid)
        urllib.request.urlopen(server["url"] + "/api/v1/health").read()  # noqa: S310
        result = {"open_files_limit": hard, "idle_rss_kb": rss_kb(worker)}
        spec = {"url": server["url"], "namespace": "/kiosk",
                "auth": [{"token": tokens["kiosk_token"]}], "concurrency": 25}
        if deflate:
            spec.update(lean=True, deflate=True)
        began = time.perf_counter()
        shares = [clients // swarms + (i < clients % swarms) for i in range(swarms)]
        crowd = [Swarm({**spec, "count": share}) for share in shares]
        reports = [swarm.ready() for swarm in crowd]
        result["connect_seconds"] = time.perf_counter() - began
        result["connected"] = sum(r["connected"] for r in reports)
        result["failed"] = sum(r["failed"] for r in reports)
        result["errors"] = sorted({e for r in reports for e in r["errors"]})[:3]
        result["client_rss_kb"] = sum(r["rss_kb"] for r in reports)
        result["connected_rss_kb"] = rss_kb(worker)
        time.sleep(hold)
        started = time.perf_counter()
        urllib.request.urlopen(server["url"] + "/api/v1/health").read()  # noqa: S310
        result["health_ms"] = (time.perf_counter() - started) * 1000
        result["held_rss_kb"] = rss_kb(worker)
        result["master_rss_kb"] = rss_kb(server["process"].pid)
        result["still_connected"] = sum(swarm.stop().get("still_connected", 0) for swarm in crowd)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--swarms", type=int, default=4)
    parser.add_argument("--hold", type=float, default=30)
    parser.add_argument("--deflate", action="store_true",
                        help="clients offer permessage-deflate, as browsers do")
    args = parser.parse_args()
    r = measure(args.clients, args.swarms, args.hold, args.deflate)
    mib = 1024
    held = r["held_rss_kb"] / mib
    per = (r["held_rss_kb"] - r["idle_rss_kb"]) / max(1, r["connected"])
    print(f"database: {os.environ.get('DATABASE_URL', 'SQLite')}; gunicorn -k gevent -w 1 "
          f"--worker-connections {args.clients + 1000}; open files limit {r['open_files_limit']}")
    offer = ", offering permessage-deflate as browsers do" if args.deflate else ""
    print(f"clients asked: {args.clients} from {args.swarms} processes{offer}; connected "
          f"{r['connected']}, failed {r['failed']} {r['errors'] or ''}"
          f"in {r['connect_seconds']:.1f} s")
    print(f"still connected after {args.hold:.0f} s: {r['still_connected']}; "
          f"/api/v1/health meanwhile answered in {r['health_ms']:.1f} ms")
    print(f"worker RSS: idle (baseline) {r['idle_rss_kb'] / mib:.1f} MiB, all connected "
          f"{r['connected_rss_kb'] / mib:.1f} MiB, after the hold {held:.1f} MiB "
          f"({held / (r['idle_rss_kb'] / mib):.1f}x the baseline; "
          f"{per:.1f} KiB per connection); gunicorn master {r['master_rss_kb'] / mib:.1f} MiB")
    met = r["connected"] >= 10_000 and r["still_connected"] >= 10_000 and held < 1024
    print(f"target 10,000 connections under 1 GiB: {'met' if met else 'MISSED'}; "
          f"the {args.swarms} client processes together used {r['client_rss_kb'] / mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
