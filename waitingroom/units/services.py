"""Creating units and pairing kiosks. Plain functions with an explicit session."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom import rawsql
from waitingroom.inputs import storable
from waitingroom.units.models import Administration, Kiosk, TargetGroup, Unit

UNIT_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,63}$")
TAG_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class UnitError(ValueError):
    """A unit cannot be created or found as asked."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_unit(session: Session, code: str) -> Unit:
    unit = session.scalar(sa.select(Unit).where(Unit.code == code))
    if unit is None:
        raise UnitError(f"no unit with code {code!r}")
    return unit


def _administration(session: Session, name: str) -> Administration:
    found = session.scalar(sa.select(Administration).where(Administration.name == name))
    if found is None:
        found = Administration(name=name)
        session.add(found)
    return found


def _tag(session: Session, key: str) -> TargetGroup:
    if not TAG_KEY.match(key):
        raise UnitError(f"tag {key!r} must be lower-case letters, digits, '-' or '_'")
    found = session.scalar(sa.select(TargetGroup).where(TargetGroup.key == key))
    if found is None:
        found = TargetGroup(key=key)
        session.add(found)
    return found


def create_unit(
    session: Session,
    code: str,
    name: str,
    administration: str | None = None,
    tags: tuple[str, ...] | list[str] = (),
) -> tuple[Unit, bool]:
    """Create a unit, or bring an existing one up to date. Returns (unit, created)."""
    if not UNIT_CODE.match(code):
        raise UnitError(f"unit code {code!r} must be 2-64 upper-case letters, digits, '-' or '_'")
    name = name.strip()
    if not name or len(name) > 200:
        raise UnitError("unit name must be 1-200 characters")
    unit = session.scalar(sa.select(Unit).where(Unit.code == code))
    created = unit is None
    if created:
        unit = Unit(code=code, name=name)
        session.add(unit)
    unit.name = name
    if administration:
        unit.administration = _administration(session, administration.strip())
    if tags:
        unit.tags = [_tag(session, key) for key in dict.fromkeys(tags)]
    session.flush()
    return unit, created


def enroll_kiosk(session: Session, unit_code: str, label: str = "") -> tuple[Kiosk, str]:
    """Pair a new kiosk with a unit. Returns the kiosk and its token, shown only once."""
    unit = find_unit(session, unit_code)
    token = secrets.token_urlsafe(32)
    kiosk = Kiosk(
        unit=unit,
        label=label.strip()[:120],
        token_hash=hash_token(token),
        enrolled_on=date.today(),
    )
    session.add(kiosk)
    session.flush()
    return kiosk, token


def kiosk_for_token(session: Session, token: str | None) -> Kiosk | None:
    """The active kiosk a token belongs to, or None."""
    if not isinstance(token, str) or not token or len(token) > 200 or not storable(token):
        return None
    kiosk = session.scalar(sa.select(Kiosk).where(Kiosk.token_hash == hash_token(token)))
    if kiosk is None or kiosk.revoked:
        return None
    return kiosk


@dataclass(frozen=True)
class PairedKiosk:
    """The tablet a response comes from, as storing it needs: its id and unit."""

    id: int
    unit_id: int


# Plain SQL on the driver's cursor (see rawsql): every response asks, and the ORM,
# then SQLAlchemy Core, each cost more than the query itself.
_PAIRED_KIOSK = "SELECT id, unit_id FROM kiosk WHERE token_hash = ? AND NOT revoked"


def paired_kiosk(session: Session, token: str | None) -> PairedKiosk | None:
    """The active kiosk a token belongs to, as kiosk_for_token finds it, or None."""
    if not isinstance(token, str) or not token or len(token) > 200 or not storable(token):
        return None
    row = rawsql.run(session, _PAIRED_KIOSK, (hash_token(token),))
    return PairedKiosk(*row) if row else None
