"""Scrubbing: identifiers out of free text before it is stored (DESIGN.md §2 rule 2).

`scrub` replaces, with language-neutral placeholders,

- Swedish personal identity and coordination numbers, 10 or 12 digits, with
  `-`, `+`, a space or nothing before the last four, and spaces anywhere.
  The check digit is *not* verified: a child's typo is still their number.
  The date must be plausible (month 01–12, day 01–31 or 61–91), so that
  ordinary numbers survive;
- phone numbers: Swedish mobiles and landlines (8–10 digits from a leading 0)
  and international numbers after `+` or `00`;
- e-mail addresses, also written with "(at)" or "at … dot";
- names a writer introduces ("jag heter …", "my name is …", "اسمي …",
  "اسم من … است", "من … هستم"), from the per-language lists in `lexicon/`;
  the introduction itself stays.

Arabic-Indic and Persian digits, and typographic dashes and spaces, are
normalised for matching; the original characters are what gets replaced.
Times, ages, minutes, room numbers, dates, years, counts and helpline
numbers (112, 1177, 116 111, 90101) are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from waitingroom.privacy.lexicon import LEXICONS, ZWNJ, fold, is_arabic_script

__all__ = [
    "EMAIL",
    "NAME",
    "PERSONNUMMER",
    "PHONE",
    "PLACEHOLDERS",
    "Scrubbed",
    "scrub",
]

PERSONNUMMER = "[personnummer]"
PHONE = "[telefon]"
EMAIL = "[e-post]"
NAME = "[namn]"
PLACEHOLDERS = MappingProxyType(
    {"personnummer": PERSONNUMMER, "phone": PHONE, "email": EMAIL, "name": NAME}
)


@dataclass(frozen=True)
class Scrubbed:
    """Scrubbed text, and the kinds of identifier replaced in order of first appearance."""

    text: str
    found: tuple[str, ...] = ()


def scrub(text: str) -> Scrubbed:
    """Replace identifiers in `text` with placeholders; see the module docstring."""
    scrubbed, found = _scrub_once(text)
    # Replacing one identifier can expose a neighbour that was glued to it
    # ("…45 67-070-…"). Scrub again until nothing changes, so that no chain
    # leaks and scrubbing stored text a second time never changes it. Every
    # pass that changes the text removes digits or words and adds neither, so
    # this ends; the cap is a guard, real text needs one or two passes.
    latest = found
    for _ in range(_MAX_PASSES - 1):
        if not latest:
            break
        scrubbed, latest = _scrub_once(scrubbed)
        found += tuple(kind for kind in latest if kind not in found)
    return Scrubbed(scrubbed, found)


_MAX_PASSES = 20


# --- matching ----------------------------------------------------------------
# Patterns run on a copy of the text in which each character is swapped for
# at most one other, so every match's span is also a span of the original.

_ONE_FOR_ONE = {ord(zero) + n: str(n) for zero in "٠۰０" for n in range(10)}  # ٠-٩, ۰-۹, ０-９
_ONE_FOR_ONE |= {ord(dash): "-" for dash in "‐‑‒–—−﹣－"}
_ONE_FOR_ONE |= {ord(space): " " for space in "\t\u00a0\u2007\u2009\u200a\u202f\u200b"}
# Bidirectional marks inside a number in right-to-left text act as separators.
_ONE_FOR_ONE |= {ord(mark): " " for mark in "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"}
_ONE_FOR_ONE |= {ord("＋"): "+", ord("＠"): "@", ord("İ"): "I"}  # İ: keep .lower() one-for-one
_NEEDS_ONE_FOR_ONE = re.compile("[" + "".join(map(chr, _ONE_FOR_ONE)) + "]")


def _one_for_one(match: re.Match[str]) -> str:
    return _ONE_FOR_ONE[ord(match.group())]


_SP = "[ ]"
_SEPARATOR = rf"(?:{_SP}?[-/()]{_SP}?|{_SP})"

# Found from the "@" (or "(at)") outwards, rather than by trying every word as
# the start of an address.
_AT = re.compile(r"@|[ ]?[(\[]at[)\]][ ]?", re.IGNORECASE)
_LOCAL_PART = re.compile(r"[\w.+-]{1,64}\Z")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")


# "sara at gmail dot com", "sara snabel-a gmail punkt com"
_SPOKEN_EMAIL = re.compile(
    r"[\w.+-]+[ ]+(?:at|snabel-a)[ ]+[\w-]+(?:[ ]+(?:dot|punkt)[ ]+[\w-]+)+", re.IGNORECASE
)


def _emails(plain: str) -> list[tuple[int, int, str]]:
    lowered = plain.lower()
    found = []
    if "@" in plain or "at)" in lowered or "at]" in lowered:
        for at in _AT.finditer(plain):
            domain = _DOMAIN.match(plain, at.end())
            local = domain and _LOCAL_PART.search(plain, max(at.start() - 64, 0), at.start())
            if local:
                found.append((local.start(), domain.end(), "email"))
    if " dot " in lowered or " punkt " in lowered:
        found += [(*match.span(), "email") for match in _SPOKEN_EMAIL.finditer(plain)]
    return found


# Every identity or phone number lies in a run of digits, spaces and - + ( ) . /
# with at least seven digits; only such runs are searched, which keeps
# ordinary text fast.
_NUMBER_RUN = re.compile(r"[0-9][0-9 ()+./-]*[0-9]")
_SHORTEST_NUMBER = 7

_PERSONNUMMER = re.compile(
    rf"""
    (?<![0-9])
    (?P<century>(?:18|19|20){_SP}?)?
    [0-9]{{2}} (?P<date_separator>{_SP}|[-.]|)  # "2012-03-15", "12.03.15", "120315"
    (?:0[1-9]|1[0-2]) (?P=date_separator)
    (?:0[1-9]|[12][0-9]|3[01]|6[1-9]|[78][0-9]|9[01])  # day, or day + 60
    (?P<separator>{_SP}?[-+]{_SP}?|{_SP})?
    [0-9]{_SP}?[0-9]{_SP}?[0-9]{_SP}?[0-9]
    (?![0-9])
    """,
    re.VERBOSE,
)
# A bare ten-digit number that starts like a Swedish mobile is a phone number
# (the person would be born in 1907 or 2007, outside the kiosk's age groups).
_MOBILE_PREFIXES = ("070", "072", "073", "076", "079")

_PHONE = re.compile(
    rf"""
    (?:\+|(?<![0-9])00){_SP}?[1-9](?:{_SEPARATOR}?[0-9]){{6,13}}(?![0-9])  # international
    | (?<![0-9])(?<![0-9][-/.:,])\(?0[1-9](?:{_SEPARATOR}?[0-9]){{6,8}}(?![0-9])  # Swedish
    | (?<![0-9])46{_SP}?7[02369](?:{_SEPARATOR}?[0-9]){{7}}(?![0-9])  # +46 without the +
    """,
    re.VERBOSE,
)


def _numbers(plain: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for run in _NUMBER_RUN.finditer(plain):
        if sum(map(str.isdigit, run.group())) < _SHORTEST_NUMBER:
            continue
        # Start a little early: a "+" or "(" before the first digit belongs to the number.
        start, end = max(run.start() - 3, 0), run.end()
        for match in _PERSONNUMMER.finditer(plain, start, end):
            is_bare = match.group("separator") is None and match.group("century") is None
            if is_bare and match.group().startswith(_MOBILE_PREFIXES):
                continue
            found.append((*match.span(), "personnummer"))
        found.extend((*match.span(), "phone") for match in _PHONE.finditer(plain, start, end))
    return found


# --- names -------------------------------------------------------------------

_TASHKEEL = "\u064b-\u065f\u0670"
_LETTER = rf"(?:[^\W\d_]|[{_TASHKEEL}])"
# A non-joiner inside a Persian word ("دانش‌آموز") does not end it.
_WORD = rf"{_LETTER}+(?:['’\-{ZWNJ}]{_LETTER}+)*"
_WORDS = re.compile(_WORD)
_NOT_NAMES = frozenset().union(*(lexicon.not_names for lexicon in LEXICONS))

# Spelling tolerance inside introductions: "jag ar" for "jag är", "im" for
# "I'm", Arabic written with or without hamza and tashkeel, Persian typed on
# an Arabic keyboard (ي for ی, ك for ک) and with or without the zero-width
# non-joiner ("می‌کنند", "میکنند", "می کنند"). Introductions are matched in
# lower-cased text, which also keeps the pattern fast.
_ALEF = "[اأإآٱ]"
_VARIANTS = {
    "ä": "[äa]",
    "å": "[åa]",
    "ö": "[öo]",
    "ا": _ALEF,
    "أ": _ALEF,
    "إ": _ALEF,
    "آ": _ALEF,
    "ي": "[يىی]",
    "ى": "[يىی]",
    "ی": "[يىی]",
    "ه": "[هة]",
    "ة": "[هة]",
    "و": "[وؤ]",
    "ك": "[كک]",
    "ک": "[كک]",
    ZWNJ: f"[{ZWNJ} ]?",
    " ": "[ ]+",
    ":": "[ ]*:",
    "'": "['’‘`´ʼ]?",
    "’": "['’‘`´ʼ]?",
}


def _atoms(phrase: str) -> tuple[str, ...]:
    atoms = []
    for char in phrase.lower():
        atom = _VARIANTS.get(char) or re.escape(char)
        atoms.append(atom + f"[{_TASHKEEL}\u0640]*" if is_arabic_script(char) else atom)
    return tuple(atoms)


def _trie(phrases: list[str]) -> str:
    """One pattern for many phrases, shared beginnings factored out.

    Python's regex engine tries alternatives one by one; as a trie it rejects
    a word after its first letter instead of once per phrase.
    """
    root: dict = {}
    for phrase in phrases:
        node = root
        for atom in _atoms(phrase):
            node = node.setdefault(atom, {})
        node[""] = {}  # the phrase may end here

    def pattern(node: dict) -> str:
        branches = [atom + pattern(child) for atom, child in node.items() if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: "i am called" is tried before "i am".
        return f"(?:{body})?" if "" in node else body

    return pattern(root) or "(?!)"


def _introductions(attribute: str) -> str:
    phrases = [phrase for lexicon in LEXICONS for phrase in getattr(lexicon, attribute)]
    arabic = [phrase for phrase in phrases if is_arabic_script(phrase)]
    other = [phrase for phrase in phrases if not is_arabic_script(phrase)]
    branches = [_trie(other)] if other else []
    if arabic:  # "واسمي": and my name is
        branches.append(f"(?:[وف][{_TASHKEEL}]*)?{_trie(arabic)}")
    return "|".join(branches) or "(?!)"


_INTRODUCTION = re.compile(
    rf"""
    (?<!\w)
    (?:(?P<strong>{_introductions("name_introductions")})
      |(?P<weak>{_introductions("name_introductions_if_capitalised")})
    )(?!\w)
    (?=[ ]*[:\-]?[ ]*["'“”«‘]?(?P<name>{_WORD}(?:[ ]+{_WORD}){{0,2}}))
    """,
    re.VERBOSE,
)


# Name frames: the name stands between two phrases ("من … هستم") or before
# one ("… صدام می‌کنند"). One pattern per opening phrase, the closings as a trie.
_NAME_SLOT = "…"


def _frames() -> list[re.Pattern[str]]:
    closings: dict[str, list[str]] = {}
    for lexicon in LEXICONS:
        for frame in lexicon.name_frames:
            before, slot, after = (part.strip() for part in frame.partition(_NAME_SLOT))
            if not slot or not after or _NAME_SLOT in after:
                raise ValueError(
                    f"{lexicon.language}: a name frame needs … before a phrase: {frame!r}"
                )
            closings.setdefault(before, []).append(after)
    patterns = []
    for before, afters in closings.items():
        # Two words between an opening and a closing phrase ("من سارا احمدی
        # هستم"); one word before a closing phrase alone, which cannot tell
        # where the name starts.
        name = rf"{_WORD}(?:[ ]+{_WORD})?" if before else _WORD
        opening = "".join(_atoms(before)) + "[ ]+" if before else ""
        patterns.append(re.compile(rf"(?<!\w){opening}(?P<name>{name})[ ]+{_trie(afters)}(?!\w)"))
    return patterns


_FRAMES = _frames()
# Text without a letter in the script of every frame cannot match one: skip them.
_FRAMES_ARE_ARABIC_SCRIPT = all(
    is_arabic_script(frame.replace(_NAME_SLOT, "").strip())
    for lexicon in LEXICONS
    for frame in lexicon.name_frames
)
_ARABIC_SCRIPT = re.compile("[\u0600-\u08ff]")


def _is_name(word: str) -> bool:
    folded = fold(word)
    if folded in _NOT_NAMES:
        return False
    # "وعمري" is "و" (and) + "عمري" (my age): a conjunction, not a surname.
    return not (is_arabic_script(word) and folded[:1] == "و" and folded[1:] in _NOT_NAMES)


def _names(plain: str) -> list[tuple[int, int, str]]:
    lowered = plain.lower()
    if len(lowered) != len(plain):  # a letter whose lower case is longer
        lowered = "".join(char.lower()[0] for char in plain)
    found = []
    for match in _INTRODUCTION.finditer(lowered):
        span = _name_span(plain, match)
        if span:
            found.append((*span, "name"))
    return found


def _framed_names(plain: str) -> list[tuple[int, int, str]]:
    if not _FRAMES or (_FRAMES_ARE_ARABIC_SCRIPT and not _ARABIC_SCRIPT.search(plain)):
        return []
    lowered = plain.lower()
    if len(lowered) != len(plain):
        lowered = "".join(char.lower()[0] for char in plain)
    found = []
    for pattern in _FRAMES:
        for match in pattern.finditer(lowered):
            # The name is the words just before the closing phrase that are
            # not on the stop-list: "من مادر سارا هستم" names only "سارا".
            start = None
            for word in reversed(list(_WORDS.finditer(plain, *match.span("name")))):
                if not _is_name(word.group()):
                    break
                start = word.start()
            if start is not None:
                found.append((start, match.end("name"), "name"))
    return found


def _name_span(plain: str, match: re.Match[str]) -> tuple[int, int] | None:
    weak = match.group("weak") is not None
    words = [
        (word.group(), word.start(), word.end())
        for word in _WORDS.finditer(plain, match.start("name"), match.end("name"))
    ]
    first, start, end = words[0]
    capitalised = first[0].isupper()
    if not _is_name(first) or (weak and not capitalised):
        return None
    # Arabic has no capitals to tell where a name ends: take at most two words.
    for text, _, word_end in words[1 : 2 if is_arabic_script(first) else 3]:
        if not _is_name(text):
            break
        # After "My name is Tom", only more capitalised words are the name;
        # after "my name is tom", any word not on the stop-list may be.
        if (capitalised or weak) and not is_arabic_script(text) and not text[0].isupper():
            break
        end = word_end
    return start, end


# --- putting it together -----------------------------------------------------


def _scrub_once(text: str) -> tuple[str, tuple[str, ...]]:
    plain = _NEEDS_ONE_FOR_ONE.sub(_one_for_one, text)
    candidates = _emails(plain) + _numbers(plain) + _names(plain) + _framed_names(plain)
    if not candidates:
        return text, ()

    # Earlier kinds win an overlap: an e-mail address may contain digits or a name.
    spans: list[tuple[int, int, str]] = []
    for start, end, kind in candidates:
        if all(end <= taken_start or start >= taken_end for taken_start, taken_end, _ in spans):
            spans.append((start, end, kind))
    spans.sort()
    pieces: list[str] = []
    position = 0
    for start, end, kind in spans:
        pieces += [text[position:start], PLACEHOLDERS[kind]]
        position = end
    pieces.append(text[position:])
    found = tuple(dict.fromkeys(kind for _, _, kind in spans))
    return "".join(pieces), found
