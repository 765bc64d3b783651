"""Kiosk pages: pairing a tablet and serving the tablet app."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import force_locale, get_domain

from waitingroom.extensions import db
from waitingroom.i18n import SHIPPED_LOCALES, babel_locale
from waitingroom.units.services import kiosk_for_token

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")

DEVICE_COOKIE = "waitingroom_kiosk"
_COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie


# The catalogs are loaded once per process (Flask-Babel keeps them), so the kiosk's
# texts in every language only change with the catalogs they are read from.
_ui_strings_by_catalogs: dict[tuple, dict[str, dict[str, str]]] = {}


def _ui_strings() -> dict[str, dict[str, str]]:
    """The kiosk's own texts in every shipped language; shared by every page: read only."""
    from waitingroom.kiosk.strings import KIOSK_STRINGS

    domain = get_domain()
    catalogs = (tuple(domain.translation_directories), tuple(domain.domain))
    strings = _ui_strings_by_catalogs.get(catalogs)
    if strings is None:
        strings = {}
        for code in SHIPPED_LOCALES:
            with force_locale(babel_locale(code)):
                strings[code] = {key: str(text) for key, text in KIOSK_STRINGS.items()}
        _ui_strings_by_catalogs[catalogs] = strings
    return strings


@bp.get("/pair/<code>")
def pair(code: str):
    """Pair this tablet: keep its kiosk token in a device cookie and open the app.

    Shows the "not paired" page (403) for an unknown or revoked code.
    """
    kiosk = kiosk_for_token(db.session, code)
    if kiosk is None:
        return render_template("kiosk/unpaired.html", invalid=True), 403
    response = redirect(url_for("kiosk.app"))
    response.set_cookie(
        DEVICE_COOKIE,
        code,
        max_age=_COOKIE_MAX_AGE,
        httponly=True,
        secure=request.is_secure,
        samesite="Strict",
        path="/kiosk",
    )
    return response


@bp.get("")
def app():
    """The tablet app; asks to be paired when this browser holds no valid kiosk token."""
    token = request.cookies.get(DEVICE_COOKIE)
    kiosk = kiosk_for_token(db.session, token)
    if kiosk is None:
        return render_template("kiosk/unpaired.html", invalid=False), 401
    return render_template(
        "kiosk/app.html",
        kiosk_token=token,
        unit=kiosk.unit,
        ui_strings=_ui_strings(),
        idle_seconds=current_app.config["IDLE_SECONDS"],
        grace_seconds=current_app.config["IDLE_GRACE_SECONDS"],
    )


@bp.get("/sw.js")
def service_worker():
    """The kiosk's service worker, served from /kiosk so it may control the /kiosk page."""
    response = send_from_directory(current_app.static_folder, "js/kiosk-sw.js", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/kiosk"
    response.headers["Cache-Control"] = "no-cache"
    return response
