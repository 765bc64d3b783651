"""Per-language word lists for scrubbing and safeguarding, and how they are read.

Each module in this package is one language, named by its language tag
(`sv.py`, `en.py`, `ar.py`, `fa.py`). Adding a language (Somali, Tigrinya …)
means adding a module with the same names; nothing else changes, because
`LEXICONS` is discovered from the package. All names are optional:

NAME_INTRODUCTIONS
    Phrases after which the next word is a name whatever its case
    ("jag heter", "my name is", "اسمي"). End a phrase with ":" when the colon
    is required ("namn:").
NAME_FRAMES
    Phrases around a name, with "…" where the name stands, for languages
    that put the verb after the name: "من … هستم" (I am …), "… صدام
    می‌کنند" (they call me …). Between two words the name is one or two words
    not in NOT_NAMES ("من مادر سارا هستم": only "سارا"); with nothing
    before "…", it is the one word before the rest of the phrase.
NAME_INTRODUCTIONS_IF_CAPITALISED
    Phrases after which only a capitalised word that is not in NOT_NAMES
    is taken for a name ("jag är", "I'm"). Scripts without capitals should
    not use this list.
NOT_NAMES
    Words that follow an introduction but are not names ("ledsen", "here",
    "عمري"); they also end a multi-word name.
CONCERNS
    Category → phrases that mean a child may be at risk. Categories are
    those in `waitingroom.privacy.safeguarding.CATEGORIES`.
NOT_CONCERNS
    Hyperbole and idioms that overlap a concern phrase but are not one:
    "dö av skratt" keeps "jag vill dö av skratt" from matching "vill dö",
    "beats me why" keeps "beats me" (I don't know) from counting as abuse.
WORD_SETS
    Named alternatives that phrases can use as `<name>` (e.g. `<people>`).

Phrase syntax, for native-speaker reviewers (domain.md §6.4 rule 10):
words are separated by spaces and matched as whole words after `fold`, so
case, most accents, Arabic diacritics and letter forms (Persian ی and ک
are Arabic ي and ك), apostrophes and repeated letters ("dööö") do not
matter; a word written with a zero-width non-joiner ("می‌خواهم") also
matches when it is typed joined ("میخواهم") or with a space ("می خواهم");
`a|b` offers alternatives for one word (no spaces inside: write two phrases
instead); `word*` matches any word starting with "word" (at least four letters);
`word?` may be left out; `...` stands for up to three words; `<set>` is a
word set. A phrase starts and ends with a word that must be there, and
matches anywhere in the text ("slår mig" also in "pappa slår mig").
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["LEXICONS", "ZWNJ", "Lexicon", "fold", "is_arabic_script"]


@dataclass(frozen=True)
class Lexicon:
    """The word lists of one language, as read from its module."""

    language: str
    name_introductions: tuple[str, ...] = ()
    name_introductions_if_capitalised: tuple[str, ...] = ()
    name_frames: tuple[str, ...] = ()
    not_names: frozenset[str] = frozenset()
    concerns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    not_concerns: tuple[str, ...] = ()
    word_sets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


# --- folding ---------------------------------------------------------------
# Text and word lists are compared after the same folding, so a list written
# with accents and hamzas matches text typed without them, and vice versa.

# å, ä, ö (and the Danish/Norwegian æ, ø) are letters of their own in Swedish:
# "rör mig" (touches me) is not "ror mig" (rows me).
_KEEP = frozenset("åäöæø")

_ARABIC = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",  # alef forms
    "ى": "ي",
    "ی": "ي",
    "ئ": "ي",  # alef maqsura, Persian yeh, yeh with hamza
    "ة": "ه",  # teh marbuta
    "ۀ": "ه",  # Persian heh with yeh above (ezafe): "خانۀ" is "خانه‌ی"
    "ؤ": "و",  # waw with hamza
    "ک": "ك",  # Persian keheh
    "ـ": "",  # tatweel
}
_APOSTROPHES = frozenset("'’‘`´ʼ")
# Persian writes the zero-width non-joiner inside words ("می‌خواهم", "بچه‌ها");
# on phones it is as often left out ("میخواهم"), so it joins. (Typed as a
# space instead, the phrase compilers allow for it: see the package docstring.)
ZWNJ = "\u200c"
_JOINERS = frozenset(ZWNJ + "\u200d")


def is_arabic_script(text: str) -> bool:
    """Whether text starts in the Arabic script (Arabic, Persian, Sorani, Urdu…)."""
    return bool(text) and "\u0600" <= text[0] <= "\u08ff"


def _fold_char(char: str) -> str:
    if char in _KEEP:
        return char
    if char in _ARABIC:
        return _ARABIC[char]
    if char in _APOSTROPHES:
        return ""  # "don't" and "dont" are the same word to a child
    if char in _JOINERS:
        return ""
    if unicodedata.category(char).startswith("M"):
        return ""  # tashkeel, and accents left over after NFC
    if char.isdigit():
        digit = unicodedata.digit(char, None)  # ٣ and ۳ are 3
        return " " if digit is None else str(digit)
    if not char.isalnum():
        return " "
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and decomposed[0].isascii():
        return decomposed[0]  # é → e, ü → u
    return char


class _Folded(dict):
    """Each character's folded form, worked out the first time it is seen."""

    def __missing__(self, char: str) -> str:
        folded = self[char] = " " if char == "_" else _fold_char(char)
        return folded


