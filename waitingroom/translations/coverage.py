"""Translation coverage of published flows: which strings miss a language, which
wait for a native speaker's review, and editing a text (a new flow version).

Plain functions with an explicit session; no Flask request globals.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom import audit
from waitingroom.flows.definition import MAX_TEXT, DefinitionError, FlowDefinition, parse_definition
from waitingroom.flows.library import latest_of, publish, published_flows
from waitingroom.flows.models import FlowVersion
from waitingroom.i18n import DEFAULT_LOCALE, SHIPPED_LOCALES
from waitingroom.translations.models import TranslationReview, VoiceRecording

MISSING, NEEDS_REVIEW, REVIEWED = "missing", "needs_review", "reviewed"
STATUSES = (MISSING, NEEDS_REVIEW, REVIEWED)


class TranslationError(ValueError):
    """An edit or review that cannot be made; `code` says why (the page words it)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class String:
    """One translatable string of a flow: its path, what it is, and its texts."""

    path: str
    kind: str  # "title", "question" or "option"
    question: str | None
    option: str | None
    texts: dict[str, str]


def strings_of(definition: FlowDefinition) -> list[String]:
    """The flow's title, each question's text and each option's label, in order."""
    found = [String("title", "title", None, None, dict(definition.title))]
    for question in definition.questions:
        found.append(
            String(f"question.{question.key}", "question", question.key, None, dict(question.text))
        )
        for option in question.options:
            found.append(
                String(
                    f"option.{question.key}.{option.key}",
                    "option",
                    question.key,
                    option.key,
                    dict(option.label),
                )
            )
    return found


def find_string(definition: FlowDefinition, path: str) -> String | None:
    return next((s for s in strings_of(definition) if s.path == path), None)


@dataclass
class Voice:
    id: int
    content_hash: str
    media_type: str
    seconds: float
    stale: bool


@dataclass
class Cell:
    locale: str
    text: str | None
    status: str
    voice: Voice | None = None

    @property
    def hash(self) -> str:
        return text_hash(self.text) if self.text is not None else ""


@dataclass
class Row:
    string: String
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def source(self) -> str:
        texts = self.string.texts
        return texts.get(DEFAULT_LOCALE) or next(iter(texts.values()), "")


def _reviewed(session: Session, keys: list[str]) -> set[tuple[str, str, str, str]]:
    rows = session.execute(
        sa.select(
            TranslationReview.flow_key,
            TranslationReview.path,
            TranslationReview.locale,
            TranslationReview.text_hash,
        ).where(TranslationReview.flow_key.in_(keys))
    )
    return {tuple(row) for row in rows}


def recordings(session: Session, keys: list[str]) -> dict[tuple[str, str, str], VoiceRecording]:
    """The recordings of these flows by (flow key, path, locale); their bytes are not loaded."""
    found = session.scalars(sa.select(VoiceRecording).where(VoiceRecording.flow_key.in_(keys)))
    return {(r.flow_key, r.path, r.locale): r for r in found}


def status_of(text: str | None, reviewed: bool) -> str:
    if text is None:
        return MISSING
    return REVIEWED if reviewed else NEEDS_REVIEW


def flow_rows(
    session: Session, version: FlowVersion, locales: tuple[str, ...] = SHIPPED_LOCALES
) -> list[Row]:
    """Every string of a published version with its status and recording in each language."""
    key = version.flow.key
    reviewed = _reviewed(session, [key])
    voices = recordings(session, [key])
    rows = []
    for string in strings_of(version.parsed):
        row = Row(string)
        for code in locales:
            text = string.texts.get(code)
            cell = Cell(
                code,
                text,
                status_of(text, (key, string.path, code, text_hash(text or "")) in reviewed),
            )
            recording = voices.get((key, string.path, code))
            if recording is not None:
                cell.voice = Voice(
                    recording.id,
                    recording.content_hash,
                    recording.media_type,
                    recording.seconds,
                    stale=text is None or recording.text_hash != text_hash(text),
                )
            row.cells[code] = cell
        rows.append(row)
    return rows


@dataclass
class Tally:
    """How a flow (or all flows) stands in one language."""

    missing: int = 0
    needs_review: int = 0
    reviewed: int = 0
    voices: int = 0

    @property
    def total(self) -> int:
        return self.missing + self.needs_review + self.reviewed

    def add(self, cell: Cell) -> None:
        setattr(self, cell.status, getattr(self, cell.status) + 1)
        if cell.voice is not None and not cell.voice.stale:
            self.voices += 1


