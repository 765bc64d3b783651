"""Safeguarding: does this free text suggest a child may be at risk?

`assess` runs at submit (domain.md §6.4 rule 5). On a concern the caller
shows help at once, offers a staff member, and quarantines the comment for
the clinic's safeguarding reviewer. A `Concern` carries only its category:
the matched words are never returned, so they cannot end up in a log.

Missing a child at risk is worse than a reviewer reading a false alarm, so
the lists lean towards flagging; they stay quiet on hyperbole ("jag dog av
skratt", "boring to death") and on look-alike words ("skärmen" is not
"skär mig"), because matching is by whole words after `fold`. Every shipped
language is checked whatever the kiosk's language, because children mix
languages. The phrases live in `lexicon/`, one module per language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from waitingroom.privacy.lexicon import LEXICONS, Lexicon, fold

__all__ = ["CATEGORIES", "Category", "Concern", "assess"]

Category = Literal["self_harm", "abuse", "violence", "unsafe", "help"]

# Most urgent first: a text that mentions both is reported as the first.
CATEGORIES: tuple[Category, ...] = ("self_harm", "abuse", "violence", "unsafe", "help")


@dataclass(frozen=True)
class Concern:
    """Why a comment was flagged. Deliberately holds nothing from the text."""

    category: Category

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown safeguarding category {self.category!r}")


def assess(text: str, locale: str | None = None) -> Concern | None:
    """Return the most urgent concern in `text`, or None.

    `locale` is the language the child chose. It does not narrow the check:
    all shipped languages are searched, since a child may write in another.
    """
    haystack = _NOT_CONCERNS.sub(_BROKEN, f" {fold(text)} ")
    for category, pattern in _CONCERN_PATTERNS:
        if pattern.search(haystack):
            return _CONCERNS[category]
    return None


# --- compiling the phrase lists ---------------------------------------------
# Folded text is lower-case words separated by single spaces, padded with a
# space at each end, so a phrase matches only between spaces: whole words.

_GAP = r"(?: \w+){0,3}"
_ARABIC_PROCLITIC = "[وف]?"  # "وأريد أن أموت": an attached "and" or "so"
_BROKEN = " ¦ "  # stands in for a hyperbole, so no phrase can run across it


def _is_arabic_script(word: str) -> bool:
    return bool(word) and "\u0600" <= word[0] <= "\u08ff"


def _alternative(word: str) -> str:
    prefix = word.endswith("*")
    folded = fold(word.rstrip("*"))
    if not folded:
        raise ValueError(f"empty word in phrase list: {word!r}")
    pattern = re.escape(folded) + (r"\w*" if prefix else "")
    return (_ARABIC_PROCLITIC + pattern) if _is_arabic_script(folded) else pattern


def _slot(token: str, lexicon: Lexicon) -> tuple[str, bool]:
    optional = token.endswith("?")
    token = token.removesuffix("?")
    if token.startswith("<") and token.endswith(">"):
        try:
            words = lexicon.word_sets[token[1:-1]]
        except KeyError:
            raise ValueError(f"{lexicon.language}: unknown word set {token}") from None
    else:
        words = tuple(token.split("|"))
    return "(?:" + "|".join(_alternative(word) for word in words) + ")", optional


def _phrase(phrase: str, lexicon: Lexicon) -> str:
    tokens = phrase.split()
    if not tokens or tokens[0].endswith("?") or "..." in (tokens[0], tokens[-1]):
        raise ValueError(f"{lexicon.language}: a phrase must start and end with a word: {phrase!r}")
    slot, _ = _slot(tokens[0], lexicon)
    pattern = slot
    for token in tokens[1:]:
        if token == "...":  # noqa: S105 - a gap marker, not a password
            pattern += _GAP
            continue
        slot, optional = _slot(token, lexicon)
        pattern += f"(?: {slot})?" if optional else f" {slot}"
    return pattern


def _compile(phrases: list[str]) -> re.Pattern[str]:
    if not phrases:
        return re.compile(r"(?!)")
    return re.compile("(?<= )(?:" + "|".join(phrases) + ")(?= )")


def _build() -> tuple[tuple[tuple[Category, re.Pattern[str]], ...], re.Pattern[str]]:
    by_category: dict[Category, list[str]] = {category: [] for category in CATEGORIES}
    not_concerns: list[str] = []
    for lexicon in LEXICONS:
        unknown = set(lexicon.concerns) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"{lexicon.language}: unknown categories {sorted(unknown)}")
        for category, phrases in lexicon.concerns.items():
            by_category[category].extend(_phrase(phrase, lexicon) for phrase in phrases)
        not_concerns.extend(_phrase(phrase, lexicon) for phrase in lexicon.not_concerns)
    patterns = tuple(
        (category, _compile(phrases)) for category, phrases in by_category.items() if phrases
    )
    return patterns, _compile(not_concerns)


_CONCERN_PATTERNS, _NOT_CONCERNS = _build()
_CONCERNS = {category: Concern(category) for category in CATEGORIES}
