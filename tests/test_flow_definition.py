"""The flow definition format and the shipped default flows."""

from __future__ import annotations

import pytest

from waitingroom.flows.definition import (
    AREAS,
    AUDIENCES,
    DefinitionError,
    load_yaml,
    parse_definition,
    to_yaml,
)
from waitingroom.flows.library import default_definitions
from waitingroom.i18n import SHIPPED_LOCALES

SMALL_FLOW_LOCALES = ("sv", "en", "ar", "fa")
SMALL_FLOW = """\
key: tiny
audience: age_4_7
title: {sv: Liten, en: Tiny, ar: صغير, fa: کوچک}
scales:
  faces3: &faces3
    - {key: "1", pictogram: faces/sad, label: {sv: Ledsen, en: Sad, ar: حزين, fa: ناراحت}}
    - {key: "2", pictogram: faces/inbetween, label: {sv: Mittemellan, en: In between, ar: بين بين, fa: معمولی}}
    - {key: "3", pictogram: faces/happy, label: {sv: Glad, en: Happy, ar: سعيد, fa: خوشحال}}
questions:
  - key: waiting
    type: faces
    area: care_flows
    text: {sv: "Hur var det att vänta?", en: "How was waiting?", ar: "كيف كان الانتظار؟", fa: "انتظار چطور بود؟"}
    options: *faces3
  - key: better
    type: multi
    area: participation
    text: {sv: "Vad blir bättre?", en: "What would help?", ar: "ما الذي يساعد؟", fa: "چه چیزی کمک می‌کند؟"}
    options:
      - {key: toys, pictogram: pictograms/toys, label: {sv: Leksaker, en: Toys, ar: ألعاب, fa: اسباب‌بازی}}
      - {key: books, pictogram: pictograms/books, label: {sv: Böcker, en: Books, ar: كتب, fa: کتاب}}
"""


def by_audience():
    return {definition.audience: definition for definition in default_definitions()}


def _languages_of(definition):
    texts = [definition.title]
    for question in definition.questions:
        texts.append(question.text)
        texts.extend(option.label for option in question.options)
    return texts


def test_every_age_band_has_a_default_flow_written_in_swedish():
    flows = by_audience()
    assert sorted(flows) == sorted(AUDIENCES)
    for definition in flows.values():
        assert all("sv" in texts for texts in _languages_of(definition)), definition.key
        for question in definition.questions:
            assert question.area in AREAS
            assert question.skippable


def test_every_shipped_flow_speaks_every_shipped_language():
    """The family choosing Tigrinya or Meänkieli gets the questions in it, not Swedish."""
    for definition in default_definitions() + default_definitions("youth"):
        for texts in _languages_of(definition):
            assert set(texts) == set(SHIPPED_LOCALES), definition.key


def test_a_shipped_flow_is_translated_wholly_or_not_at_all_in_each_language():
    """No half-translated flow: a family never meets Somali, then Swedish, then Somali."""
    for definition in default_definitions() + default_definitions("youth"):
        texts = _languages_of(definition)
        languages = set().union(*texts)
        assert languages <= set(SHIPPED_LOCALES)
        for code in languages:
            missing = sum(1 for t in texts if code not in t)
            assert missing == 0, f"{definition.key} lacks {missing} texts in {code}"


def test_the_youngest_answer_with_three_faces_and_never_type():
    flow = by_audience()["age_4_7"]
    faces = [q for q in flow.questions if q.type == "faces"]
    assert 4 <= len(faces) <= 6
    assert all(q.points == 3 for q in faces)
    assert all(q.type in ("faces", "choice", "multi", "yesno") for q in flow.questions)


def test_eight_to_twelve_get_five_worded_points_and_dont_know():
    flow = by_audience()["age_8_12"]
    scales = [q for q in flow.questions if q.type == "scale"]
    assert scales
    for question in scales:
        assert question.points == 5
        assert "dont_know" in question.option_keys


@pytest.mark.parametrize("audience", ["age_13_17", "relative"])
def test_teenagers_and_relatives_get_four_points_without_a_middle(audience):
    scales = [q for q in by_audience()[audience].questions if q.type == "scale"]
    assert scales
    for question in scales:
        assert question.points == 4
        assert "dont_know" in question.option_keys


def test_flows_feed_several_development_areas():
    areas = {q.area for d in default_definitions() for q in d.questions}
    assert len(areas) >= 4


def test_yaml_round_trips_through_export():
    definition = load_yaml(SMALL_FLOW, SMALL_FLOW_LOCALES)
    again = load_yaml(to_yaml(definition), SMALL_FLOW_LOCALES)
    assert again == definition
    assert again.canonical() == definition.canonical()


def test_stored_json_reads_back_as_the_same_definition():
    definition = load_yaml(SMALL_FLOW)
    assert parse_definition(definition.as_json()) == definition
    assert definition.as_json()["questions"][0]["scale"] == 3


@pytest.mark.parametrize(
    ("change", "line", "field"),
    [
        (("type: faces", "type: smileys"), 11, "questions[0].type"),
        (("area: participation", "area: happiness"), 17, "questions[1].area"),
        (
            (
                "{key: books, pictogram: pictograms/books, label: {sv: Böcker, en: Books, ar: كتب, fa: کتاب}}",
                "{key: books, label: {sv: Böcker, en: Books}}",
            ),
            21,
            "questions[1].options[1].label",
        ),
        (
            (
                '- {key: "3", pictogram: faces/happy, label: {sv: Glad, en: Happy, ar: سعيد, fa: خوشحال}}',
                "",
            ),
            14,
            "questions[0].options",
        ),
        (("audience: age_4_7", "audience: toddlers"), 2, "audience"),
    ],
)
def test_a_bad_file_is_refused_naming_line_and_field(change, line, field):
    old, new = change
    text = SMALL_FLOW.replace(old, new, 1)
    assert text != SMALL_FLOW
    with pytest.raises(DefinitionError) as caught:
        load_yaml(text, SMALL_FLOW_LOCALES)
    assert caught.value.where == field
    assert caught.value.line == line
    assert f"line {line}" in str(caught.value)


def test_broken_yaml_names_its_line():
    with pytest.raises(DefinitionError) as caught:
        load_yaml("key: x\nquestions: [\n  - {key: a\n", SHIPPED_LOCALES)
    assert caught.value.line is not None
    assert "YAML" in str(caught.value)


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [],
        "just text",
        {"key": "x"},
        {"key": "x", "audience": "age_4_7", "title": {"sv": "x"}, "questions": []},
        {"key": "x", "audience": "age_4_7", "title": {"sv": "x"}, "questions": [{}], "extra": 1},
    ],
)
def test_nonsense_is_a_definition_error_not_a_crash(bad):
    with pytest.raises(DefinitionError):
        parse_definition(bad)


def test_a_question_cannot_be_made_unskippable():
    text = SMALL_FLOW.replace(
        "    area: care_flows\n", "    area: care_flows\n    skippable: false\n"
    )
    with pytest.raises(DefinitionError, match="skippable"):
        load_yaml(text)
