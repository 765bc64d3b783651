"""Checking a device's answers against the flow version it answered. Pure Python."""

from __future__ import annotations

from typing import NamedTuple

from waitingroom.flows.definition import (
    FREE_TEXT_TYPES,
    POINT_TYPES,
    VOTES,
    FlowDefinition,
    Question,
)


class InvalidAnswer(ValueError):
    """An answer does not fit its question. `question` names it (or its position)."""

    def __init__(self, question: str, code: str, message: str):
        self.question = question
        self.code = code
        super().__init__(message)

    def as_details(self) -> dict:
        return {"question": self.question, "reason": self.code}


class Answer(NamedTuple):
    """A validated answer. `values` are the rollup values it counts under (none for text).

    A named tuple: a batch of 500 responses makes 3,000 of them, and a frozen
    dataclass cost about twice as much to make."""

    question: str
    value: object
    values: tuple[str, ...]


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_rank(question: Question, value) -> tuple[str, ...]:
    key = question.key
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidAnswer(key, "wrong_type", f"{key}: the answer must be a list of options")
    unknown = [v for v in value if v not in question.option_keys]
    if unknown:
        raise InvalidAnswer(key, "not_offered", f"{key}: {unknown[0][:40]!r} is not an option")
    if len(set(value)) != len(value):
        raise InvalidAnswer(key, "repeated", f"{key}: an option is ranked twice")
    if len(value) != len(question.options):
        raise InvalidAnswer(
            key, "incomplete", f"{key}: put all {len(question.options)} options in order"
        )
    return tuple(value)


def _check_points(question: Question, value) -> tuple[str, ...]:
    key = question.key
    if not isinstance(value, dict) or not all(_is_int(v) for v in value.values()):
        raise InvalidAnswer(
            key, "wrong_type", f"{key}: the answer must map options to whole numbers of points"
        )
    unknown = [k for k in value if k not in question.option_keys]
    if unknown:
        raise InvalidAnswer(key, "not_offered", f"{key}: {unknown[0][:40]!r} is not an option")
    if any(v < 0 for v in value.values()):
        raise InvalidAnswer(key, "out_of_range", f"{key}: points cannot be negative")
    given = sum(value.values())
    if given != question.budget:
        raise InvalidAnswer(
            key,
            "wrong_total",
            f"{key}: distribute exactly {question.budget} points (the answer gives {given})",
        )
    return tuple(k for k, v in value.items() if v > 0)


def _check_vote(question: Question, value, votable: frozenset[str]) -> tuple[str, ...]:
    key = question.key
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise InvalidAnswer(
            key, "wrong_type", f"{key}: the answer must map idea ids to agree, disagree or pass"
        )
    if not value:
        raise InvalidAnswer(key, "empty", f"{key}: vote on at least one idea, or skip it")
    unknown = [k for k in value if k not in votable]
    if unknown:
        raise InvalidAnswer(
            key, "not_offered", f"{key}: {unknown[0][:40]!r} is not an idea open for votes"
        )
    wrong = [v for v in value.values() if v not in VOTES]
    if wrong:
        raise InvalidAnswer(
            key, "not_offered", f"{key}: {wrong[0][:40]!r} is not agree, disagree or pass"
        )
    return tuple(f"{idea}:{vote}" for idea, vote in sorted(value.items()))


def _check_value(question: Question, value, votable: frozenset[str]) -> tuple[str, ...]:
    key = question.key
    if question.type in POINT_TYPES:
        if _is_int(value):
            if 1 <= value <= question.points:
                return (str(value),)
            raise InvalidAnswer(
                key, "out_of_range", f"{key}: choose a point from 1 to {question.points}"
            )
        if isinstance(value, str) and not value.isdigit() and value in question.option_keys:
            return (value,)
        raise InvalidAnswer(key, "wrong_type", f"{key}: the answer must be a point number")
    if question.type in ("choice", "yesno"):
        if not isinstance(value, str):
            raise InvalidAnswer(key, "wrong_type", f"{key}: the answer must be an option key")
        if value not in question.option_keys:
            raise InvalidAnswer(key, "not_offered", f"{key}: {value[:40]!r} is not an option")
        return (value,)
    if question.type == "multi":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidAnswer(key, "wrong_type", f"{key}: the answer must be a list of options")
        if not value:
            raise InvalidAnswer(key, "empty", f"{key}: choose at least one option, or skip it")
        if len(set(value)) != len(value):
            raise InvalidAnswer(key, "repeated", f"{key}: an option is chosen twice")
        unknown = [v for v in value if v not in question.option_keys]
        if unknown:
            raise InvalidAnswer(key, "not_offered", f"{key}: {unknown[0][:40]!r} is not an option")
        return tuple(value)
    if question.type == "rank":
        return _check_rank(question, value)
    if question.type == "points":
        return _check_points(question, value)
    if question.type == "vote":
        return _check_vote(question, value, votable)
    if question.type in FREE_TEXT_TYPES:
        if not isinstance(value, str):
            raise InvalidAnswer(key, "wrong_type", f"{key}: the answer must be text")
        if len(value) > (question.max_length or 0):
            raise InvalidAnswer(key, "too_long", f"{key}: at most {question.max_length} characters")
        return ()
    raise InvalidAnswer(key, "unsupported", f"{key}: this question type cannot be answered here")


def validate_answers(
    definition: FlowDefinition, answers: list, votable: frozenset[str] = frozenset()
) -> list[Answer]:
    """Return the answers given, in order; a skipped question is simply absent.

    `votable` holds the ids (as text) of the ideas a vote question may name.
    Raises InvalidAnswer for the first answer that does not fit.
    """
    if not isinstance(answers, list):
        raise InvalidAnswer("", "wrong_type", "answers must be a list")
    if len(answers) > len(definition.questions):
        raise InvalidAnswer(
            "",
            "too_many_answers",
            f"{len(answers)} answers for a flow of {len(definition.questions)} questions",
        )
    seen: set[str] = set()
    valid: list[Answer] = []
    for index, item in enumerate(answers):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise InvalidAnswer(
                f"[{index}]", "wrong_type", f"answer {index} must name its question"
            )
        key = item["question"]
        question = definition.question(key)
        if question is None:
            raise InvalidAnswer(key[:48], "unknown_question", f"{key[:48]!r} is not in this flow")
        if key in seen:
            raise InvalidAnswer(key, "repeated", f"{key}: answered twice")
        seen.add(key)
        value = item.get("value")
        if isinstance(value, str) and question.type in FREE_TEXT_TYPES:
            value = value.strip()
        if value is None or (value == "" and question.type in FREE_TEXT_TYPES):
            continue  # skipped: "I don't want to answer"
        valid.append(Answer(key, value, _check_value(question, value, votable)))
    return valid