def overview(session: Session) -> list[tuple[FlowVersion, dict[str, Tally]]]:
    """Per published flow (kiosk, then youth), a tally per shipped language."""
    result = []
    for version in published_flows(session, "kiosk") + published_flows(session, "youth"):
        tallies = {code: Tally() for code in SHIPPED_LOCALES}
        for row in flow_rows(session, version):
            for code, cell in row.cells.items():
                tallies[code].add(cell)
        result.append((version, tallies))
    return result


# --- editing and reviewing --------------------------------------------------


def _texts_at(data: dict, path: str) -> dict | None:
    """The {locale: text} map of a path inside a definition's JSON, or None."""
    parts = path.split(".")
    if parts == ["title"]:
        return data.get("title")
    questions = {q.get("key"): q for q in data.get("questions", [])}
    if parts[0] == "question" and len(parts) == 2 and parts[1] in questions:
        return questions[parts[1]].get("text")
    if parts[0] == "option" and len(parts) == 3 and parts[1] in questions:
        options = {o.get("key"): o for o in questions[parts[1]].get("options", [])}
        if parts[2] in options:
            return options[parts[2]].get("label")
    return None


def _current(session: Session, key: str) -> FlowVersion:
    version = latest_of(session, key)
    if version is None:
        raise TranslationError("no_flow", f"there is no published flow {key!r}")
    return version


def _check_locale(locale: str) -> None:
    if locale not in SHIPPED_LOCALES:
        raise TranslationError("language", f"{locale!r} is not a shipped language")


def set_text(
    session: Session, key: str, path: str, locale: str, text: str, seen: str, actor: str
) -> FlowVersion | None:
    """Write one string's text in one language as the flow's next version.

    `seen` is the hash of the text the editor was shown ("" for none): when the
    text changed meanwhile, nothing is written. An empty text removes the
    translation (the kiosk then shows Swedish), except in Swedish itself.
    Returns the new version, or None when the text was already so.
    """
    _check_locale(locale)
    version = _current(session, key)
    data = copy.deepcopy(version.definition)
    texts = _texts_at(data, path)
    if texts is None:
        raise TranslationError("no_string", f"the flow has no string {path!r}")
    current = texts.get(locale)
    if (text_hash(current) if current is not None else "") != seen:
        raise TranslationError("changed", "the text was changed meanwhile")
    text = text.strip() if isinstance(text, str) else ""
    if "\x00" in text or any(ord(c) < 32 and c not in "\t\n" for c in text):
        raise TranslationError("control", "the text holds control characters")
    if len(text) > MAX_TEXT:
        raise TranslationError("text_long", f"a text has at most {MAX_TEXT} characters")
    if not text:
        if locale == DEFAULT_LOCALE:
            raise TranslationError("source_required", "the Swedish text cannot be removed")
        if current is None:
            return None
        del texts[locale]
    elif text == current:
        return None
    else:
        texts[locale] = text
    try:
        definition = parse_definition(data)
    except DefinitionError as error:
        raise TranslationError("invalid", str(error)) from None
    published, created = publish(session, definition)
    if not created:
        return None
    audit.record(
        session,
        actor,
        "translation.edit",
        f"flow:{key}",
        f"{path} {locale} version {published.number}",
    )
    return published


def confirm(session: Session, key: str, path: str, locale: str, seen: str, actor: str) -> bool:
    """A native speaker confirms the text they were shown (its hash is `seen`).

    Returns False when it was already confirmed; raises when the text changed meanwhile.
    """
    _check_locale(locale)
    version = _current(session, key)
    string = find_string(version.parsed, path)
    if string is None:
        raise TranslationError("no_string", f"the flow has no string {path!r}")
    text = string.texts.get(locale)
    if text is None:
        raise TranslationError("missing", "there is no text to confirm")
    if text_hash(text) != seen:
        raise TranslationError("changed", "the text was changed meanwhile")
    exists = session.scalar(
        sa.select(TranslationReview.id).where(
            TranslationReview.flow_key == key,
            TranslationReview.path == path,
            TranslationReview.locale == locale,
            TranslationReview.text_hash == seen,
        )
    )
    if exists is not None:
        return False
    session.add(
        TranslationReview(
            flow_key=key, path=path, locale=locale, text_hash=seen, day=date.today(), reviewer=actor
        )
    )
    audit.record(session, actor, "translation.review", f"flow:{key}", f"{path} {locale}")
    return True
