"""Answers are checked against the flow version they answered (pure Python)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waitingroom.flows.definition import FlowDefinition, Question
from waitingroom.flows.library import default_definitions
from waitingroom.flows.validation import InvalidAnswer, validate_answers

DEFINITIONS = default_definitions()


def valid_value(question: Question):
    keys = sorted(question.option_keys)
    if question.type in ("faces", "scale"):
        points = st.integers(min_value=1, max_value=question.points)
        escapes = [k for k in keys if not k.isdigit()]
        return st.one_of(points, st.sampled_from(escapes)) if escapes else points
    if question.type == "text":
        return st.text(max_size=question.max_length)
    if question.type == "multi":
        return st.lists(st.sampled_from(keys), min_size=1, max_size=len(keys), unique=True)
    return st.sampled_from(keys)


@st.composite
def valid_answers(draw, definition: FlowDefinition):
    """Any subset of the questions (the rest skipped), each answered validly."""
    chosen = draw(st.lists(st.sampled_from(definition.questions), unique_by=lambda q: q.key))
    answers = []
    for question in chosen:
        if draw(st.booleans()) and question.skippable:
            answers.append({"question": question.key, "value": None})
        else:
            answers.append({"question": question.key, "value": draw(valid_value(question))})
    return answers


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.key)
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_every_valid_answer_set_is_accepted(definition, data):
    answers = data.draw(valid_answers(definition))
    valid = validate_answers(definition, answers)
    given = [
        a["question"]
        for a in answers
        if a["value"] is not None and not (isinstance(a["value"], str) and not a["value"].strip())
    ]
    assert [a.question for a in valid] == given
    for answer in valid:
        is_text = definition.question(answer.question).type == "text"
        assert bool(answer.values) != is_text, answer


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.key)
@given(value=json_values, position=st.integers(min_value=0, max_value=30))
@settings(max_examples=150, deadline=None)
def test_arbitrary_values_are_accepted_or_refused_never_crash(definition, value, position):
    question = definition.questions[position % len(definition.questions)]
    try:
        valid = validate_answers(definition, [{"question": question.key, "value": value}])
    except InvalidAnswer as error:
        assert error.question == question.key
        return
    if value is None or question.type == "text" and not value.strip():
        assert valid == []
    elif question.type == "text":
        assert valid[0].value == value.strip()
    else:
        assert valid[0].value == value


@given(answers=json_values)
@settings(max_examples=150, deadline=None)
def test_any_json_as_the_answer_list_never_crashes(answers):
    try:
        validate_answers(DEFINITIONS[0], answers)
    except InvalidAnswer:
        pass


def faces_question(definition):
    return next(q for q in definition.questions if q.type in ("faces", "scale"))


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.key)
def test_points_outside_the_scale_are_refused(definition):
    question = faces_question(definition)
    for value in (0, question.points + 1, -1, True, 2.0, "2"):
        with pytest.raises(InvalidAnswer) as caught:
            validate_answers(definition, [{"question": question.key, "value": value}])
        assert caught.value.question == question.key


def test_unknown_questions_repeats_and_too_many_answers_are_refused():
    definition = DEFINITIONS[0]
    first = definition.questions[0]
    with pytest.raises(InvalidAnswer, match="not in this flow"):
        validate_answers(definition, [{"question": "nope", "value": 1}])
    with pytest.raises(InvalidAnswer, match="twice"):
        validate_answers(definition, [{"question": first.key, "value": 1}] * 2)
    too_many = [{"question": q.key, "value": None} for q in definition.questions] * 2
    with pytest.raises(InvalidAnswer) as caught:
        validate_answers(definition, too_many)
    assert caught.value.code == "too_many_answers"


def test_multiple_choice_counts_each_option_chosen():
    definition = next(d for d in DEFINITIONS if any(q.type == "multi" for q in d.questions))
    question = next(q for q in definition.questions if q.type == "multi")
    keys = [o.key for o in question.options][:2]
    (answer,) = validate_answers(definition, [{"question": question.key, "value": keys}])
    assert answer.values == tuple(keys)
    for bad in ([], [keys[0], keys[0]], ["not-an-option"], keys[0]):
        with pytest.raises(InvalidAnswer):
            validate_answers(definition, [{"question": question.key, "value": bad}])
