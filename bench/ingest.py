"""Ingest throughput: responses/s, single and batch, against two baselines in the same run.

Run: .venv/bin/python -m bench.ingest [--seconds 10] [--connections 16] [--batches 200]
                                      [--tablets 16] [--processes 2]
     DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test_wt7 .venv/bin/python -m bench.ingest

Three servers, one after the other, each gunicorn with one gevent worker on the
same database (a SQLite file by default; PostgreSQL when DATABASE_URL names it:
the bench makes databases of its own beside it):
  1. a bare Flask app answering 204;
  2. a bare Flask app that inserts one row and emits one Socket.IO event;
  3. the app: POST /api/v1/responses (a full age 4-7 response: six answers,
     rollups, live publish), then POST /api/v1/responses/batch with 500 each.
Single posts come from wrk (apt-get install wrk) with --connections open
connections, or from Python threads without it, as --tablets kiosks in turn,
two to a unit (one tablet posting 16 at once would only measure its own row
locks on PostgreSQL: a tablet sends one response at a time). Batches come from
two Python threads, two tablets; with --processes N, then also from 2N threads
to N app processes at once, as a host with N cores runs them.
Targets: single >= 0.5 x baseline 2; batch > 20,000 responses/s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from bench.load import post_single, response
from tests.live import fresh_database
from tests.servers import cluster, gunicorn, prepared_env

UNLIMITED = {
    "WAITINGROOM_KIOSK_RATE_LIMIT": "100000000/minute",
    "WAITINGROOM_BATCH_RATE_LIMIT": "100000000/minute",
}


def post_batches(urls: list[str], tokens: list[str], batches: int, size: int,
                 clients: int) -> dict:
    """Send `batches` batches of `size` from `clients` threads, each a tablet of its own
    (`tokens` in turn) sending to one of `urls` (servers in turn); bodies are made
    beforehand."""
    bodies = [
        json.dumps({"responses": [response(b * size + i) for i in range(size)]})
        for b in range(batches)
    ]
    ports = [int(url.rsplit(":", 1)[1]) for url in urls]
    counts = {"accepted": 0, "other": 0}
    lock = threading.Lock()

    def client(mine: list[str], token: str, port: int) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        for body in mine:
            connection.request("POST", "/api/v1/responses/batch", body, headers)
            reply = connection.getresponse()
            results = json.loads(reply.read())["results"] if reply.status == 200 else []
            accepted = sum(r["status"] == "accepted" for r in results)
            with lock:
                counts["accepted"] += accepted
                counts["other"] += size - accepted

    threads = [
        threading.Thread(
            target=client,
            args=(bodies[i::clients], tokens[i % len(tokens)], ports[i % len(ports)]),
        )
        for i in range(clients)
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {**counts, "seconds": elapsed, "per_s": counts["accepted"] / elapsed}


def stored(database: str) -> tuple[int, int]:
    """(responses stored, responses counted in rollups), to check nothing was lost."""
    engine = sa.create_engine(database.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT count(*) FROM response")).scalar()
        counted = connection.execute(sa.text(
            "SELECT coalesce(sum(count), 0) FROM rollup WHERE question = '*' AND value = '*'"
        )).scalar()
    engine.dispose()
    return rows, counted


def measure(seconds: float, connections: int, batches: int, size: int, tablets: int,
            processes: int) -> dict:
    folder = Path(tempfile.mkdtemp())
    base_url = os.environ.get("DATABASE_URL")
    app_db = fresh_database(base_url, folder, "bench_ingest")
    baseline_db = fresh_database(base_url, folder, "bench_ingest_baseline")
    env, prepared = prepared_env(app_db, UNLIMITED, tablets)
    tokens = prepared["kiosk_tokens"]
    results = {"database": sa.engine.make_url(app_db).get_backend_name()}

    def run(server: dict) -> dict:
        post_single(server["url"], tokens, 2, connections)  # warm up
        return post_single(server["url"], tokens, seconds, connections)

    with gunicorn(env, "bench.baseline:bare()", ready_path="/health") as server:
        results["bare"] = run(server)
    with gunicorn({**env, "BASELINE_DATABASE_URL": baseline_db},
                  "bench.baseline:insert_and_emit()", ready_path="/health") as server:
        results["insert_emit"] = run(server)
    with gunicorn(env) as server:
        results["single"] = run(server)
        post_batches([server["url"]], tokens, 2, size, 1)  # warm up
        results["batch"] = post_batches([server["url"]], tokens, batches, size, 2)
    if processes > 1:
        # As a host runs the app: one process per core, tablets spread over them.
        with cluster(env, processes) as servers:
            urls = [server["url"] for server in servers]
            post_batches(urls, tokens, processes, size, processes)  # warm up
            results["batch_hosts"] = post_batches(urls, tokens, batches, size, 2 * processes)
    results["stored"], results["counted"] = stored(app_db)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    # 200 batches of 500 take seconds, and add 100,000 rows each time they are sent.
    # 60 batches were over in about a second, and one process on SQLite took a sixth
    # more responses/s over them than over 200.
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--tablets", type=int, default=16, help="kiosks posting, in turn")
    parser.add_argument("--processes", type=int, default=1,
                        help="also send the batches to this many app processes at once")
    args = parser.parse_args()
    r = measure(args.seconds, args.connections, args.batches, args.batch_size, args.tablets,
                args.processes)
    bare, base, single, batch = r["bare"], r["insert_emit"], r["single"], r["batch"]
    print(f"database: {r['database']}; gunicorn -k gevent -w 1; single posts by "
          f"{single['tool']}, {args.connections} connections, {args.tablets} tablets, "
          f"{args.seconds:.0f} s each")
    print(f"{'server':<38}{'per s':>10}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}")
    for name, row in (("bare Flask 204", bare), ("bare insert one row + emit", base),
                      ("POST /api/v1/responses", single)):
        print(f"{name:<38}{row['per_s']:>10.0f}{row['p50_ms']:>9.1f}{row['p99_ms']:>9.1f}"
              f"{row['errors']:>9}")
    print(f"{'POST /api/v1/responses/batch (' + str(args.batch_size) + ')':<38}"
          f"{batch['per_s']:>10.0f}  responses/s ({batch['accepted']} accepted, "
          f"{batch['other']} not, {batch['seconds']:.1f} s)")
    if "batch_hosts" in r:
        hosts = r["batch_hosts"]
        print(f"{'  the same on ' + str(args.processes) + ' processes':<38}{hosts['per_s']:>10.0f}"
              f"  responses/s ({hosts['accepted']} accepted, {hosts['other']} not, "
              f"{hosts['seconds']:.1f} s)")
    ratio = single["per_s"] / base["per_s"]
    print(f"single / insert+emit baseline: {ratio:.2f}x (target >= 0.5x) "
          f"{'met' if ratio >= 0.5 else 'MISSED'}; single / bare 204: "
          f"{single['per_s'] / bare['per_s']:.2f}x")
    best = max(batch["per_s"], r.get("batch_hosts", {}).get("per_s", 0))
    print(f"batch: {best:.0f} responses/s (target > 20000) "
          f"{'met' if best > 20000 else 'MISSED'}; "
          f"{batch['per_s'] / base['per_s']:.1f}x the insert+emit baseline's rows/s")
    print(f"stored {r['stored']} responses, {r['counted']} counted in rollups")
    return 0


if __name__ == "__main__":
    sys.exit(main())
