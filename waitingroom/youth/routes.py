"""A youth reference group member's page: /y/<token>, opened from their personal link.

The page is a shell; static/js/youth.js fetches the rounds from the API with
the token as a bearer token. The token is a capability (DESIGN.md 2.4): it is
never logged, never put in a cookie (no cookies at all here, DESIGN.md 2.1),
and the page is never stored by a cache, where the next user of a shared
phone or a proxy could find it.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale

from waitingroom.extensions import db
from waitingroom.i18n import shipped_locales
from waitingroom.responses.subscriptions import today_in
from waitingroom.youth.links import find_member

bp = Blueprint("youth", __name__, url_prefix="/y")


def _ui_strings() -> dict[str, str]:
    from waitingroom.youth.strings import YOUTH_STRINGS

    return {key: str(text) for key, text in YOUTH_STRINGS.items()}


@bp.after_request
def _never_stored(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<token>")
def member_page(token: str):
    """The member's page: their rounds, answers and results (drawn by youth.js).

    404 with a "this link does not work" page for an unknown token; 410 with
    "ask staff for a new link" for an expired or revoked one.
    """
    member = find_member(db.session, token)
    if member is None:
        return render_template("youth/link.html", state="unknown"), 404
    status = member.status(today_in(current_app.config["TIMEZONE"]))
    if status != "active":
        return render_template("youth/link.html", state=status), 410
    return render_template(
        "youth/app.html",
        token=token,
        locales=shipped_locales(),
        current=str(get_locale()),
        ui_strings=_ui_strings(),
    )
