"""Publishing flow versions and finding the ones kiosks answer."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom.flows.definition import FlowDefinition, load_yaml
from waitingroom.flows.models import Flow, FlowVersion
from waitingroom.i18n import SHIPPED_LOCALES

DEFAULTS_DIR = Path(__file__).parent / "defaults"


@cache
def _shipped_definitions() -> tuple[FlowDefinition, ...]:
    return tuple(
        load_yaml(path.read_text(encoding="utf-8"), SHIPPED_LOCALES)
        for path in sorted(DEFAULTS_DIR.glob("*.yaml"))
    )


def default_definitions(channel: str = "kiosk") -> tuple[FlowDefinition, ...]:
    """The shipped flows of a channel, in every shipped language: for kiosks one per
    audience; for the youth group the consultation flow."""
    return tuple(d for d in _shipped_definitions() if d.channel == channel)


def publish(session: Session, definition: FlowDefinition) -> tuple[FlowVersion, bool]:
    """Publish a definition as the flow's next version.

    Publishing what the latest version already says changes nothing, so
    seeding twice is harmless. Returns (version, created).
    """
    flow = session.scalar(sa.select(Flow).where(Flow.key == definition.key))
    if flow is None:
        flow = Flow(key=definition.key, audience=definition.audience, channel=definition.channel)
        session.add(flow)
        session.flush()
    elif flow.audience != definition.audience:
        raise ValueError(
            f"flow {definition.key!r} is for {flow.audience}; its audience cannot change"
        )
    elif flow.channel != definition.channel:
        raise ValueError(
            f"flow {definition.key!r} is answered on {flow.channel}; its channel cannot change"
        )
    latest = latest_version(session, flow.id)
    if latest is not None and latest.parsed.canonical() == definition.canonical():
        return latest, False
    version = FlowVersion(
        flow=flow,
        number=(latest.number + 1) if latest else 1,
        definition=definition.as_json(),
        published_on=date.today(),
    )
    session.add(version)
    session.flush()
    return version, True


def latest_version(session: Session, flow_id: int) -> FlowVersion | None:
    return session.scalar(
        sa.select(FlowVersion)
        .where(FlowVersion.flow_id == flow_id)
        .order_by(FlowVersion.number.desc())
        .limit(1)
    )


def published_flows(session: Session, channel: str = "kiosk") -> list[FlowVersion]:
    """The latest version of every flow of a channel, ordered by audience then key."""
    newest = (
        sa.select(FlowVersion.flow_id, sa.func.max(FlowVersion.number).label("number"))
        .group_by(FlowVersion.flow_id)
        .subquery()
    )
    rows = session.scalars(
        sa.select(FlowVersion)
        .join(
            newest,
            sa.and_(FlowVersion.flow_id == newest.c.flow_id, FlowVersion.number == newest.c.number),
        )
        .join(Flow)
        .where(Flow.channel == channel)
        .order_by(Flow.key)
    ).all()
    return sorted(rows, key=lambda v: (AUDIENCE_ORDER.get(v.flow.audience, 9), v.flow.key))


def latest_of(session: Session, key: str) -> FlowVersion | None:
    """The latest published version of the flow with this key."""
    flow = session.scalar(sa.select(Flow).where(Flow.key == key))
    return None if flow is None else latest_version(session, flow.id)


def find_version(session: Session, key: str, number: int) -> FlowVersion | None:
    return session.scalar(
        sa.select(FlowVersion).join(Flow).where(Flow.key == key, FlowVersion.number == number)
    )


AUDIENCE_ORDER = {"age_4_7": 0, "age_8_12": 1, "age_13_17": 2, "relative": 3}