def _folds_to_itself(char: str) -> bool:
    if char == " ":
        return True
    return char != "_" and not char.isspace() and not char.isupper() and _fold_char(char) == char


_FOLDED = _Folded()
# Most characters fold to themselves; only the others are looked up, which
# keeps folding a comment cheap (it runs at every submit).
_UNCHANGED = "".join(re.escape(chr(code)) for code in range(0x700) if _folds_to_itself(chr(code)))
_NEEDS_FOLDING = re.compile(f"[^{_UNCHANGED}]")
_REPEATED = re.compile(r"(\w)\1+")


def _fold_match(match: re.Match[str]) -> str:
    return _FOLDED[match.group()]


def _first(match: re.Match[str]) -> str:
    return match.group(1)


def fold(text: str) -> str:
    """Fold text for matching: lower case, plain letters, single spaces.

    Keeps å/ä/ö; strips other Latin accents, Arabic tashkeel and tatweel;
    unifies alef, yeh (Arabic and Persian), kaf and keheh, teh marbuta and
    hamza carriers; reads Arabic-Indic and Persian digits as digits; drops
    apostrophes and zero-width (non-)joiners; turns punctuation into
    spaces; and collapses repeated characters, so "Dööö!!" and "dö" fold
    alike (so do "pappa" and "papa").
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _NEEDS_FOLDING.sub(_fold_match, text.casefold())
    return " ".join(_REPEATED.sub(_first, text).split())


# --- discovery -------------------------------------------------------------


def _load(language: str) -> Lexicon:
    module = importlib.import_module(f"{__name__}.{language}")
    return Lexicon(
        language=language,
        name_introductions=tuple(getattr(module, "NAME_INTRODUCTIONS", ())),
        name_introductions_if_capitalised=tuple(
            getattr(module, "NAME_INTRODUCTIONS_IF_CAPITALISED", ())
        ),
        name_frames=tuple(getattr(module, "NAME_FRAMES", ())),
        not_names=frozenset(fold(word) for word in getattr(module, "NOT_NAMES", ())),
        concerns=MappingProxyType(
            {key: tuple(value) for key, value in getattr(module, "CONCERNS", {}).items()}
        ),
        not_concerns=tuple(getattr(module, "NOT_CONCERNS", ())),
        word_sets=MappingProxyType(
            {key: tuple(value) for key, value in getattr(module, "WORD_SETS", {}).items()}
        ),
    )


LEXICONS: tuple[Lexicon, ...] = tuple(
    _load(info.name)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
    if not info.name.startswith("_")
)
