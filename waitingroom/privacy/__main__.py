"""Try the privacy checks on some text: `python -m waitingroom.privacy "text" …`.

Reads lines from stdin when no text is given. Prints what would be stored
and the safeguarding category, if any; for development only.
"""

import sys

from waitingroom.privacy import assess, scrub

for line in sys.argv[1:] or sys.stdin.read().splitlines():
    result = scrub(line)
    concern = assess(line)
    print(f"{line!r}\n  -> {result.text!r} {list(result.found)}", end="")
    print(f"  concern: {concern.category}" if concern else "")
