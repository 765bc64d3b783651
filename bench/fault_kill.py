"""SIGKILL under load: responses sent, stored and duplicated, and restart time.

Run: .venv/bin/python -m bench.fault_kill [--kiosks 3] [--per-kiosk 100]
Three kiosks send responses one at a time to gunicorn (one gevent worker),
retrying each until answered; after a third are accepted the server's process
group is killed with SIGKILL and restarted. Prints what was sent, stored,
counted in rollups and answered as duplicate, and how long after the restart
the first response was accepted again (target: under 5 s).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.faults import kill_and_replay


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kiosks", type=int, default=3)
    parser.add_argument("--per-kiosk", type=int, default=100)
    args = parser.parse_args()
    database = f"sqlite:///{Path(tempfile.mkdtemp()) / 'faults.sqlite'}"
    result = kill_and_replay(database, args.kiosks, args.per_kiosk)
    print(f"responses made: {result['responses']} (distinct ids {result['distinct']})")
    print(f"requests sent (with retries): {result['sent']}")
    print(f"answered accepted: {result['accepted']}, duplicate: {result['duplicate']}")
    print(f"stored: {result['stored']}, counted in rollups: {result['counted']}")
    print(f"killed after {result['killed_after']} accepted; first accepted after restart: "
          f"{result['first_accepted_after_restart_s']} s (target < 5 s)")
    return 0 if result["stored"] == result["responses"] == result["counted"] else 1


if __name__ == "__main__":
    sys.exit(main())
