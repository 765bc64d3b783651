"""Many Socket.IO clients in one process, as gevent greenlets rather than threads.

Started by the benchmarks (bench.live_load, bench.connections) as
`python -m bench.swarm` with a JSON spec on stdin's first line:
  {"url": …, "namespace": "/live", "auth": [{"token": …}, …], "count": N,
   "subscribe": [payload, …] or null, "concurrency": 50}
It connects `count` clients (auth and subscribe payloads taken in turn), prints
one JSON line {"connected", "failed", "rss_kb"}, then waits for a second line
on stdin, prints {"summaries": received, "still_connected": n} and exits
without saying goodbye.
"""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

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


def main() -> None:
    raise_open_files()
    spec = json.loads(sys.stdin.readline())
    namespace = spec["namespace"]
    received = {"summaries": 0}
    clients: list[socketio.Client] = []
    failed = []

    def on_summary(_data):
        received["summaries"] += 1

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
        pool.spawn(connect, n)
    pool.join()
    print(json.dumps({"connected": len(clients), "failed": len(failed),
                      "errors": sorted(set(failed))[:3], "rss_kb": rss_kb()}), flush=True)
    gevent.get_hub().threadpool.spawn(sys.stdin.readline).get()
    received["still_connected"] = sum(
        namespace in client.namespaces for client in clients
    )
    print(json.dumps(received), flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
