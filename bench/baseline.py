"""The ingest benchmark's two baselines, served by gunicorn exactly as the app is.

    gunicorn -k gevent -w 1 'bench.baseline:bare()'
    BASELINE_DATABASE_URL=… gunicorn -k gevent -w 1 'bench.baseline:insert_and_emit()'

`bare` answers every POST with 204. `insert_and_emit` does the least a live
ingest must: read the JSON body, insert one row in its own transaction,
emit one Socket.IO event (to a room nobody is in, as most changes are), reply.
Both take turns between connections and size their pool as wsgi.py's app does.
"""

from __future__ import annotations

import os
from datetime import date

import sqlalchemy as sa
from flask import Flask, jsonify, request
from flask_socketio import SocketIO

from waitingroom.config import engine_options, pool_size
from waitingroom.serving import taking_turns

metadata = sa.MetaData()
event = sa.Table(
    "baseline_event",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("unit_id", sa.Integer, nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("audience", sa.String(16), nullable=False),
)


def bare() -> Flask:
    app = Flask(__name__)

    @app.get("/health")
    def health():
        return "", 204

    @app.post("/api/v1/responses")
    def ingest():
        return "", 204

    app.wsgi_app = taking_turns(app.wsgi_app)  # as wsgi.py serves the app
    return app


def _engine(url: str) -> sa.Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    # The app's pool, sized as the app sizes it, so both keep their connections alike.
    engine = sa.create_engine(url, **engine_options(url, pool_size()))
    if engine.dialect.name == "sqlite":
        # The same pragmas the app sets on SQLite, so both pay the same for a commit.
        @sa.event.listens_for(engine, "connect")
        def _pragmas(connection, _record):
            cursor = connection.cursor()
            for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=5000",
                           "synchronous=NORMAL"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()
    return engine


def insert_and_emit() -> Flask:
    app = Flask(__name__)
    engine = _engine(os.environ["BASELINE_DATABASE_URL"])
    metadata.create_all(engine)
    socketio = SocketIO(app, message_queue=os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None)

    @app.get("/health")
    def health():
        return "", 204

    @app.post("/api/v1/responses")
    def ingest():
        body = request.get_json()
        with engine.begin() as connection:
            connection.execute(
                event.insert().values(
                    id=body["id"], unit_id=1, day=date.today(), audience=body["audience"]
                )
            )
        socketio.emit("changed", {"unit": 1}, to="summary:unit:1", namespace="/live")
        return jsonify(id=body["id"], status="accepted"), 201

    app.wsgi_app = taking_turns(app.wsgi_app)
    return app
