"""Recorded voices for paired tablets: /kiosk/voice/<id>/<hash of its content>.

Under /kiosk so the tablet's device cookie (path /kiosk) authorises it; a
bearer token works too. The URL changes with the content, so a reply may be
kept for a year: the kiosk's service worker keeps it for offline use.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from waitingroom.api.auth import bearer_token
from waitingroom.extensions import db
from waitingroom.kiosk.routes import DEVICE_COOKIE
from waitingroom.translations.voice import find_recording
from waitingroom.units.services import paired_kiosk

bp = Blueprint("kiosk_voice", __name__, url_prefix="/kiosk/voice")

YEAR = 365 * 24 * 3600


def _plain(status: int, text: str) -> Response:
    response = Response(text, status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:recording_id>/<digest>")
def recording(recording_id: int, digest: str):
    """A recording's bytes; 401 for a browser that is not a paired kiosk, 404 for no such one."""
    token = bearer_token() or request.cookies.get(DEVICE_COOKIE)
    if paired_kiosk(db.session, token) is None:
        return _plain(401, "a paired kiosk is needed")
    found = find_recording(db.session, recording_id, digest)
    if found is None:
        return _plain(404, "no such recording")
    if request.if_none_match.contains(found.content_hash):
        response = Response(status=304)
    else:
        response = Response(found.data, mimetype=found.media_type)
    response.set_etag(found.content_hash)
    response.headers["Cache-Control"] = f"private, max-age={YEAR}, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.vary.add("Cookie")
    return response
