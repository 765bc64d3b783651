"""Which languages ship, how they are named and written, and how one is chosen.

Languages are listed by their own names, never by flags (DESIGN.md 1.1).
Every page sets <html lang dir> from the LocaleInfo chosen here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

# The interface and the default flows ship in these; the first is the fallback.
SHIPPED_LOCALES = ("sv", "en", "ar", "fa")
DEFAULT_LOCALE = SHIPPED_LOCALES[0]

# Babel has no locale data for some national minority languages: they take
# Swedish formats and the name given here.
_NAMES_WITHOUT_BABEL_DATA = {"fit": "meänkieli", "rom": "romani čhib"}
_RTL_WITHOUT_BABEL_DATA: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LocaleInfo:
    tag: str
    """The BCP 47 tag for lang="" (fa_AF becomes fa-AF)."""
    code: str
    """The code used in URLs, catalogs and stored responses (fa_AF)."""
    name: str
    """The language's name in itself."""
    direction: str
    """"ltr" or "rtl"."""

    def as_json(self) -> dict:
        return {"code": self.code, "name": self.name, "dir": self.direction}


@cache
def locale_info(code: str) -> LocaleInfo:
    """Describe a shipped locale; raise ValueError for one we do not ship."""
    if code not in SHIPPED_LOCALES:
        raise ValueError(f"{code!r} is not a shipped language")
    tag = code.replace("_", "-")
    try:
        babel_locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return LocaleInfo(
            tag,
            code,
            _NAMES_WITHOUT_BABEL_DATA.get(code, code),
            "rtl" if code in _RTL_WITHOUT_BABEL_DATA else "ltr",
        )
    name = babel_locale.get_display_name(babel_locale) or code
    direction = "rtl" if babel_locale.text_direction == "rtl" else "ltr"
    return LocaleInfo(tag, code, name, direction)


def shipped_locales() -> list[LocaleInfo]:
    return [locale_info(code) for code in SHIPPED_LOCALES]


def choose_locale(requested: str | None, accept_languages) -> str:
    """Explicit choice first, then the browser's preference, then Swedish."""
    if requested in SHIPPED_LOCALES:
        return requested
    best = accept_languages.best_match(SHIPPED_LOCALES) if accept_languages else None
    return best or DEFAULT_LOCALE


def check_shipped_locales() -> None:
    """Fail at start-up when a configured locale cannot be described."""
    for code in SHIPPED_LOCALES:
        locale_info(code)
