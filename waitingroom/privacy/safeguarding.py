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

from waitingroom.privacy.lexicon import LEXICONS, ZWNJ, Lexicon, fold, is_arabic_script

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
    words = fold(text).split(" ")
    if _FIRST_WORDS.isdisjoint(words) and _FIRST_HEADS.isdisjoint(map(_head, words)):
        return None  # the common case: no phrase can start anywhere in the text
    padded = " " + " ".join(words) + " "
    concerns: list[tuple[int, int, int]] = []
    hyperbole: list[tuple[int, int]] = []
    start = 1
    for word in words:
        end = start + len(word)
        rules = _BY_WORD.get(word, ())
        for prefix, rule in _BY_HEAD.get(word[:_HEAD], ()):
            if word.startswith(prefix):
                rules += (rule,)
        for rank, rest in rules:
            match = rest.match(padded, end)
            if match and rank == _HYPERBOLE:
                hyperbole.append((start, match.end()))
            elif match:
                concerns.append((rank, start, match.end()))
        start = end + 1
    ranks = [
        rank
        for rank, start, end in concerns
        if not any(start < other_end and other_start < end for other_start, other_end in hyperbole)
    ]
    return _CONCERNS[CATEGORIES[min(ranks)]] if ranks else None


# --- compiling the phrase lists ---------------------------------------------
# Folded text is lower-case words separated by single spaces. A phrase is
# found by its first word (a dictionary look-up, so checking a comment costs
# about the same however long the lists grow); a small pattern then checks the
# words that follow, up to a space: whole words only.

_Rule = tuple[int, re.Pattern[str]]  # (rank in CATEGORIES, what follows the first word)
_HYPERBOLE = len(CATEGORIES)  # rank given to NOT_CONCERNS
_HEAD = 4  # a first word given as a prefix ("suicid*") is looked up by its first letters
_GAP_MARK = "..."
_GAP = r"(?: \w+){0,3}"  # what "..." stands for: up to three words
_ARABIC_PROCLITICS = ("و", "ف")  # "وأريد أن أموت": an attached "and" or "so"


def _head(word: str) -> str:
    return word[:_HEAD]


def _words(token: str, lexicon: Lexicon) -> list[tuple[str, bool]]:
    """The alternatives in one slot of a phrase: (folded words, is a prefix)."""
    if token.startswith("<") and token.endswith(">"):
        try:
            alternatives = lexicon.word_sets[token[1:-1]]
        except KeyError:
            raise ValueError(f"{lexicon.language}: unknown word set {token}") from None
    else:
        alternatives = tuple(token.split("|"))
    words = []
    for word in alternatives:
        prefix = word.endswith("*")
        word = word.removesuffix("*")
        words.append((fold(word), prefix))
        # "می‌خواهم" folds to "میخواهم"; typed "می خواهم" it is two words.
        if ZWNJ in word and not prefix:
            words.append((fold(word.replace(ZWNJ, " ")), False))
    if not all(folded for folded, _ in words):
        raise ValueError(f"{lexicon.language}: empty word in {token!r}")
    return words


def _pattern(folded: str, prefix: bool) -> str:
    pattern = re.escape(folded) + (r"\w*" if prefix else "")
    return f"[وف]?{pattern}" if is_arabic_script(folded) else pattern


def _rest(tokens: list[str], lexicon: Lexicon) -> str:
    pattern = ""
    for word_or_gap in tokens:
        if word_or_gap == _GAP_MARK:
            pattern += _GAP
            continue
        optional = word_or_gap.endswith("?")
        words = _words(word_or_gap.removesuffix("?"), lexicon)
        slot = "(?:" + "|".join(_pattern(folded, prefix) for folded, prefix in words) + ")"
        pattern += f"(?: {slot})?" if optional else f" {slot}"
    return pattern


def _rules(phrase: str, rank: int, lexicon: Lexicon) -> list[tuple[str, bool, str]]:
    """(first word, is a prefix, pattern for the rest) for each way the phrase can start."""
    tokens = phrase.split()
    if not tokens or tokens[0].endswith("?") or _GAP_MARK in (tokens[0], tokens[-1]):
        raise ValueError(f"{lexicon.language}: a phrase must start and end with a word: {phrase!r}")
    rest = _rest(tokens[1:], lexicon)
    rules = []
    for folded, prefix in _words(tokens[0], lexicon):
        first, _, more = folded.partition(" ")  # a word set may hold "step dad"
        if more and prefix:
            raise ValueError(f"{lexicon.language}: a prefix must be one word: {folded!r}")
        if prefix and len(first) < _HEAD:
            raise ValueError(f"{lexicon.language}: prefix shorter than {_HEAD} letters: {first!r}")
        more_pattern = "".join(" " + _pattern(word, False) for word in more.split())
        firsts = [first]
        if is_arabic_script(first):
            firsts += [proclitic + first for proclitic in _ARABIC_PROCLITICS]
        rules += [(word, prefix, more_pattern + rest) for word in firsts]
    return rules


def _build() -> tuple[dict[str, tuple[_Rule, ...]], dict[str, tuple[tuple[str, _Rule], ...]]]:
    rests: dict[tuple[str, bool, int], list[str]] = {}
    for lexicon in LEXICONS:
        unknown = set(lexicon.concerns) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"{lexicon.language}: unknown categories {sorted(unknown)}")
        ranked = [
            (CATEGORIES.index(category), phrase)
            for category, phrases in lexicon.concerns.items()
            for phrase in phrases
        ]
        ranked += [(_HYPERBOLE, phrase) for phrase in lexicon.not_concerns]
        for rank, phrase in ranked:
            for first, prefix, rest in _rules(phrase, rank, lexicon):
                rests.setdefault((first, prefix, rank), []).append(rest)

    by_word: dict[str, tuple[_Rule, ...]] = {}
    by_head: dict[str, tuple[tuple[str, _Rule], ...]] = {}
    for (first, prefix, rank), patterns in sorted(rests.items()):
        rule = (rank, re.compile("(?:" + "|".join(dict.fromkeys(patterns)) + ")(?= )"))
        if prefix:
            by_head[first[:_HEAD]] = (*by_head.get(first[:_HEAD], ()), (first, rule))
        else:
            by_word[first] = (*by_word.get(first, ()), rule)
    return by_word, by_head


_BY_WORD, _BY_HEAD = _build()
_FIRST_WORDS = frozenset(_BY_WORD)
_FIRST_HEADS = frozenset(_BY_HEAD)
_CONCERNS = {category: Concern(category) for category in CATEGORIES}
