"""Staff sign-in and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from waitingroom.auth.forms import LoginForm
from waitingroom.auth.services import LockedOut, authenticate
from waitingroom.extensions import db

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//"):
        if not urlsplit(target).netloc:
            return target
    return url_for("staff.live")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with e-mail and password; throttled after repeated wrong passwords."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = authenticate(db.session, form.email.data, form.password.data)
        except LockedOut:
            user = None
            flash(_("Too many attempts. Try again in 15 minutes."), "error")
            status = 429
        else:
            if user is None:
                flash(_("Wrong e-mail or password."), "error")
                status = 401
        db.session.commit()
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Sign out (a POST with a CSRF token, so a link cannot sign anyone out)."""
    logout_user()
    return redirect(url_for("auth.login"))
