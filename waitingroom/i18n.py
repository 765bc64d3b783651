"""Which languages ship, how they are named and written, and how one is chosen.

Languages are listed by their own names, never by flags (DESIGN.md 1.1).
Every page sets <html lang dir> from the LocaleInfo chosen here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError, support
from flask_babel import Domain, get_locale

# The interface and the default flows ship in these; the first is the fallback.
# Chosen from the region's interpreting and school-language figures, then the
# national minority languages (research/domain.md 2.1, 2.2, 6.3).
SHIPPED_LOCALES = (
    "sv",
    "en",
    "ar",
    "so",
    "fa",
    "fa_AF",
    "ti",
    "bs",
    "hr",
    "sr_Latn",
    "fi",
    "ckb",
    "ku",
    "pl",
    "tr",
    "uk",
    "se",
    "yi",
    "fit",
    "rom",
)
DEFAULT_LOCALE = SHIPPED_LOCALES[0]

# Babel has no locale data for some national minority languages: they take
# Swedish formats and the name given here.
_NAMES_WITHOUT_BABEL_DATA = {"fit": "meänkieli", "rom": "romani čhib"}
_RTL_WITHOUT_BABEL_DATA: frozenset[str] = frozenset()
# Where CLDR's name is not what speakers call their language: Dari is "دری",
# not "Persian (Afghanistan)"; Sorani speakers name the dialect.
_OWN_NAMES = {"fa_AF": "دری", "ckb": "کوردیی سۆرانی"}
# Written languages close enough to stand in for each other before Swedish does.
_CLOSE_LANGUAGES = {
    "fa_AF": ("fa",),
    "bs": ("hr", "sr_Latn"),
    "hr": ("bs", "sr_Latn"),
    "sr_Latn": ("bs", "hr"),
}


class SwedishFormatted(Locale):
    """A language Babel has no data for (Meänkieli, Romani): its own catalog, Swedish
    formats for dates and numbers. str() is the catalog's code, so Flask-Babel loads
    translations/<code>/ for it."""

    def __init__(self, code: str):  # noqa: D107 - Locale.__init__ refuses codes without data
        self.language = code
        self.territory = self.script = self.variant = self.modifier = None
        self.__swedish = Locale.parse(DEFAULT_LOCALE)

    @property
    def _data(self):
        return self.__swedish._data


@cache
def babel_locale(code: str) -> Locale:
    """The Babel locale for a shipped code: its own, or Swedish formats under its code."""
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return SwedishFormatted(code)


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
    known = babel_locale(code)
    if isinstance(known, SwedishFormatted):
        return LocaleInfo(
            tag,
            code,
            _NAMES_WITHOUT_BABEL_DATA.get(code, code),
            "rtl" if code in _RTL_WITHOUT_BABEL_DATA else "ltr",
        )
    name = _OWN_NAMES.get(code) or known.get_display_name(known) or code
    direction = "rtl" if known.text_direction == "rtl" else "ltr"
    return LocaleInfo(tag, code, name, direction)


def fallbacks(code: str) -> tuple[str, ...]:
    """Where a text missing in `code` is looked for, in order, ending in Swedish: a Dari
    reader is better served by Persian than by Swedish."""
    chain = [code, *_CLOSE_LANGUAGES.get(code, ()), DEFAULT_LOCALE]
    return tuple(dict.fromkeys(chain))


def shipped_locales() -> list[LocaleInfo]:
    return [locale_info(code) for code in SHIPPED_LOCALES]


def choose_locale(requested: str | None, accept_languages) -> str:
    """Explicit choice first, then the browser's preference, then Swedish."""
    if requested in SHIPPED_LOCALES:
        return requested
    best = accept_languages.best_match(SHIPPED_LOCALES) if accept_languages else None
    return best or DEFAULT_LOCALE


class FallbackDomain(Domain):
    """Flask-Babel's message domain with `fallbacks` behind each language: a message not
    yet translated into Dari shows in Persian, else in Swedish (the msgid is English)."""

    def get_translations(self):
        translations = super().get_translations()
        code = str(get_locale())
        if (
            not isinstance(translations, support.Translations)
            or code == "en"
            or getattr(translations, "fallbacks_added", False)
        ):
            return translations
        # Loaded afresh, not taken from the cache: cached catalogs carry fallbacks of
        # their own, and Bosnian behind Croatian behind Bosnian would never end.
        for other in fallbacks(code)[1:]:
            for directory in self.translation_directories:
                translations.add_fallback(
                    support.Translations.load(directory, [other], self.domain[0])
                )
        translations.fallbacks_added = True
        return translations


def check_shipped_locales() -> None:
    """Fail at start-up when a configured locale cannot be described."""
    for code in SHIPPED_LOCALES:
        locale_info(code)
