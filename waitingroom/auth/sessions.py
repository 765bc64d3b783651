"""Which requests have a signed-cookie session."""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except for API calls that carry a bearer token:
    tablets and youth links are known by their token alone, and a token always
    decides who a call is from (api/auth.py), so their requests neither read nor
    set a cookie, and skip the work of doing so on every response they send."""

    def open_session(self, app: Flask, request):
        if request.path.startswith("/api/") and request.headers.get(
            "Authorization", ""
        ).startswith("Bearer "):
            return self.make_null_session(app)
        return super().open_session(app, request)
