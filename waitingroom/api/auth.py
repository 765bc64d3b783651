"""Bearer tokens: each kind of token is allowed only where it belongs."""

from __future__ import annotations

from flask import request

from waitingroom.extensions import db
from waitingroom.units.models import Kiosk
from waitingroom.units.services import kiosk_for_token


class Unauthorized(Exception):
    """No token, or one that is not valid here."""


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
