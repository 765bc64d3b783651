"""How a server process hands out its requests: in turn between connections, and
to Socket.IO only on Socket.IO's own path."""

from __future__ import annotations

import time


def taking_turns(wsgi_app):
    """Yield once before each request, so other connections' requests get their turn.

    A gevent worker switches only where a request waits. A client that sends its
    next request on a kept-alive connection as soon as it has the reply finds the
    server reading it at once, so one connection can be served back to back while
    the others wait: with 16 tablets posting, the slowest waited 1.5 s while the
    median took 1 ms (bench/ingest.py). Under gunicorn's gevent worker `time.sleep`
    is gevent's: sleeping 0 s lets the greenlets that are ready run first, and
    that was enough to serve the 16 tablets in turn (p99 47–60 ms at p50 16 ms).
    With threads it is next to free.
    """

    def app(environ, start_response):
        time.sleep(0)
        return wsgi_app(environ, start_response)

    return app


def socketio_on_its_own_path(middleware):
    """Send every request outside Socket.IO's path straight to the Flask app.

    Flask-SocketIO's middleware copies each request's environ, and engineio's,
    under gunicorn, makes a new class for each request (to hand the socket to
    eventlet's WebSocket code). A class is cyclic garbage that only the collector
    frees: with kiosks posting 200 responses a second, those classes were most
    of what the collector found, and its passes held up live summaries
    (bench/live_load.py). Pages and the API need neither. Where `middleware` is
    not engineio's, it is returned as it is.
    """
    prefix = getattr(middleware, "engineio_path", None)
    flask_app = getattr(middleware, "wsgi_app", None)
    if not isinstance(prefix, str) or flask_app is None:
        return middleware

    def app(environ, start_response):
        if environ.get("PATH_INFO", "").startswith(prefix):
            return middleware(environ, start_response)
        return flask_app(environ, start_response)

    return app
