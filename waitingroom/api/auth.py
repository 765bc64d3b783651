"""Bearer tokens: each kind of token is allowed only where it belongs."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from waitingroom.auth.models import StaffUser
from waitingroom.auth.services import user_for_token
from waitingroom.extensions import db
from waitingroom.units.models import Kiosk
from waitingroom.units.services import PairedKiosk, kiosk_for_token, paired_kiosk
from waitingroom.youth.links import find_member
from waitingroom.youth.models import Member


class Unauthorized(Exception):
    """No token, or one that is not valid here."""


class Forbidden(Exception):
    """A valid token or session, but not one allowed here, or not for this."""


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_kiosk() -> Kiosk:
    kiosk = kiosk_for_token(db.session, bearer_token())
    if kiosk is None:
        raise Unauthorized("a valid kiosk token is needed (Authorization: Bearer …)")
    return kiosk


def current_member(today) -> Member:
    """The youth member of a bearer token whose link works today."""
    member = find_member(db.session, bearer_token())
    if member is None:
        raise Unauthorized("a valid youth link is needed (Authorization: Bearer …)")
    return _working(member, today)


def _working(member: Member, today) -> Member:
    if member.status(today) != "active":
        raise Unauthorized("this youth link has expired or was revoked: ask staff for a new one")
    return member


def current_device(today) -> PairedKiosk | Member:
    """A waiting-room tablet or a youth member: the two that send responses."""
    token = bearer_token()
    kiosk = paired_kiosk(db.session, token)
    if kiosk is not None:
        return kiosk
    member = find_member(db.session, token)
    if member is not None:
        return _working(member, today)
    raise Unauthorized("a valid kiosk token or youth link is needed (Authorization: Bearer …)")


def current_staff() -> StaffUser:
    """The staff member of a bearer token, or of the signed-in session.

    A kiosk's token is valid but never a staff member's: 403, not 401.
    """
    token = bearer_token()
    if token:
        user = user_for_token(db.session, token)
        if user is not None:
            return user
        if kiosk_for_token(db.session, token) is not None:
            raise Forbidden("a kiosk token cannot read staff data")
        if find_member(db.session, token) is not None:
            raise Forbidden("a youth link cannot read staff data")
        raise Unauthorized("a valid staff token is needed (Authorization: Bearer …)")
    if current_user.is_authenticated:
        return db.session.get(StaffUser, int(current_user.get_id()))
    raise Unauthorized("a staff token or a signed-in session is needed")
