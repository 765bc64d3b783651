"""Security headers on every reply: a Content-Security-Policy without inline scripts,
no framing, no sniffing, no referrer, and HSTS over HTTPS."""

from __future__ import annotations

from flask import Flask, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self' blob:",  # kiosk.js plays recorded voices it fetched
        "connect-src 'self' ws: wss:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

_HEADERS = [(name.lower(), name, value) for name, value in HEADERS.items()]


def register(app: Flask) -> None:
    @app.after_request
    def _security_headers(response):
        # A view's own header wins. Names are compared once per reply: asking the
        # headers for each name costs a KeyError per absent one.
        present = {name.lower() for name in response.headers.keys()}
        for lower, name, value in _HEADERS:
            if lower not in present:
                response.headers.add(name, value)
        if request.is_secure:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
