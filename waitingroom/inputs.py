"""What any text from outside must be before it goes near the database."""

from __future__ import annotations

import orjson


def storable(value) -> bool:
    """Text a database can store and compare: no lone UTF-16 surrogates, no NUL
    characters (PostgreSQL refuses both), in strings, lists and objects alike."""
    if isinstance(value, (list, dict)):
        # JSON as parsed: one pass in C settles what is plainly fine. orjson writes
        # a NUL as \u0000 and refuses a lone surrogate (and numbers beyond 64 bits,
        # and nesting deeper than 254), which the walk then judges.
        try:
            if b"\\u0000" not in orjson.dumps(value):
                return True
        except orjson.JSONEncodeError:
            pass
    return _storable(value)


def _storable(value) -> bool:
    # A loop, not recursion: JSON nested hundreds deep is refused, not a RecursionError.
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
            if "\x00" in item:
                return False
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
    return True
