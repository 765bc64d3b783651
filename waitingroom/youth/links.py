"""Youth groups and their members' personal links. Plain functions, explicit session.

A link is a capability (DESIGN.md 2.4): whoever holds it answers as that
member. Only the token's hash is stored, so a link can be shown once, when it
is issued, and never again; a lost link is reissued, which ends the old one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom.inputs import storable
from waitingroom.units.services import hash_token
from waitingroom.youth.models import Member, YouthGroup

MAX_MEMBERS = 200
MAX_LINK_DAYS = 3 * 365
TOKEN_BYTES = 24


class YouthError(ValueError):
    """A group, link or round cannot be made or changed as asked.

    `code` names the problem, so a page can say it in the reader's language.
    """

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/y/{token}"


def ballot(key: bytes, member_id: int, round_id: int) -> str:
    """The member's answer to a round is filed under this keyed digest: it finds
    their own answer again, and without the key it names nobody."""
    return hmac.new(key, f"ballot:{member_id}:{round_id}".encode(), hashlib.sha256).hexdigest()


def check_name(name) -> str:
    if not isinstance(name, str) or not storable(name) or not name.strip():
        raise YouthError("name_missing", "the group needs a name")
    name = " ".join(name.split())
    if len(name) > 120:
        raise YouthError("name_long", "a group name has at most 120 characters")
    return name


def create_group(
    session: Session,
    name: str,
    members: int,
    today: date,
    link_days: int = 365,
    make_token: Callable[[int], str] | None = None,
) -> tuple[YouthGroup, list[str]]:
    """A new group with `members` links; returns the group and the links' tokens."""
    name = check_name(name)
    if session.scalar(sa.select(YouthGroup.id).where(YouthGroup.name == name)) is not None:
        raise YouthError("name_taken", f"a youth group called {name!r} already exists")
    if not isinstance(link_days, int) or not 1 <= link_days <= MAX_LINK_DAYS:
        raise YouthError("link_days", f"links last 1 to {MAX_LINK_DAYS} days")
    group = YouthGroup(name=name, created_on=today, link_days=link_days)
    session.add(group)
    session.flush()
    tokens = add_members(session, group, members, today, make_token)
    return group, tokens


def add_members(
    session: Session,
    group: YouthGroup,
    count: int,
    today: date,
    make_token: Callable[[int], str] | None = None,
) -> list[str]:
    """Add `count` members, numbered after the last; returns their tokens in order."""
    existing = session.scalar(
        sa.select(sa.func.count()).select_from(Member).where(Member.group_id == group.id)
    )
    if not isinstance(count, int) or count < 1 or existing + count > MAX_MEMBERS:
        raise YouthError("members", f"a group has 1 to {MAX_MEMBERS} members")
    last = session.scalar(sa.select(sa.func.max(Member.number)).where(Member.group_id == group.id))
    tokens = []
    for number in range((last or 0) + 1, (last or 0) + count + 1):
        token = make_token(number) if make_token else new_token()
        session.add(
            Member(
                group_id=group.id,
                number=number,
                token_hash=hash_token(token),
                issued_on=today,
                expires_on=today + timedelta(days=group.link_days),
            )
        )
        tokens.append(token)
    session.flush()
    return tokens


def reissue(session: Session, member: Member, today: date) -> str:
    """A fresh link for the member; the old one stops working. Their answers stay theirs."""
    token = new_token()
    member.token_hash = hash_token(token)
    member.issued_on = today
    member.expires_on = today + timedelta(days=member.group.link_days)
    member.revoked = False
    session.flush()
    return token


def revoke(member: Member) -> None:
    member.revoked = True


def find_member(session: Session, token: str | None) -> Member | None:
    """The member a token belongs to, whatever the state of their link."""
    if not isinstance(token, str) or not token or len(token) > 128 or not storable(token):
        return None
    return session.scalar(sa.select(Member).where(Member.token_hash == hash_token(token)))


def member_for_token(session: Session, token: str | None, today: date) -> Member | None:
    """The member of a link that works today: not revoked, not expired."""
    member = find_member(session, token)
    if member is None or member.status(today) != "active":
        return None
    return member
