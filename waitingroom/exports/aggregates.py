"""Aggregate figures for a scope and a period, from rollups only, with small-number protection.

Every cell under the minimum group size is left empty and marked (DESIGN.md 2.3).
A file is read next to other files and the live view, so protection does not
stop at single cells: along every line of the table (the values of one
question; one question's figure across age bands, languages or periods) a
hidden cell never stands alone, because the line's total is known elsewhere and
one hidden cell could be worked out by subtraction. The next smallest cell is
hidden with it, until no line has exactly one hidden cell. Tables carry no
total rows across a breakdown: the unbroken export is that total.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom.flows.definition import AREAS, AUDIENCES, FREE_TEXT_TYPES
from waitingroom.flows.library import published_flows
from waitingroom.responses.models import RESPONSE_CELL, Rollup

BREAKDOWNS = ("audience", "locale")
PER = ("all", "day", "week", "month")
# Two years of days at most in one file: enough for a board report, bounded in size.
MAX_DAYS = 731
# Cells in one file at most (a region per day over two years, by age band and language,
# would be millions): past this, a shorter period or fewer breakdowns is asked for.
MAX_CELLS = 300_000
MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")
# Participation: the responses themselves, as a pseudo-question of its own.
RESPONSES = "responses"

COLUMNS = [
    "period",
    "age_band",
    "language",
    "area",
    "flow",
    "question",
    "question_text",
    "value",
    "value_label",
    "count",
    "answered",
    "note",
]
SUPPRESSED = "suppressed"


class ExportError(ValueError):
    """An export that cannot be made as asked; `field` names what to change."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    def __str__(self) -> str:
        return f"{self.first.isoformat()}/{self.last.isoformat()}"


def month_period(text: str) -> Period:
    """ "2026-11" → the first to the last day of that month."""
    match = MONTH.match(text or "")
    if not match:
        raise ExportError("month", "a month is written YYYY-MM, e.g. 2026-11")
    try:
        first = date(int(match.group(1)), int(match.group(2)), 1)
        return Period(first, next_month(first) - timedelta(days=1))
    except ValueError:  # year 0, or the month after December 9999
        raise ExportError("month", "that month is outside the calendar") from None


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def previous_month(first: date) -> Period:
    last = first - timedelta(days=1)
    return Period(last.replace(day=1), last)


def checked_period(first: date | None, last: date | None, today: date) -> Period:
    """A from/to period: both days given, in order, not in the future, not too long."""
    if first is None or last is None:
        raise ExportError("first", "give both the first and the last day")
    if last < first:
        raise ExportError("last", "the last day comes before the first")
    if first > today:
        raise ExportError("first", "the period starts in the future")
    if (last - first).days + 1 > MAX_DAYS:
        raise ExportError("last", f"a period has at most {MAX_DAYS} days")
    return Period(first, min(last, today))


def period_of(day: date, per: str, period: Period) -> str:
    """The label of the row's period: the whole period, a day, an ISO week or a month."""
    if per == "day":
        return day.isoformat()
    if per == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if per == "month":
        return f"{day.year}-{day.month:02d}"
    return str(period)


@dataclass(frozen=True)
class QuestionInfo:
    area: str
    text: dict
    labels: dict  # option key -> {locale: label}, in the question's order
    free_text: bool
    type: str = ""
    audience: str = ""


def question_infos(session: Session) -> dict[tuple[str, str], QuestionInfo]:
    """What the latest published kiosk flows say about each question."""
    infos = {}
    for version in published_flows(session):
        definition = version.parsed
        for question in definition.questions:
            infos[(definition.key, question.key)] = QuestionInfo(
                question.area,
                dict(question.text),
                {option.key: dict(option.label) for option in question.options},
                question.type in FREE_TEXT_TYPES,
                question.type,
                definition.audience,
            )
    return infos


# (period, age band, language, flow, question, value); value "*" is the question's n.
Key = tuple[str, str, str, str, str, str]
VALUE = 5
# The positions a breakdown can spread a figure over; the value is always one.
DIMENSIONS = {"period": 0, "audience": 1, "locale": 2}


