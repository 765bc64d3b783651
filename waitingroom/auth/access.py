"""Who may see what: scopes and the roles that reach them.

Deny by default: a `unit` staff member sees only the units assigned to them;
admin and programme staff see every unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom.auth.models import StaffUser
from waitingroom.inputs import storable
from waitingroom.units.models import Administration, TargetGroup, Unit, unit_tags

SCOPE = re.compile(r"^(region|administration|unit|tag|group):?(.{0,200})$")
WIDE_ROLES = frozenset({"admin", "programme"})


@dataclass(frozen=True)
class Scope:
    kind: str  # region | administration | unit | tag | group
    key: str = ""

    def __str__(self) -> str:
        return self.kind if self.kind == "region" else f"{self.kind}:{self.key}"


def parse_scope(text) -> Scope:
    """Read "unit:CODE", "administration:NAME", "tag:KEY", "group:ID" or "region"."""
    match = SCOPE.match(text) if isinstance(text, str) and storable(text) else None
    if not match:
        raise ValueError(
            "scope must be region, unit:<CODE>, administration:<NAME>, tag:<KEY> or group:<ID>"
        )
    kind, key = match.groups()
    if (kind == "region") != (key == ""):
        raise ValueError("only region has no name after the colon")
    return Scope(kind, key)


GROUP_ID = re.compile(r"^[1-9][0-9]{0,8}$")


def group_id_of(scope: Scope) -> int | None:
    """The youth group a `group:<ID>` scope names, if its id is a plain number."""
    return int(scope.key) if scope.kind == "group" and GROUP_ID.match(scope.key) else None


def unit_ids(session: Session, scope: Scope) -> list[int] | None:
    """The units a scope covers, or None when it names nothing that exists."""
    if scope.kind == "region":
        return list(session.scalars(sa.select(Unit.id).order_by(Unit.id)))
    if scope.kind == "unit":
        found = session.scalar(sa.select(Unit.id).where(Unit.code == scope.key))
        return None if found is None else [found]
    if scope.kind == "administration":
        admin = session.scalar(sa.select(Administration).where(Administration.name == scope.key))
        return None if admin is None else sorted(unit.id for unit in admin.units)
    if scope.kind == "tag":
        tag = session.scalar(sa.select(TargetGroup).where(TargetGroup.key == scope.key))
        if tag is None:
            return None
        return sorted(
            session.scalars(sa.select(unit_tags.c.unit_id).where(unit_tags.c.tag_id == tag.id))
        )
    return None


def assigned_unit_ids(user: StaffUser) -> set[int]:
    return {assignment.unit_id for assignment in user.assignments}


def can_view(user: StaffUser, scope: Scope) -> bool:
    """Unit staff see their units; admin and programme staff every scope, youth groups too."""
    if user.role in WIDE_ROLES:
        return True
    return scope.kind == "unit" and any(a.unit.code == scope.key for a in user.assignments)


def can_see_unit(user: StaffUser, unit_id: int | None) -> bool:
    return user.role in WIDE_ROLES or unit_id in assigned_unit_ids(user)


def reviews_unit(user: StaffUser, unit_id: int | None) -> bool:
    """Safeguarding reviewers: admin, programme, and unit staff designated for the unit.

    `None` stands for a youth group's comment: only admin and programme staff review it.
    """
    if user.role in WIDE_ROLES:
        return True
    return any(a.unit_id == unit_id and a.safeguarding_reviewer for a in user.assignments)


def is_reviewer(user: StaffUser) -> bool:
    return user.role in WIDE_ROLES or any(a.safeguarding_reviewer for a in user.assignments)


def visible_scopes(session: Session, user: StaffUser) -> list[tuple[Scope, str]]:
    """Every scope the user may pick, widest first, with a label."""
    if user.role not in WIDE_ROLES:
        units = sorted((a.unit for a in user.assignments), key=lambda unit: unit.name)
        return [(Scope("unit", unit.code), unit.name) for unit in units]
    scopes: list[tuple[Scope, str]] = [(Scope("region"), "")]
    for admin in session.scalars(sa.select(Administration).order_by(Administration.name)):
        scopes.append((Scope("administration", admin.name), admin.name))
    for tag in session.scalars(sa.select(TargetGroup).order_by(TargetGroup.key)):
        scopes.append((Scope("tag", tag.key), tag.key))
    for unit in session.scalars(sa.select(Unit).order_by(Unit.name)):
        scopes.append((Scope("unit", unit.code), unit.name))
    return scopes


def visible_unit_ids(session: Session, user: StaffUser) -> list[int]:
    if user.role in WIDE_ROLES:
        return list(session.scalars(sa.select(Unit.id).order_by(Unit.id)))
    return sorted(assigned_unit_ids(user))
