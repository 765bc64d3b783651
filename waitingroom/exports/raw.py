"""The raw anonymous export: one row per response, for admins only.

What DESIGN.md 2.1 stores and nothing more: unit, channel, age band, language,
flow, version, day, seconds taken and the answers. Never free text, never a
response id, the tablet or anything else that could join a row to a comment.
Rows are ordered by day, unit and flow, then by the random id the device made,
so their order says nothing about the order in which children answered.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom.exports.aggregates import ExportError, Period
from waitingroom.flows.definition import FREE_TEXT_TYPES
from waitingroom.flows.models import Flow, FlowVersion
from waitingroom.responses.models import Response
from waitingroom.units.models import Unit

COLUMNS = [
    "unit",
    "channel",
    "age_band",
    "language",
    "flow",
    "version",
    "day",
    "seconds",
    "flagged",
    "answers",
]
# A repeat-tap run: kept, but left out of every figure (DESIGN.md 1.1).
PLAY = "play"
# Enough for years of one region; a bigger file is asked for a shorter period.
MAX_ROWS = 200_000


def answer_text(value) -> str:
    """question=value; a multiple choice as its options joined with '|'."""
    if isinstance(value, list):
        return "|".join(str(item) for item in value)
    return str(value)


def raw_rows(session: Session, unit_ids: list[int], period: Period) -> list[list]:
    """One row per response in the units and days, answers as `q=v; q=v` (no free text)."""
    query = (
        sa.select(
            Unit.code,
            Response.channel,
            Response.audience,
            Response.locale,
            Flow.key,
            FlowVersion.number,
            FlowVersion.id,
            Response.day,
            Response.duration_seconds,
            Response.play,
            Response.answers,
        )
        .join(Unit, Unit.id == Response.unit_id)
        .join(FlowVersion, FlowVersion.id == Response.flow_version_id)
        .join(Flow, Flow.id == FlowVersion.flow_id)
        .where(
            Response.unit_id.in_(unit_ids or [-1]),
            Response.day.between(period.first, period.last),
        )
        .order_by(Response.day, Unit.code, Flow.key, Response.id)
        .limit(MAX_ROWS + 1)
    )
    found = session.execute(query).all()
    if len(found) > MAX_ROWS:
        raise ExportError("last", f"more than {MAX_ROWS} responses: choose a shorter period")
    free_text = _free_text_questions(session, {row[6] for row in found})
    rows = []
    for (
        unit,
        channel,
        audience,
        locale,
        flow,
        number,
        version_id,
        day,
        seconds,
        play,
        answers,
    ) in found:
        said = "; ".join(
            f"{question}={answer_text(value)}"
            for question, value in answers.items()
            if question not in free_text.get(version_id, ()) and isinstance(value, int | str | list)
        )
        rows.append(
            [
                unit,
                channel,
                audience,
                locale,
                flow,
                number,
                day.isoformat(),
                seconds,
                PLAY if play else "",
                said,
            ]
        )
    return rows


def _free_text_questions(session: Session, version_ids: set[int]) -> dict[int, set[str]]:
    """Per flow version, the questions whose answers are words: never exported."""
    if not version_ids:
        return {}
    versions = session.scalars(sa.select(FlowVersion).where(FlowVersion.id.in_(version_ids)))
    return {
        version.id: {q.key for q in version.parsed.questions if q.type in FREE_TEXT_TYPES}
        for version in versions
    }
