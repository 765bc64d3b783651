"""Settings come from the environment; a bad one stops start-up, naming it."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from waitingroom.config import SettingError, engine_options, load_settings


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WAITINGROOM_MIN_GROUP_SIZE", "five"),
        ("WAITINGROOM_MIN_GROUP_SIZE", "1"),
        ("WAITINGROOM_IDLE_SECONDS", "-3"),
        ("WAITINGROOM_IDLE_GRACE_SECONDS", "10"),
        ("WAITINGROOM_LIVE_INTERVAL_MS", "0"),
        ("WAITINGROOM_DB_POOL_SIZE", "0"),
        ("WAITINGROOM_LIVE_INTERVAL_MS", "fast"),
        ("WAITINGROOM_TIMEZONE", "Mars/Olympus"),
        ("DATABASE_URL", "just-a-file.db"),
        ("SOCKETIO_MESSAGE_QUEUE", "amqp://somewhere"),
        ("SECRET_KEY", "short"),
        ("WAITINGROOM_ENV", "prod"),
    ],
)
def test_a_bad_setting_stops_start_up_naming_it(tmp_path, name, value):
    with pytest.raises(SettingError) as caught:
        load_settings(str(tmp_path), {name: value})
    assert name in str(caught.value)


def test_the_demo_needs_no_settings(tmp_path):
    config = load_settings(str(tmp_path), {})
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert config["MIN_GROUP_SIZE"] == 5
    assert config["IDLE_GRACE_SECONDS"] >= 20
    assert len(config["SECRET_KEY"]) >= 32
    assert load_settings(str(tmp_path), {})["SECRET_KEY"] == config["SECRET_KEY"]


def test_production_requires_a_secret_key(tmp_path):
    with pytest.raises(SettingError, match="SECRET_KEY"):
        load_settings(str(tmp_path), {"WAITINGROOM_ENV": "production"})


def test_production_requires_a_stable_ballot_key(tmp_path):
    settings = {"WAITINGROOM_ENV": "production", "SECRET_KEY": "s" * 32}
    with pytest.raises(SettingError, match="WAITINGROOM_BALLOT_KEY is required"):
        load_settings(str(tmp_path), settings)
    with pytest.raises(SettingError, match="at least 32 characters"):
        load_settings(str(tmp_path), {**settings, "WAITINGROOM_BALLOT_KEY": "short"})
    config = load_settings(str(tmp_path), {**settings, "WAITINGROOM_BALLOT_KEY": "b" * 40})
    assert config["BALLOT_KEY"] == "b" * 40 and config["BALLOT_KEY"] != config["SECRET_KEY"]


def test_the_demo_keeps_its_generated_ballot_key(tmp_path):
    first = load_settings(str(tmp_path), {})["BALLOT_KEY"]
    assert len(first) >= 32 and load_settings(str(tmp_path), {})["BALLOT_KEY"] == first


def test_postgres_urls_use_psycopg_3(tmp_path):
    config = load_settings(str(tmp_path), {"DATABASE_URL": "postgresql://localhost/test"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://localhost/test"


def test_the_app_refuses_to_start_with_a_bad_setting(monkeypatch):
    from waitingroom import create_app

    monkeypatch.setenv("WAITINGROOM_IDLE_GRACE_SECONDS", "5")
    with pytest.raises(SettingError, match="WAITINGROOM_IDLE_GRACE_SECONDS"):
        create_app()


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///", "sqlite:///:memory:", "sqlite+pysqlite:///:memory:"]
)
def test_an_in_memory_database_has_no_pool_to_size(url):
    engine = sa.create_engine(url, **engine_options(url, 15))
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT 1")).scalar() == 1
    engine.dispose()


def test_the_app_sizes_its_pool_from_the_setting(app):
    from waitingroom.extensions import db

    with app.app_context():
        assert db.engine.pool.size() == app.config["DB_POOL_SIZE"] == 15


def test_a_process_keeps_the_connections_a_busy_moment_opened(tmp_path):
    """Connections opened under load stay open for the next requests (each new one is
    a PostgreSQL backend started), and a process never opens more than its pool."""
    url = f"sqlite:///{tmp_path / 'pool.sqlite'}"
    engine = sa.create_engine(url, **engine_options(url, 8))
    busy = [engine.connect() for _ in range(8)]
    opened = {id(connection.connection.driver_connection) for connection in busy}
    for connection in busy:
        connection.close()
    assert engine.pool.checkedin() == 8
    again = [engine.connect() for _ in range(8)]
    assert {id(c.connection.driver_connection) for c in again} == opened
    ninth = []
    waiter = threading.Thread(target=lambda: ninth.append(engine.connect()))
    waiter.start()
    waiter.join(0.5)
    assert waiter.is_alive(), "a ninth connection was opened beyond the pool"
    again.pop().close()
    waiter.join(5)
    assert id(ninth[0].connection.driver_connection) in opened
    for connection in again + ninth:
        connection.close()
    engine.dispose()
