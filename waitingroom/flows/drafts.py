"""Drafts of flows: what staff are editing, kept until it is published as a new version.

A draft holds plain definition data (docs/flows.md), possibly wrong while it is
being written: it is checked with the flow format's own rules and published
only when they accept it. Published versions never change; a draft is the
only thing that does.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from waitingroom.extensions import db
from waitingroom.flows.definition import (
    AREAS,
    AUDIENCES,
    CHANNELS,
    FLOW_KEY,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MAX_YAML_CHARS,
    DefinitionError,
    FlowDefinition,
    definition_problems,
    parse_definition,
)
from waitingroom.flows.library import latest_of, publish
from waitingroom.flows.models import Flow, FlowVersion
from waitingroom.i18n import DEFAULT_LOCALE

# Swedish is required everywhere; the kiosk falls back to it for any other language.
REQUIRED_LOCALES = (DEFAULT_LOCALE,)
# Read no more of an upload than a flow file can be.
MAX_YAML_BYTES = MAX_YAML_CHARS * 4 + 1


class FlowDraft(db.Model):
    """The one draft of a flow (or of a flow not yet published)."""

    __tablename__ = "flow_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(48), unique=True)
    data: Mapped[dict] = mapped_column(sa.JSON)
    # The version it was started from: a later one means someone published meanwhile.
    base_version: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime)

    @property
    def audience(self) -> str:
        return self.data.get("audience", "")

    @property
    def channel(self) -> str:
        return self.data.get("channel", "kiosk")

    @property
    def questions(self) -> list[dict]:
        found = self.data.get("questions")
        return found if isinstance(found, list) else []

    def change(self, data: dict) -> None:
        # A fresh dict, so SQLAlchemy sees the JSON column change.
        self.data = copy.deepcopy(data)
        self.updated_at = datetime.now(UTC).replace(tzinfo=None)


class DraftError(ValueError):
    """A draft cannot be made or changed; `code` says why, `where` names the field."""

    def __init__(self, code: str, where: str = "", message: str = ""):
        self.code = code
        self.where = where
        super().__init__(message or code)


def find_draft(session: Session, key: str) -> FlowDraft | None:
    return session.scalar(sa.select(FlowDraft).where(FlowDraft.key == key))


def all_drafts(session: Session) -> dict[str, FlowDraft]:
    return {d.key: d for d in session.scalars(sa.select(FlowDraft))}


def _add(session: Session, key: str, data: dict, base_version: int | None) -> FlowDraft:
    draft = FlowDraft(key=key, base_version=base_version)
    draft.change(data)
    session.add(draft)
    session.flush()
    return draft


def start_draft(session: Session, key: str) -> FlowDraft:
    """The flow's draft: the one being edited, or a new one from the latest version."""
    draft = find_draft(session, key)
    if draft is not None:
        return draft
    latest = latest_of(session, key)
    if latest is None:
        raise DraftError("unknown_flow", "key", f"no flow {key!r}")
    return _add(session, key, latest.definition, latest.number)


def new_flow_draft(
    session: Session, key: str, audience: str, channel: str, title: str
) -> FlowDraft:
    """A draft of a flow that does not exist yet, for one audience (age band)."""
    key = (key or "").strip()
    if not FLOW_KEY.match(key):
        raise DraftError("key_format", "key")
    if find_draft(session, key) or session.scalar(sa.select(Flow.id).where(Flow.key == key)):
        raise DraftError("key_taken", "key")
    if audience not in AUDIENCES:
        raise DraftError("audience", "audience")
    if channel not in CHANNELS:
        raise DraftError("channel", "channel")
    data: dict = {"key": key, "audience": audience, "title": {}, "questions": []}
    if channel != "kiosk":
        data["channel"] = channel
    if (title or "").strip():
        data["title"][DEFAULT_LOCALE] = title.strip()
    return _add(session, key, data, None)


def problems(draft: FlowDraft) -> list[DefinitionError]:
    """What stops the draft from being published, each naming its field."""
    return definition_problems(draft.data, REQUIRED_LOCALES)


def blank_question(draft: FlowDraft) -> dict:
    """A new question with a key not yet used; its text is for staff to write."""
    used = {q.get("key") for q in draft.questions if isinstance(q, dict)}
    number = len(draft.questions) + 1
    while f"question_{number}" in used:
        number += 1
    kind = "faces" if draft.audience == "age_4_7" else "scale"
    return {"key": f"question_{number}", "type": kind, "area": AREAS[0], "text": {}, "options": []}


def add_question(draft: FlowDraft) -> int:
    """Append a blank question; returns its index."""
    if len(draft.questions) >= MAX_QUESTIONS:
        raise DraftError("too_many_questions", "questions")
    data = copy.deepcopy(draft.data)
    data["questions"] = [*draft.questions, blank_question(draft)]
    draft.change(data)
    return len(data["questions"]) - 1


def _checked_index(draft: FlowDraft, index: int) -> int:
    if not 0 <= index < len(draft.questions):
        raise DraftError("no_question", "questions")
    return index


def replace_question(draft: FlowDraft, index: int, question: dict) -> None:
    _checked_index(draft, index)
    data = copy.deepcopy(draft.data)
    data["questions"][index] = question
    draft.change(data)


def remove_question(draft: FlowDraft, index: int) -> None:
    _checked_index(draft, index)
    data = copy.deepcopy(draft.data)
    del data["questions"][index]
    draft.change(data)


def move_question(draft: FlowDraft, index: int, step: int) -> int:
    """Move a question one place up (-1) or down (+1); returns where it went."""
    _checked_index(draft, index)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(draft.questions):
        return index
    data = copy.deepcopy(draft.data)
    questions = data["questions"]
    questions[index], questions[target] = questions[target], questions[index]
    draft.change(data)
    return target


def set_title(draft: FlowDraft, title: dict[str, str]) -> None:
    data = copy.deepcopy(draft.data)
    data["title"] = title
    draft.change(data)


def check_option_room(question: dict) -> None:
    if len(question.get("options") or []) >= MAX_OPTIONS:
        raise DraftError("too_many_options", "options")


def replace_from_yaml(session: Session, definition: FlowDefinition) -> FlowDraft:
    """Make a checked file the draft of its flow (a new draft when there is none)."""
    flow = session.scalar(sa.select(Flow).where(Flow.key == definition.key))
    if flow is not None and flow.audience != definition.audience:
        raise DraftError("audience_fixed", "audience")
    if flow is not None and flow.channel != definition.channel:
        raise DraftError("channel_fixed", "channel")
    draft = find_draft(session, definition.key)
    if draft is None:
        latest = latest_of(session, definition.key)
        return _add(
            session, definition.key, definition.as_json(), latest.number if latest else None
        )
    draft.change(definition.as_json())
    return draft


def publish_draft(session: Session, draft: FlowDraft) -> tuple[FlowVersion, bool]:
    """Publish the draft as the flow's next version and let the draft go.

    Raises DefinitionError when the draft is not yet right. An unchanged draft
    publishes nothing: (the latest version, False).
    """
    definition = parse_definition(draft.data, REQUIRED_LOCALES)
    try:
        version, created = publish(session, definition)
    except ValueError as error:  # the audience or channel of a published flow is fixed
        raise DefinitionError("audience", str(error)) from None
    session.delete(draft)
    session.flush()
    return version, created


def discard(session: Session, draft: FlowDraft) -> None:
    session.delete(draft)
    session.flush()
