"""The flow definition format: YAML in, JSON stored, plain Python throughout.

A flow is a short list of questions for one audience (age band). Each
question is tied to one of the programme's seven development areas and can
always be skipped. See docs/flows.md for the format with an example.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property

import yaml

AUDIENCES = ("age_4_7", "age_8_12", "age_13_17", "relative")

# The programme's seven development areas (DESIGN.md 1.4).
AREAS = (
    "competence",
    "holistic_view",
    "coordination",
    "care_flows",
    "collaboration",
    "early_support",
    "participation",
)

KIOSK_TYPES = ("faces", "scale", "choice", "multi", "yesno", "text")
# Only in the youth group's consultation rounds (DESIGN.md 1.2): order items,
# distribute points, write an idea of one's own, vote on the group's ideas.
ROUND_TYPES = ("rank", "points", "idea", "vote")
QUESTION_TYPES = KIOSK_TYPES + ROUND_TYPES
# Where a flow is answered: on a waiting-room tablet, or on a youth member's phone.
CHANNELS = ("kiosk", "youth")
# Free text: never for the youngest (DESIGN.md 1.1), always optional and capped.
TEXT_AUDIENCES = frozenset({"age_8_12", "age_13_17", "relative"})
FREE_TEXT_TYPES = frozenset({"text", "idea"})
MAX_TEXT_ANSWER = 1000
MAX_BUDGET = 100
VOTES = ("agree", "disagree", "pass")
POINT_TYPES = frozenset({"faces", "scale"})
# "Don't know" / "not applicable": the escape every worded scale offers.
ESCAPE_KEYS = frozenset({"dont_know"})
FACE_SCALES = (3, 5)

KEY = re.compile(r"^[a-z0-9][a-z0-9_]{0,47}$")
FLOW_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")
PICTOGRAM = re.compile(r"^[a-z0-9_-]+(/[a-z0-9_-]+)*$")
MAX_QUESTIONS = 20
MAX_OPTIONS = 12
MAX_TEXT = 500
# A flow file is a few kilobytes: far larger, or expanding into many values through
# YAML aliases ("billion laughs"), is refused before anything else is read.
MAX_YAML_CHARS = 256 * 1024
MAX_YAML_VALUES = 200_000
MAX_YAML_DEPTH = 40
_BRACKET_RUN = re.compile(r"(?:[\[{]\s*){" + str(MAX_YAML_DEPTH) + "}")


class DefinitionError(ValueError):
    """A flow definition is wrong; `where` names the field, `line` the YAML line."""

    def __init__(self, where: str, message: str, line: int | None = None):
        self.where = where
        self.message = message
        self.line = line
        prefix = f"line {line}: " if line else ""
        super().__init__(f"{prefix}{where}: {message}" if where else f"{prefix}{message}")


@dataclass(frozen=True)
class Option:
    key: str
    label: dict[str, str]
    pictogram: str | None = None

    def as_json(self) -> dict:
        data: dict = {"key": self.key, "label": dict(self.label)}
        if self.pictogram:
            data["pictogram"] = self.pictogram
        return data


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    area: str
    text: dict[str, str]
    options: tuple[Option, ...]
    pictogram: str | None = None
    skippable: bool = True
    max_length: int | None = None
    budget: int | None = None  # the points a `points` question hands out

    @cached_property
    def option_keys(self) -> frozenset[str]:
        return frozenset(option.key for option in self.options)

    @cached_property
    def points(self) -> int:
        """How many ordered points a faces or scale question has (escapes excluded)."""
        return sum(1 for option in self.options if option.key.isdigit())

    def as_json(self) -> dict:
        data: dict = {
            "key": self.key,
            "type": self.type,
            "area": self.area,
            "skippable": self.skippable,
            "text": dict(self.text),
            "options": [option.as_json() for option in self.options],
        }
        if self.type in POINT_TYPES:
            data["scale"] = self.points
        if self.max_length is not None:
            data["max_length"] = self.max_length
        if self.budget is not None:
            data["budget"] = self.budget
        if self.pictogram:
            data["pictogram"] = self.pictogram
        return data


@dataclass(frozen=True)
class FlowDefinition:
    key: str
    audience: str
    title: dict[str, str]
    questions: tuple[Question, ...]
    channel: str = "kiosk"
    _by_key: dict[str, Question] = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_key", {q.key: q for q in self.questions})

    def question(self, key: str) -> Question | None:
        return self._by_key.get(key)

    def as_json(self) -> dict:
        data = {
            "key": self.key,
            "audience": self.audience,
            "title": dict(self.title),
            "questions": [question.as_json() for question in self.questions],
        }
        if self.channel != "kiosk":  # kiosk flows keep the form they were published in
            data["channel"] = self.channel
        return data

    def canonical(self) -> str:
        """A stable text form: two definitions are the same version when it is equal."""
        return json.dumps(self.as_json(), sort_keys=True, ensure_ascii=False)


# --- parsing ---------------------------------------------------------------


def _require_mapping(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise DefinitionError(where, "must be a mapping")
    return value


def _check_keys(data: dict, where: str, required: set[str], optional: set[str]) -> None:
    missing = sorted(required - data.keys())
    if missing:
        raise DefinitionError(where, f"missing {', '.join(missing)}")
    unknown = sorted(str(k) for k in data.keys() - required - optional)
    if unknown:
        # Named by its own path, so a YAML error points at the line where it is written.
        field = f"{where}.{unknown[0]}" if where else unknown[0]
        raise DefinitionError(field, f"unknown field {', '.join(unknown)}")


def _texts(value, where: str, locales: tuple[str, ...]) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise DefinitionError(where, "must map language codes to text")
    texts = {}
    for code, text in value.items():
        if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2,3}(_[A-Za-z]{2,4})?", code):
            raise DefinitionError(f"{where}.{code}", "is not a language code")
        if not isinstance(text, str) or not text.strip():
            raise DefinitionError(f"{where}.{code}", "must be non-empty text")
        if len(text) > MAX_TEXT:
            raise DefinitionError(f"{where}.{code}", f"is longer than {MAX_TEXT} characters")
        texts[code] = text.strip()
    missing = [code for code in locales if code not in texts]
    if missing:
        raise DefinitionError(where, f"has no text in {', '.join(missing)}")
    return texts


def _pictogram(value, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not PICTOGRAM.match(value):
        raise DefinitionError(where, "must be a pictogram name such as pictograms/toys")
    return value


def _option(data, where: str, locales) -> Option:
    data = _require_mapping(data, where)
    _check_keys(data, where, {"key", "label"}, {"pictogram"})
    key = data["key"]
    if isinstance(key, int) and not isinstance(key, bool):
        key = str(key)
    if not isinstance(key, str) or not KEY.match(key):
        raise DefinitionError(f"{where}.key", "must be lower-case letters, digits or '_'")
    return Option(
        key=key,
        label=_texts(data["label"], f"{where}.label", locales),
        pictogram=_pictogram(data.get("pictogram"), f"{where}.pictogram"),
    )


def _check_options(question_type: str, options: tuple[Option, ...], where: str) -> None:
    keys = [option.key for option in options]
    if len(set(keys)) != len(keys):
        raise DefinitionError(where, "option keys must be unique")
    if question_type in POINT_TYPES:
        points = [key for key in keys if key.isdigit()]
        escapes = [key for key in keys if not key.isdigit()]
        if points != [str(n) for n in range(1, len(points) + 1)]:
            raise DefinitionError(where, 'points must be keyed "1", "2", … from worst to best')
        if any(key not in ESCAPE_KEYS for key in escapes):
            raise DefinitionError(where, "besides points only a dont_know option is allowed")
        if question_type == "faces":
            if len(points) not in FACE_SCALES or escapes:
                raise DefinitionError(where, "faces need 3 or 5 faces and no other option")
        elif not 3 <= len(points) <= 7:
            raise DefinitionError(where, "a worded scale needs 3 to 7 points")
    elif question_type in FREE_TEXT_TYPES or question_type == "vote":
        if options:
            raise DefinitionError(where, f"a {question_type} question has no options")
    elif question_type == "yesno":
        if sorted(keys) != ["no", "yes"]:
            raise DefinitionError(where, "yes/no questions need exactly the options yes and no")
    elif len(options) < 2:
        raise DefinitionError(where, f"a {question_type} question needs at least two options")


def _question(data, where: str, locales) -> Question:
    data = _require_mapping(data, where)
    _check_keys(
        data,
        where,
        {"key", "type", "area", "text"},
        {"options", "pictogram", "skippable", "scale", "max_length", "budget"},
    )
    key, question_type, area = data["key"], data["type"], data["area"]
    if not isinstance(key, str) or not KEY.match(key):
        raise DefinitionError(f"{where}.key", "must be lower-case letters, digits or '_'")
    if question_type not in QUESTION_TYPES:
        raise DefinitionError(f"{where}.type", f"must be one of {', '.join(QUESTION_TYPES)}")
    if area not in AREAS:
        raise DefinitionError(f"{where}.area", f"must be one of {', '.join(AREAS)}")
    if data.get("skippable", True) is not True:
        # Every question can be skipped: "I don't want to answer" is always allowed.
        raise DefinitionError(f"{where}.skippable", "every question must stay skippable")
    raw_options = data.get("options", [])
    if not isinstance(raw_options, list) or len(raw_options) > MAX_OPTIONS:
        raise DefinitionError(f"{where}.options", f"must be a list of at most {MAX_OPTIONS}")
    options = tuple(
        _option(option, f"{where}.options[{index}]", locales)
        for index, option in enumerate(raw_options)
    )
    _check_options(question_type, options, f"{where}.options")
    points = sum(1 for option in options if option.key.isdigit())
    if "scale" in data and (question_type not in POINT_TYPES or data["scale"] != points):
        raise DefinitionError(f"{where}.scale", f"must equal the number of points ({points})")
    max_length = data.get("max_length")
    if question_type in FREE_TEXT_TYPES:
        max_length = (500 if question_type == "text" else 300) if max_length is None else max_length
        if not isinstance(max_length, int) or not 1 <= max_length <= MAX_TEXT_ANSWER:
            raise DefinitionError(f"{where}.max_length", f"must be 1 to {MAX_TEXT_ANSWER}")
    elif max_length is not None:
        raise DefinitionError(f"{where}.max_length", "only free-text questions have one")
    budget = data.get("budget")
    if question_type == "points":
        if not isinstance(budget, int) or isinstance(budget, bool) or not 1 <= budget <= MAX_BUDGET:
            raise DefinitionError(
                f"{where}.budget", f"must be a number of points, 1 to {MAX_BUDGET}"
            )
    elif budget is not None:
        raise DefinitionError(f"{where}.budget", "only points questions have one")
    return Question(
        key=key,
        type=question_type,
        area=area,
        text=_texts(data["text"], f"{where}.text", locales),
        options=options,
        pictogram=_pictogram(data.get("pictogram"), f"{where}.pictogram"),
        max_length=max_length,
        budget=budget,
    )


def _check_fits(question: Question, where: str, audience: str, channel: str) -> None:
    """A question's type must suit the flow's audience and channel."""
    if question.type in FREE_TEXT_TYPES and audience not in TEXT_AUDIENCES:
        raise DefinitionError(f"{where}.type", f"no free text for {audience}: it is too young")
    if question.type in ROUND_TYPES and channel != "youth":
        raise DefinitionError(
            f"{where}.type",
            f"{question.type} questions are for youth rounds only (channel: youth)",
        )


def parse_definition(data, locales: tuple[str, ...] = ()) -> FlowDefinition:
    """Build a FlowDefinition from plain data; every text must exist in `locales`."""
    data = _require_mapping(data, "")
    data = {k: v for k, v in data.items() if k != "scales"}  # holds YAML anchors only
    _check_keys(data, "", {"key", "audience", "title", "questions"}, {"channel"})
    key, audience = data["key"], data["audience"]
    channel = data.get("channel", "kiosk")
    if channel not in CHANNELS:
        raise DefinitionError("channel", f"must be one of {', '.join(CHANNELS)}")
    if not isinstance(key, str) or not FLOW_KEY.match(key):
        raise DefinitionError("key", "must be lower-case letters, digits, '-' or '_'")
    if audience not in AUDIENCES:
        raise DefinitionError("audience", f"must be one of {', '.join(AUDIENCES)}")
    raw_questions = data["questions"]
    if not isinstance(raw_questions, list) or not 1 <= len(raw_questions) <= MAX_QUESTIONS:
        raise DefinitionError("questions", f"must be a list of 1 to {MAX_QUESTIONS} questions")
    questions = tuple(
        _question(question, f"questions[{index}]", locales)
        for index, question in enumerate(raw_questions)
    )
    for index, question in enumerate(questions):
        _check_fits(question, f"questions[{index}]", audience, channel)
    keys = [question.key for question in questions]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise DefinitionError("questions", f"question keys repeat: {', '.join(duplicates)}")
    return FlowDefinition(
        key=key,
        audience=audience,
        title=_texts(data["title"], "title", locales),
        questions=questions,
        channel=channel,
    )


def definition_problems(data, locales: tuple[str, ...] = ()) -> list[DefinitionError]:
    """Every problem that can be told apart, not only the first one parse_definition meets:
    the title, each question on its own, then the flow as a whole. Empty when it parses."""
    found: dict[str, DefinitionError] = {}

    def check(parse, *args):
        try:
            return parse(*args)
        except DefinitionError as error:
            found.setdefault(error.where, error)
            return None

    if isinstance(data, dict):
        if "title" in data:
            check(_texts, data["title"], "title", locales)
        raw_questions = data.get("questions")
        if isinstance(raw_questions, list):
            for index, raw in enumerate(raw_questions[:MAX_QUESTIONS]):
                where = f"questions[{index}]"
                if isinstance(raw, dict):
                    # The parts that can be checked alone first, so each shows its problem.
                    if "text" in raw:
                        check(_texts, raw["text"], f"{where}.text", locales)
                    if raw.get("skippable", True) is not True:
                        found.setdefault(
                            f"{where}.skippable",
                            DefinitionError(
                                f"{where}.skippable", "every question must stay skippable"
                            ),
                        )
                    options = raw.get("options")
                    for number, option in enumerate(options if isinstance(options, list) else []):
                        check(_option, option, f"{where}.options[{number}]", locales)
                question = check(_question, raw, where, locales)
                if question is not None:
                    audience, channel = data.get("audience"), data.get("channel", "kiosk")
                    check(_check_fits, question, f"questions[{index}]", audience, channel)
    check(parse_definition, data, locales)
    return list(found.values())


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers where each question started, for error messages,
    and stops at a nesting no flow needs (before the parser slows to a crawl)."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(None, None, "nested too deeply", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_mapping(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    if isinstance(mapping, dict):
        mapping.setdefault("__line__", node.start_mark.line + 1)
        lines = {}
        for key_node, _value in node.value:
            lines.setdefault(loader.construct_object(key_node), key_node.start_mark.line + 1)
        mapping.setdefault("__lines__", lines)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_MARKERS = ("__line__", "__lines__")


def _strip_lines(value, budget: list[int]):
    budget[0] -= 1
    if budget[0] < 0:
        raise DefinitionError("", f"the file holds more than {MAX_YAML_VALUES} values")
    if isinstance(value, dict):
        return {k: _strip_lines(v, budget) for k, v in value.items() if k not in _MARKERS}
    if isinstance(value, list):
        return [_strip_lines(v, budget) for v in value]
    return value


def _line_of(data, where: str) -> int | None:
    """Follow a `questions[2].options[1].label` path to the line where it is written."""
    node = data
    line = data.get("__line__") if isinstance(data, dict) else None
    for part in re.findall(r"[a-z_]+|\[\d+\]", where):
        if isinstance(node, dict) and part in node.get("__lines__", {}):
            line = node["__lines__"][part]
        try:
            node = node[int(part[1:-1])] if part.startswith("[") else node[part]
        except (KeyError, IndexError, TypeError, ValueError):
            break
        if isinstance(node, dict) and "__line__" in node:
            line = node["__line__"]
    return line


def load_yaml(text: str, locales: tuple[str, ...] = ()) -> FlowDefinition:
    """Parse a YAML flow definition; errors name the line and the field."""
    if len(text) > MAX_YAML_CHARS:
        raise DefinitionError("", f"the file is longer than {MAX_YAML_CHARS // 1024} KiB")
    # PyYAML reads a run of opening brackets to its end before it builds anything.
    deep = _BRACKET_RUN.search(text)
    if deep:
        raise DefinitionError(
            "", "the file is nested too deeply", text.count("\n", 0, deep.start()) + 1
        )
    try:
        raw = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        data = _strip_lines(raw, [MAX_YAML_VALUES])
    except RecursionError:
        raise DefinitionError("", "the file is nested too deeply") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(error, "problem", None) or "is not valid YAML"
        raise DefinitionError("", f"not valid YAML: {problem}", line) from None
    try:
        return parse_definition(data, locales)
    except DefinitionError as error:
        raise DefinitionError(error.where, error.message, _line_of(raw, error.where)) from None


def read_yaml(raw: bytes, locales: tuple[str, ...] = ()) -> FlowDefinition:
    """A flow file's bytes (read at most MAX_YAML_CHARS * 4 + 1 of them), checked as load_yaml."""
    if len(raw) > MAX_YAML_CHARS * 4:
        raise DefinitionError("", f"the file is longer than {MAX_YAML_CHARS // 1024} KiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DefinitionError("", "not UTF-8 text", line) from None
    return load_yaml(text.removeprefix("\ufeff"), locales)


def from_json(data: dict) -> FlowDefinition:
    """Rebuild a stored definition (it was validated when it was published)."""
    return parse_definition(data)


def to_yaml(definition: FlowDefinition) -> str:
    return yaml.safe_dump(definition.as_json(), allow_unicode=True, sort_keys=False, width=100)
