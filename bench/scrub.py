"""Scrubbing cost: time to scrub and assess one 500-character comment, now that every
shipped language brings its word lists, against a baseline measured in the same run
(one pass of Python's own regular expression for e-mail addresses over the same text).

Run: .venv/bin/python -m bench.scrub
Target: well under 5 ms per comment (a kiosk submits one comment at most).
"""

from __future__ import annotations

import re
import time

from waitingroom.privacy.lexicon import LEXICONS
from waitingroom.privacy.safeguarding import assess
from waitingroom.privacy.scrubbing import scrub

TEXT = (
    (
        "Vi väntade 45 minuter i rum 12 kl 14:30, sen kom läkaren. Jag är 8 år och "
        "tycker att spelet på skärmen var roligt men det tog 2 timmar. I'm 12 and we "
        "waited 90 min. انتظرت ٤٥ دقيقة في الغرفة رقم ١٢. Magaceygu waa Hodan. "
    )
    * 3
)[:500]


def per_call(function, runs: int = 300) -> float:
    function(TEXT)
    start = time.process_time()
    for _ in range(runs):
        function(TEXT)
    return (time.process_time() - start) / runs


def main() -> None:
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    baseline = per_call(email.findall)
    scrubbing = per_call(scrub)
    assessing = per_call(lambda text: assess(text, "sv"))
    total = scrubbing + assessing
    verdict = "met" if total < 0.005 else "MISSED"
    rows = [
        ("languages with word lists", f"{len(LEXICONS)}"),
        ("baseline: one regular expression", f"{baseline * 1e6:.1f} µs"),
        (
            "scrub one 500-character comment",
            f"{scrubbing * 1e6:.1f} µs ({scrubbing / baseline:.0f}×)",
        ),
        ("assess it for safeguarding", f"{assessing * 1e6:.1f} µs ({assessing / baseline:.0f}×)"),
        ("target: both under 5,000 µs", verdict),
    ]
    for label, value in rows:
        print(f"{label:36} {value}")


if __name__ == "__main__":
    main()