def gather(
    session: Session,
    unit_ids: list[int],
    period: Period,
    breakdown: frozenset[str] = frozenset(),
    per: str = "all",
    area: str | None = None,
    infos: dict | None = None,
) -> dict[Key, int]:
    """Sum rollups into cells; responses flagged as play are never counted."""
    infos = question_infos(session) if infos is None else infos
    rows = session.execute(
        sa.select(
            Rollup.flow,
            Rollup.question,
            Rollup.audience,
            Rollup.locale,
            Rollup.day,
            Rollup.value,
            sa.func.sum(Rollup.count),
        )
        .where(
            Rollup.unit_id.in_(unit_ids or [-1]),
            Rollup.day.between(period.first, period.last),
            sa.or_(Rollup.question != RESPONSE_CELL, Rollup.value == RESPONSE_CELL),
        )
        .group_by(
            Rollup.flow,
            Rollup.question,
            Rollup.audience,
            Rollup.locale,
            Rollup.day,
            Rollup.value,
        )
    )
    cells: dict[Key, int] = defaultdict(int)
    for flow, question, audience, locale, day, value, n in rows:
        if question == RESPONSE_CELL:
            flow, question = "", RESPONSES
        else:
            info = infos.get((flow, question))
            if info is not None and info.free_text:
                continue
            if area is not None and (info is None or info.area != area):
                continue
        key = (
            period_of(day, per, period),
            audience if "audience" in breakdown else "",
            locale if "locale" in breakdown else "",
            flow,
            question,
            value,
        )
        cells[key] += int(n or 0)
    return dict(cells)


def protect(cells: dict[Key, int], minimum: int) -> set[Key]:
    """The cells to hide: the small ones, and enough others that none can be subtracted out."""
    hidden = {key for key, n in cells.items() if n < minimum}
    changed = True
    while changed:
        changed = False
        # A hidden n hides its whole distribution (the values add up to n).
        for key in list(cells):
            if key not in hidden and key[:VALUE] + (RESPONSE_CELL,) in hidden:
                hidden.add(key)
                changed = True
        for position in (*DIMENSIONS.values(), VALUE):
            lines: dict[tuple, list[Key]] = defaultdict(list)
            for key in cells:
                if position == VALUE and key[VALUE] == RESPONSE_CELL:
                    continue  # n is the line's total, not one of its cells
                lines[key[:position] + ("",) + key[position + 1 :]].append(key)
            for keys in lines.values():
                if sum(key in hidden for key in keys) != 1:
                    continue
                shown = sorted((cells[key], key) for key in keys if key not in hidden)
                if shown:
                    hidden.add(shown[0][1])
                    changed = True
    return hidden


def _sort_key(key: Key, infos: dict) -> tuple:
    period, audience, locale, flow, question, value = key
    info = infos.get((flow, question))
    area_rank = AREAS.index(info.area) if info and info.area in AREAS else len(AREAS)
    return (
        period,
        question != RESPONSES,
        area_rank,
        flow,
        question,
        AUDIENCES.index(audience) if audience in AUDIENCES else -1,
        locale,
        value != RESPONSE_CELL,
        (len(value), value),
    )


def pick(texts: dict, locale: str) -> str:
    return texts.get(locale) or texts.get("sv") or next(iter(texts.values()), "")


def aggregate_rows(
    cells: dict[Key, int], minimum: int, infos: dict, locale: str
) -> tuple[list[list], int]:
    """Rows for COLUMNS, suppression applied, and how many cells were hidden.

    A question whose n is hidden is one row with nothing but the note; otherwise
    one row per value, its count empty where hidden.
    """
    hidden = protect(cells, minimum)
    rows = []
    for key in sorted(cells, key=lambda key: _sort_key(key, infos)):
        period, audience, locale_, flow, question, value = key
        n_key = key[:VALUE] + (RESPONSE_CELL,)
        info = infos.get((flow, question))
        base = [
            period,
            audience,
            locale_,
            info.area if info else "",
            flow,
            question,
            pick(info.text, locale) if info else "",
        ]
        if question == RESPONSES:
            n = None if key in hidden else cells[key]
            rows.append([*base, "", "", n, n, SUPPRESSED if n is None else ""])
            continue
        answered = None if n_key in hidden else cells.get(n_key)
        if value == RESPONSE_CELL:
            if answered is None:
                rows.append([*base, "", "", None, None, SUPPRESSED])
            continue
        if answered is None:
            continue  # said once, on the question's own row
        count = None if key in hidden else cells[key]
        label = pick(info.labels.get(value, {}), locale) if info else ""
        rows.append([*base, value, label, count, answered, SUPPRESSED if count is None else ""])
    return rows, len(hidden)
