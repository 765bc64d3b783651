"""Test cases for each language's word lists, one module per language (`so.py`, …),
so a language's cases are written and reviewed together with its lexicon
(waitingroom/privacy/lexicon/<code>.py). Each module may define:

POSITIVES: list[tuple[str, str]]
    (text, safeguarding category) that must be flagged; every category at least once.
LOOK_ALIKES: list[str]
    Hyperbole and ordinary sentences with look-alike words that must not be flagged.
NAMES: list[tuple[str, str, str]]
    (text, the name that must vanish, words that must stay) for self-introductions.
"""

from __future__ import annotations

import importlib
import pkgutil


def _modules():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        yield info.name, importlib.import_module(f"{__name__}.{info.name}")


def positives() -> list[tuple[str, str, str]]:
    return [(t, c, code) for code, m in _modules() for t, c in getattr(m, "POSITIVES", [])]


def look_alikes() -> list[tuple[str, str]]:
    return [(t, code) for code, m in _modules() for t in getattr(m, "LOOK_ALIKES", [])]


def names() -> list[tuple[str, str, str, str]]:
    return [(t, n, k, code) for code, m in _modules() for t, n, k in getattr(m, "NAMES", [])]
