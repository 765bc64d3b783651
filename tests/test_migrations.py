"""Migrations move stored data, not only the schema: nothing said is lost either way."""

from __future__ import annotations

import json
import os
import subprocess

import sqlalchemy as sa

from tests.live import ROOT, fresh_database
from tests.servers import FLASK, seeded_env

BEFORE_ANSWERS_MOVED = "0007_translations_voice"


def _flask_db(env: dict, *args: str) -> None:
    subprocess.run([*FLASK, "db", *args], env=env, cwd=ROOT, check=True, capture_output=True)


def _decoder(engine):
    """JSON columns come back decoded from PostgreSQL; from SQLite as text, or as a
    number where the text was one (the column's numeric affinity)."""
    if engine.dialect.name != "sqlite":
        return lambda value: value
    return lambda value: json.loads(value) if isinstance(value, str) else value


def _answers_on_responses(engine) -> dict[str, list]:
    decoded = _decoder(engine)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT id, answers FROM response ORDER BY id"))
        return {id_: list(decoded(answers).items()) for id_, answers in rows}


def _answer_rows(engine) -> dict[str, list]:
    decoded = _decoder(engine)
    found: dict[str, list] = {}
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT response_id, question, value FROM answer ORDER BY id")
        )
        for response_id, question, value in rows:
            found.setdefault(response_id, []).append((question, decoded(value)))
    return found


def test_answers_move_into_their_responses_and_back_in_order(tmp_path):
    url = fresh_database(os.environ.get("DATABASE_URL"), tmp_path, "migrations")
    env, _ = seeded_env(url)  # migrated to the newest schema, with two weeks of demo answers
    engine = sa.create_engine(url)
    try:
        stored = _answers_on_responses(engine)
        answered = {id_: pairs for id_, pairs in stored.items() if pairs}
        assert len(answered) > 100
        values = [value for pairs in answered.values() for _, value in pairs]
        assert {type(value) for value in values} >= {int, str, list}

        _flask_db(env, "downgrade", BEFORE_ANSWERS_MOVED)
        assert _answer_rows(engine) == answered

        _flask_db(env, "upgrade")
        assert _answers_on_responses(engine) == stored
    finally:
        engine.dispose()
