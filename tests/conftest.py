"""Fixtures: an app on a migrated database, emptied between tests.

The database is SQLite in a temporary folder unless DATABASE_URL names
another (CI runs the suite against PostgreSQL too).
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from waitingroom import create_app
from waitingroom.extensions import db
from waitingroom.flows.library import default_definitions, publish
from waitingroom.flows.models import forget_configs
from waitingroom.responses.ingest import forget_definitions
from waitingroom.responses.subscriptions import today_in
from waitingroom.responses.summary import forget_past_days
from waitingroom.units.services import create_unit, enroll_kiosk
from waitingroom.youth.links import create_group
from waitingroom.youth.rounds import open_default_round


def region_today():
    """Today as the app counts days (Europe/Stockholm): from 23:00 UTC it is already
    tomorrow there, so tests must not use date.today()."""
    return today_in("Europe/Stockholm")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    )


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing():
    """Argon2 at its cheapest: the suite checks behaviour, not the hash's cost."""
    from argon2 import PasswordHasher

    from waitingroom.auth import services

    services._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "SOCKETIO_ASYNC_MODE": "threading",
        }
    )
    with app.app_context():
        if database_url.startswith("postgresql"):
            # The suite empties the database it is given: refuse anything not named for tests.
            if "test" not in sa.engine.make_url(database_url).database:
                pytest.exit(f"refusing to wipe {database_url}: use a database named *test*")
            db.session.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
    return app


@pytest.fixture(autouse=True)
def _empty_database(request):
    """Every test starts from empty tables, whatever the last one left."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    yield
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    forget_definitions()
    forget_configs()
    forget_past_days()


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def flows(app):
    """The shipped default flows, published; keyed by audience."""
    with app.app_context():
        versions = {}
        for definition in default_definitions():
            version, _ = publish(db.session, definition)
            versions[definition.audience] = (definition, version.number)
        db.session.commit()
        return versions


@pytest.fixture
def kiosk(app):
    """A unit with one paired kiosk; returns its token."""
    with app.app_context():
        unit, _ = create_unit(
            db.session, "TEST-UNIT", "Testmottagningen", "Testsjukhuset", ["asthma"]
        )
        unit.talk_alerts = True
        _, token = enroll_kiosk(db.session, "TEST-UNIT", "waiting room")
        db.session.commit()
        return token


@pytest.fixture
def auth(kiosk):
    return {"Authorization": f"Bearer {kiosk}"}


def make_response(definition, number: int, /, locale: str = "sv", **changes) -> dict:
    """A complete, valid response that answers every question of a definition."""
    answers = []
    for question in definition.questions:
        if question.type in ("faces", "scale"):
            value = question.points
        elif question.type == "multi":
            value = [question.options[0].key]
        elif question.type == "text":
            value = "Det var en bra dag, väntrummet var fint."
        else:
            value = question.options[0].key
        answers.append({"question": question.key, "value": value})
    started = datetime.now(UTC) - timedelta(seconds=40)
    payload = {
        "id": str(uuid.uuid4()),
        "flow": definition.key,
        "version": number,
        "audience": definition.audience,
        "locale": locale,
        "started_at": started.isoformat().replace("+00:00", "Z"),
        "submitted_at": (started + timedelta(seconds=38)).isoformat().replace("+00:00", "Z"),
        "answers": answers,
    }
    payload.update(changes)
    return payload


PASSWORD = "correct horse battery"


@pytest.fixture
def staff(app, kiosk):
    """Staff of every role: two units exist, TEST-UNIT (with the kiosk) and OTHER-UNIT."""
    from waitingroom.auth.services import create_user

    with app.app_context():
        create_unit(db.session, "OTHER-UNIT", "Andra mottagningen", "Annat sjukhus", ["autism"])
        create_user(db.session, "admin@test.se", "admin", PASSWORD)
        create_user(db.session, "programme@test.se", "programme", PASSWORD)
        create_user(db.session, "reviewer@test.se", "unit", PASSWORD, ["TEST-UNIT"], ["TEST-UNIT"])
        create_user(db.session, "unit@test.se", "unit", PASSWORD, ["TEST-UNIT"])
        create_user(db.session, "other@test.se", "unit", PASSWORD, ["OTHER-UNIT"])
        db.session.commit()
    return {
        "admin": "admin@test.se",
        "programme": "programme@test.se",
        "reviewer": "reviewer@test.se",
        "unit": "unit@test.se",
        "other": "other@test.se",
    }


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/auth/login", data={"email": email, "password": password})


@pytest.fixture
def staff_token(app, staff):
    """An API token per role."""
    from waitingroom.auth.services import create_token

    with app.app_context():
        tokens = {role: create_token(db.session, email) for role, email in staff.items()}
        db.session.commit()
    return tokens


@pytest.fixture
def group(app):
    """A group of eight members with an open round on the shipped consultation flow."""
    with app.app_context():
        today = today_in(app.config["TIMEZONE"])
        found, tokens = create_group(db.session, "Ungdomsrådet", 8, today)
        round_ = open_default_round(db.session, found, today)
        db.session.commit()
        version = round_.flow_version
        return {
            "id": found.id,
            "round": round_.id,
            "flow": version.flow.key,
            "version": version.number,
            "tokens": tokens,
        }
