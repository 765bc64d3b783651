"""The only place room names are made. Rooms are derived on the server, never taken
from a client's payload.

Summary rooms carry this process's id: each process computes and sends the
summaries for its own subscribers, locally (never through the message queue),
so with several processes behind Redis no client receives the same summary twice.
"""

from __future__ import annotations

import uuid

PROCESS = uuid.uuid4().hex[:12]


def summary_room(
    scope: str, window: str, audience: str | None, locale: str | None, area: str | None
) -> str:
    return f"summary:{PROCESS}:{scope}|{window}|{audience or ''}|{locale or ''}|{area or ''}"


def alerts_room(unit_id: int) -> str:
    """Staff who may see a unit hear its "talk to someone" alerts."""
    return f"alerts:unit:{unit_id}"


def safeguarding_room(unit_id: int) -> str:
    """Only the unit's safeguarding reviewers hear of a quarantined comment."""
    return f"safeguarding:unit:{unit_id}"


def kiosk_room(unit_id: int) -> str:
    """Every tablet of a unit, for config_changed."""
    return f"kiosks:unit:{unit_id}"


def all_kiosks_room() -> str:
    """Every tablet of the region, for a change that reaches all units (a flow, a region post)."""
    return "kiosks:all"


def all_alerts_room() -> str:
    """Admin and programme staff hear every unit's alerts (one room, not thousands)."""
    return "alerts:all"


def all_safeguarding_room() -> str:
    return "safeguarding:all"
