"""A unit's month on one printable page: participation, and per development area and
question the distribution, with the month before where both months are large enough.

The same protection as the aggregate export: what is hidden there is hidden here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from waitingroom.exports.aggregates import (
    RESPONSES,
    Period,
    gather,
    pick,
    previous_month,
    protect,
    question_infos,
)
from waitingroom.flows.definition import AREAS, AUDIENCES, POINT_TYPES
from waitingroom.responses.models import RESPONSE_CELL


@dataclass
class Bar:
    value: str
    label: str
    n: int | None  # None: hidden, fewer than the minimum


@dataclass
class QuestionFigures:
    key: str
    text: str
    n: int | None
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    previous_n: int | None = None
    previous_mean: float | None = None
    audience: str = ""


@dataclass
class MonthSummary:
    period: Period
    previous: Period
    total: int | None
    previous_total: int | None
    by_audience: list[tuple[str, int | None]]
    by_locale: list[tuple[str, int | None]]
    areas: list[tuple[str, list[QuestionFigures]]]


def _shown(cells: dict, minimum: int) -> dict:
    hidden = protect(cells, minimum)
    return {key: (None if key in hidden else n) for key, n in cells.items()}


def _participation(session, unit_ids, period, dimension: str, minimum: int) -> list:
    cells = {
        key: n
        for key, n in gather(session, unit_ids, period, frozenset({dimension})).items()
        if key[4] == RESPONSES
    }
    shown = _shown(cells, minimum)
    position = 1 if dimension == "audience" else 2
    rows = [(key[position], n) for key, n in shown.items()]
    order = {audience: i for i, audience in enumerate(AUDIENCES)}
    return sorted(rows, key=lambda row: (order.get(row[0], 9), row[0]))


def _mean(counts: dict[str, int]) -> float | None:
    points = {int(value): n for value, n in counts.items() if value.isdigit()}
    total = sum(points.values())
    return round(sum(v * n for v, n in points.items()) / total, 2) if total else None


def _questions(session, unit_ids, period: Period, minimum: int, infos) -> dict:
    """Per question key (flow, question): (n or None, {value: n or None}, mean or None)."""
    cells = gather(session, unit_ids, period, infos=infos)
    shown = _shown(cells, minimum)
    result: dict[tuple[str, str], tuple] = {}
    for (_, _, _, flow, question, value), n in shown.items():
        if question == RESPONSES or value != RESPONSE_CELL:
            continue
        values = {
            key[5]: shown[key]
            for key in shown
            if key[3] == flow and key[4] == question and key[5] != RESPONSE_CELL
        }
        raw = {
            key[5]: cells[key]
            for key in cells
            if key[3] == flow and key[4] == question and key[5] != RESPONSE_CELL
        }
        # A mean over a shown n (as the live view's trend): never over a hidden one.
        mean = _mean(raw) if n is not None else None
        result[(flow, question)] = (n, values, mean)
    return result


def unit_month(
    session: Session, unit_ids: list[int], period: Period, minimum: int, locale: str
) -> MonthSummary:
    infos = question_infos(session)
    previous = previous_month(period.first)
    totals = _shown(
        {
            k: n
            for k, n in gather(session, unit_ids, period, infos=infos).items()
            if k[4] == RESPONSES
        },
        minimum,
    )
    before = _shown(
        {
            k: n
            for k, n in gather(session, unit_ids, previous, infos=infos).items()
            if k[4] == RESPONSES
        },
        minimum,
    )
    now = _questions(session, unit_ids, period, minimum, infos)
    then = _questions(session, unit_ids, previous, minimum, infos)
    areas: dict[str, list[QuestionFigures]] = {area: [] for area in AREAS}
    for (flow, question), (n, values, mean) in sorted(now.items()):
        info = infos.get((flow, question))
        area = info.area if info else ""
        order = list(info.labels) if info else []
        ranked = sorted(values, key=lambda v: (order.index(v) if v in order else len(order), v))
        figures = QuestionFigures(
            f"{flow}/{question}",
            pick(info.text, locale) if info else question,
            n,
            [
                Bar(v, pick(info.labels.get(v, {}), locale) if info else v, values[v])
                for v in (ranked if n is not None else [])
            ],
            mean if info and info.type in POINT_TYPES else None,
            audience=info.audience if info else "",
        )
        earlier = then.get((flow, question))
        if n is not None and earlier is not None and earlier[0] is not None:
            figures.previous_n = earlier[0]
            if figures.mean is not None:
                figures.previous_mean = earlier[2]
        areas.setdefault(area, []).append(figures)
    return MonthSummary(
        period,
        previous,
        next(iter(totals.values()), 0) if totals else 0,
        next(iter(before.values()), None) if before else None,
        _participation(session, unit_ids, period, "audience", minimum),
        _participation(session, unit_ids, period, "locale", minimum),
        [(area, questions) for area, questions in areas.items() if questions],
    )
