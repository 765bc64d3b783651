"""Errors: JSON under /api, an HTML page elsewhere; never a traceback for the client."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from waitingroom.extensions import db

log = logging.getLogger(__name__)

_CODES = {
    400: "malformed",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "internal_error",
}


def api_error(status: int, code: str | None = None, message: str = "", details=None):
    body = {"error": code or _CODES.get(status, "error"), "message": message}
    if details is not None:
        body["details"] = details
    return jsonify(body), status


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if _wants_json():
            message = error.description or error.name
            if error.code == 413:
                message = "the request body is too large"
            return api_error(error.code or 500, None, message)
        return render_template("error.html", error=error), error.code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        # Log the kind of failure only: request bodies may hold a child's words, and
        # paths may hold capabilities (/y/<token>, /kiosk/pair/<code>): the route, not the path.
        route = request.url_rule.rule if request.url_rule else "(no route)"
        log.error("unhandled %s on %s %s", type(error).__name__, request.method, route)
        db.session.rollback()
        if _wants_json():
            return api_error(500, None, "something went wrong on the server; try again")
        return render_template("error.html", error=None), 500
