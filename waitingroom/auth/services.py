"""Creating staff, checking passwords (argon2), throttling guesses, API tokens."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from waitingroom.auth.models import ROLES, ApiToken, StaffUser, UnitAssignment
from waitingroom.inputs import storable
from waitingroom.units.services import find_unit, hash_token

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,63}$")

_hasher = PasswordHasher()
# Checked when the e-mail is unknown, so a wrong address costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class AccountError(ValueError):
    """An account cannot be created or changed as asked."""


class LockedOut(Exception):
    """Too many wrong passwords: the account waits until `until`."""

    def __init__(self, until: datetime):
        self.until = until
        super().__init__("too many attempts")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def find_user(session: Session, email: str) -> StaffUser | None:
    return session.scalar(sa.select(StaffUser).where(StaffUser.email == email.strip().lower()))


def create_user(
    session: Session,
    email: str,
    role: str,
    password: str,
    units: list[str] | tuple[str, ...] = (),
    reviewer_of: list[str] | tuple[str, ...] = (),
) -> tuple[StaffUser, bool]:
    """Create a staff member, or update role, units and password. Returns (user, created)."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise AccountError(f"{email!r} is not an e-mail address")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters")
    if role == "unit" and not units:
        raise AccountError("a unit staff member needs at least one --unit")
    unknown = sorted(set(reviewer_of) - set(units)) if role == "unit" else []
    if unknown:
        raise AccountError(f"reviewer of units not assigned: {', '.join(unknown)}")
    user = find_user(session, email)
    created = user is None
    if created:
        user = StaffUser(email=email, created_on=date.today(), failed_logins=0)
        session.add(user)
    user.role = role
    user.password_hash = _hasher.hash(password)
    user.active = True
    user.assignments = [
        UnitAssignment(unit=find_unit(session, code), safeguarding_reviewer=code in reviewer_of)
        for code in dict.fromkeys(units)
    ]
    session.flush()
    return user, created


def authenticate(session: Session, email: str, password: str) -> StaffUser | None:
    """The user whose password this is, or None. Raises LockedOut while throttled."""
    if not storable(email or "") or not storable(password or ""):
        return None
    user = find_user(session, email or "")
    if user is None or not user.active:
        try:
            _hasher.verify(_DUMMY_HASH, password or "")
        except VerificationError:
            pass
        return None
    if user.locked_until and user.locked_until > _now():
        raise LockedOut(user.locked_until)
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = _now() + LOCKOUT
            user.failed_logins = 0
        session.flush()
        return None
    user.failed_logins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.flush()
    return user


def create_token(session: Session, email: str) -> str:
    """A new API token for a staff member; shown once, stored as a hash."""
    user = find_user(session, email)
    if user is None:
        raise AccountError(f"no staff member {email!r}")
    token = "wr_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user=user, token_hash=hash_token(token), created_on=date.today()))
    session.flush()
    return token


def user_for_token(session: Session, token: str | None) -> StaffUser | None:
    if not isinstance(token, str) or not token or len(token) > 200 or not storable(token):
        return None
    found = session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if found is None or found.revoked or not found.user.active:
        return None
    return found.user


def revoke_tokens(session: Session, user: StaffUser) -> int:
    """Revoke all of a staff member's API tokens; returns how many were live."""
    live = session.scalars(
        sa.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
    ).all()
    for token in live:
        token.revoked = True
    return len(live)
