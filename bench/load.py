"""Load generators shared by the benchmarks: wrk when installed, Python threads otherwise."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

QUESTIONS = ("waiting", "room", "listened", "knew_what_happens", "safe")
BETTER = ("toys", "books", "screen", "shorter_wait", "snack", "quiet_corner")
LOCALES = ("sv", "en", "ar")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def response(n: int) -> dict:
    """A plausible age 4-7 response: every question answered, answers and languages vary,
    half a minute long (never mistaken for repeat-tap play)."""
    started = datetime.now(UTC) - timedelta(seconds=45)
    answers = [{"question": q, "value": 1 + (n + i) % 3} for i, q in enumerate(QUESTIONS)]
    answers.append({"question": "better", "value": [BETTER[n % len(BETTER)]]})
    return {
        "id": str(uuid.uuid4()), "flow": "visit-4-7", "version": 1, "audience": "age_4_7",
        "locale": LOCALES[n % len(LOCALES)], "started_at": started.isoformat(),
        "submitted_at": (started + timedelta(seconds=30 + n % 20)).isoformat(),
        "answers": answers,
    }


# The same response as response(), made inside wrk: a fresh UUID per request.
WRK_SCRIPT = r"""
local tokens = {%(tokens)s}
local counter = 0
local questions = {"waiting", "room", "listened", "knew_what_happens", "safe"}
local better = {"toys", "books", "screen", "shorter_wait", "snack", "quiet_corner"}
local locales = {"sv", "en", "ar"}
local tid = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid * 7919)
  wrk.method = "POST"
end

local function hex(n)
  local out = {}
  for i = 1, n do out[i] = string.format("%%x", math.random(0, 15)) end
  return table.concat(out)
end

request = function()
  counter = counter + 1
  local id = hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-" ..
    string.format("%%x", math.random(8, 11)) .. hex(3) .. "-" .. hex(12)
  local answers = {}
  for i, q in ipairs(questions) do
    answers[i] = string.format('{"question":"%%s","value":%%d}', q, 1 + (counter + i) %% 3)
  end
  answers[#answers + 1] = string.format('{"question":"better","value":["%%s"]}',
    better[1 + counter %% #better])
  local body = string.format(
    '{"id":"%%s","flow":"visit-4-7","version":1,"audience":"age_4_7","locale":"%%s",' ..
    '"started_at":"2026-01-01T10:00:00Z","submitted_at":"2026-01-01T10:00:%%02dZ",' ..
    '"answers":[%%s]}',
    id, locales[1 + counter %% #locales], 30 + counter %% 20, table.concat(answers, ","))
  -- The tablets take turns, as a region's tablets send their responses.
  local headers = {["Content-Type"] = "application/json",
                   ["Authorization"] = "Bearer " .. tokens[1 + counter %% #tokens]}
  return wrk.format(nil, "/api/v1/responses", headers, body)
end
"""


def wrk_installed() -> bool:
    return shutil.which("wrk") is not None


def wrk_posts(url: str, tokens: list[str], seconds: float, connections: int) -> dict:
    """POST single responses with wrk for `seconds`, the kiosk `tokens` in turn;
    {"requests", "errors", "per_s", ...}."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"tokens": ", ".join(f'"{token}"' for token in tokens)})
    done = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
         "-s", script.name, url],
        capture_output=True, text=True, check=True,
    )
    out = done.stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "requests": requests,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
        "per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _wrk_ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99_ms": _wrk_ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        "tool": "wrk",
    }


def _wrk_ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def thread_posts(url: str, tokens: list[str], seconds: float, connections: int) -> dict:
    """The same load as wrk_posts, from Python threads (slower: it takes CPU from the server)."""
    parts = urlsplit(url)
    stop = time.perf_counter() + seconds
    counts = {"requests": 0, "errors": 0}
    timings: list[float] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        n = offset
        while time.perf_counter() < stop:
            body = json.dumps(response(n))
            headers = {"Authorization": f"Bearer {tokens[n % len(tokens)]}",
                       "Content-Type": "application/json"}
            n += connections
            started = time.perf_counter()
            connection.request("POST", "/api/v1/responses", body, headers)
            reply = connection.getresponse()
            reply.read()
            with lock:
                timings.append(time.perf_counter() - started)
                counts["requests"] += 1
                counts["errors"] += reply.status >= 300

    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {
        **counts, "socket_errors": "", "per_s": counts["requests"] / elapsed,
        "p50_ms": percentile(timings, 0.5) * 1000, "p99_ms": percentile(timings, 0.99) * 1000,
        "tool": "python threads",
    }


def post_single(url: str, tokens: list[str], seconds: float, connections: int) -> dict:
    runner = wrk_posts if wrk_installed() else thread_posts
    return runner(url, tokens, seconds, connections)


class Swarm:
    """A `python -m bench.swarm` process holding many Socket.IO clients (see bench/swarm.py)."""

    def __init__(self, spec: dict):
        import sys

        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.swarm"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True,
        )
        self.process.stdin.write(json.dumps(spec) + "\n")
        self.process.stdin.flush()

    def ready(self) -> dict:
        """Wait until every client connected (or failed); {"connected", "failed", "rss_kb"}."""
        return json.loads(self.process.stdout.readline())

    def stop(self) -> dict:
        """Ask for the count of summaries received, and let the process end."""
        try:
            self.process.stdin.write("stop\n")
            self.process.stdin.flush()
            return json.loads(self.process.stdout.readline() or "{}")
        finally:
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def rss_kb(pid: int) -> int:
    """Resident memory of a process, in KiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def worker_pids(master_pid: int) -> list[int]:
    """gunicorn's worker processes: the children of its master."""
    with open(f"/proc/{master_pid}/task/{master_pid}/children") as children:
        return [int(pid) for pid in children.read().split()]
