"""Publishing flow versions and finding the ones kiosks answer."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import sqlalchemy as sa
import yaml
from sqlalchemy.orm import Session

from waitingroom.flows.definition import DefinitionError, FlowDefinition, parse_definition
from waitingroom.flows.models import Flow, FlowVersion
from waitingroom.flows.texts import TRANSLATIONS_DIR, merge_translations, read_translation_file
from waitingroom.i18n import DEFAULT_LOCALE, SHIPPED_LOCALES

DEFAULTS_DIR = Path(__file__).parent / "defaults"


@cache
def _shipped_definitions() -> tuple[FlowDefinition, ...]:
    """The shipped flows, with each language's translations merged in. Swedish is the
    only language they must have; the rest fall back (`flows.texts`)."""
    raws = [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(DEFAULTS_DIR.glob("*.yaml"))
    ]
    by_key = {raw["key"]: raw for raw in raws}
    for path in sorted(TRANSLATIONS_DIR.glob("*.yaml")):
        code = path.stem
        if code not in SHIPPED_LOCALES:
            raise DefinitionError(path.name, f"{code!r} is not a shipped language")
        for key, flow in read_translation_file(path).items():
            if key not in by_key:
                raise DefinitionError(f"{path.name}: {key}", "is not a shipped flow")
            merge_translations(by_key[key], code, flow, path.name)
    return tuple(parse_definition(raw, (DEFAULT_LOCALE,)) for raw in raws)


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
