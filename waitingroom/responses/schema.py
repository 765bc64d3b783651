"""The shape of a response as a device sends it (API.md), checked with pydantic."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from typing import Annotated, Any, Literal, NotRequired
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from typing_extensions import TypedDict

from waitingroom.flows.definition import AUDIENCES
from waitingroom.inputs import storable

MAX_ANSWERS = 50
# Beyond what any database integer column holds: refused, not overflowed.
MAX_INT = 2**31 - 1


class AnswerIn(TypedDict):
    """An answer as sent: checked into a plain dict (a model per answer cost more,
    3,000 of them in a batch of 500, and was turned back into a dict)."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    question: Annotated[StrictStr, Field(min_length=1, max_length=48)]
    value: NotRequired[Any]


class ResponseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: UUID
    flow: Annotated[StrictStr, Field(min_length=1, max_length=48)]
    version: Annotated[StrictInt, Field(ge=1, le=MAX_INT)]
    audience: Literal[AUDIENCES]
    locale: Annotated[StrictStr, Field(min_length=2, max_length=16)]
    started_at: datetime
    submitted_at: datetime
    answers: Annotated[list[AnswerIn], Field(max_length=MAX_ANSWERS)]
    round: Annotated[StrictInt, Field(ge=1, le=MAX_INT)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _only_storable_text(cls, data, info: ValidationInfo):
        if info.context is not TEXT_CHECKED and not storable(data):
            raise ValueError("text must be valid Unicode without NUL characters")
        return data

    @cached_property
    def answer_dicts(self) -> list[dict]:
        """Each answer as {"question", "value"}, a missing value as None: what is checked
        and what the digest is taken of (read only). Answers that all have a value
        are that already."""
        if all("value" in answer for answer in self.answers):
            return self.answers
        return [{"question": a["question"], "value": a.get("value")} for a in self.answers]

    @cached_property
    def id_text(self) -> str:
        """The id as it is stored and answered (made once: a batch has 500)."""
        return str(self.id)


# Validation context: the caller has already found every text in the item storable
# (a batch checks its whole list in one pass rather than each item on its own).
TEXT_CHECKED = {"text_checked": True}


def describe(error: ValidationError) -> list[dict]:
    """Name each problem without echoing the input (it may hold free text)."""
    return [
        {"field": ".".join(str(part) for part in item["loc"]), "problem": item["msg"]}
        for item in error.errors(include_input=False, include_url=False)
    ][:20]
