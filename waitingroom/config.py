"""Settings from the environment, validated once at start-up.

A bad setting stops start-up with a message that names it (DESIGN.md 4),
so a typo in a deployment is caught before the first child taps a face.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url

# WCAG 2.2.1 (Timing Adjustable): whoever is warned must get at least 20 s.
MIN_GRACE_SECONDS = 20


class SettingError(RuntimeError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    parse: Callable[[str], object]
    config_key: str


def _positive_int(minimum: int = 1):
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"must be a whole number, got {raw!r}") from None
        if value < minimum:
            raise ValueError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def _database_url(raw: str) -> str:
    if "://" not in raw:
        raise ValueError(
            f"must be a URL such as sqlite:///path or postgresql+psycopg://…, got {raw!r}"
        )
    if raw.startswith("postgres://") or raw.startswith("postgresql://"):
        # psycopg 3 is the supported driver; spell it out for SQLAlchemy.
        raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
    return raw


def _queue_url(raw: str) -> str | None:
    if not raw:
        return None
    if not raw.startswith(("redis://", "rediss://")):
        raise ValueError(f"must be a redis:// URL, got {raw!r}")
    return raw


def _rate(raw: str) -> str:
    from limits import parse_many

    try:
        parse_many(raw)
    except ValueError:
        raise ValueError(f"must be a rate such as 30/minute, got {raw!r}") from None
    return raw


def _public_url(raw: str) -> str:
    if not raw.startswith(("http://", "https://")):
        raise ValueError(f"must start with http:// or https://, got {raw!r}")
    return raw.rstrip("/")


def _timezone(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"is not a known time zone: {raw!r}") from None
    return raw


SETTINGS = (
    Setting("DATABASE_URL", None, _database_url, "SQLALCHEMY_DATABASE_URI"),
    Setting("SOCKETIO_MESSAGE_QUEUE", "", _queue_url, "SOCKETIO_MESSAGE_QUEUE"),
    Setting("WAITINGROOM_MIN_GROUP_SIZE", "5", _positive_int(2), "MIN_GROUP_SIZE"),
    Setting("WAITINGROOM_TEXT_RETENTION_DAYS", "90", _positive_int(1), "TEXT_RETENTION_DAYS"),
    Setting("WAITINGROOM_IDLE_SECONDS", "60", _positive_int(5), "IDLE_SECONDS"),
    Setting(
        "WAITINGROOM_IDLE_GRACE_SECONDS",
        "30",
        _positive_int(MIN_GRACE_SECONDS),
        "IDLE_GRACE_SECONDS",
    ),
    Setting("WAITINGROOM_KIOSK_RATE_LIMIT", "30/minute", _rate, "KIOSK_RATE_LIMIT"),
    Setting("WAITINGROOM_BATCH_RATE_LIMIT", "120/minute", _rate, "BATCH_RATE_LIMIT"),
    Setting("WAITINGROOM_DB_POOL_SIZE", "15", _positive_int(1), "DB_POOL_SIZE"),
    Setting("WAITINGROOM_LIVE_INTERVAL_MS", "50", _positive_int(10), "LIVE_INTERVAL_MS"),
    Setting("WAITINGROOM_PUBLIC_URL", "http://127.0.0.1:5000", _public_url, "PUBLIC_URL"),
    Setting("WAITINGROOM_TIMEZONE", "Europe/Stockholm", _timezone, "TIMEZONE"),
)


def _environment(environ) -> str:
    value = environ.get("WAITINGROOM_ENV", "development")
    if value not in ("development", "production"):
        raise SettingError(f"WAITINGROOM_ENV must be development or production, got {value!r}")
    return value


def _secret_key(instance_path: Path, environ) -> str:
    key = environ.get("SECRET_KEY")
    if key:
        if len(key) < 16:
            raise SettingError("SECRET_KEY must be at least 16 characters long")
        return key
    if _environment(environ) == "production":
        raise SettingError("SECRET_KEY is required when WAITINGROOM_ENV=production")
    # The demo keeps a generated key under instance/ so sessions survive restarts.
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _ballot_key(instance_path: Path, environ) -> str:
    """The key that files each youth member's answer to a round (youth/links.ballot).

    Apart from SECRET_KEY, because it must never change: with a new key a member's
    next answer would no longer replace their earlier one, and count twice.
    """
    key = environ.get("WAITINGROOM_BALLOT_KEY")
    if key:
        if len(key) < 32:
            raise SettingError("WAITINGROOM_BALLOT_KEY must be at least 32 characters long")
        return key
    if _environment(environ) == "production":
        raise SettingError(
            "WAITINGROOM_BALLOT_KEY is required when WAITINGROOM_ENV=production "
            "(a long random text, kept stable for the life of the deployment)"
        )
    key_file = instance_path / "ballot_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def engine_options(url: str, pool_size: int) -> dict:
    """Each process keeps up to `pool_size` connections open and never opens more.

    SQLAlchemy's default (keep 5, open 10 more under load and close them again)
    makes a busy gevent worker connect and disconnect all the time: a new
    PostgreSQL backend, and its prepared statements, for a moment's use.
    An in-memory SQLite database has one connection and no pool to size.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        return {}
    return {"pool_size": pool_size, "max_overflow": 0}


def pool_size(environ=None) -> int:
    """WAITINGROOM_DB_POOL_SIZE, for what builds an engine outside the app (benchmarks)."""
    (setting,) = (s for s in SETTINGS if s.config_key == "DB_POOL_SIZE")
    environ = os.environ if environ is None else environ
    return setting.parse(environ.get(setting.name, setting.default))


def load_settings(instance_path: str, environ=None) -> dict:
    """Read every setting from the environment; raise SettingError naming a bad one."""
    environ = os.environ if environ is None else environ
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    config: dict = {}
    for setting in SETTINGS:
        raw = environ.get(setting.name, setting.default)
        if raw is None:
            continue
        try:
            config[setting.config_key] = setting.parse(raw)
        except ValueError as error:
            raise SettingError(f"{setting.name} {error}") from None
    config.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{instance / 'waitingroom.sqlite'}")
    config["SECRET_KEY"] = _secret_key(instance, environ)
    config["BALLOT_KEY"] = _ballot_key(instance, environ)
    production = _environment(environ) == "production"
    config["SESSION_COOKIE_SECURE"] = production
    # Limits are shared by every server process through Redis when there are several.
    config["RATELIMIT_STORAGE_URI"] = config.get("SOCKETIO_MESSAGE_QUEUE") or "memory://"
    return config


DEFAULTS = {
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MAX_BATCH_SIZE": 500,
    "MAX_ANSWERS": 50,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_NAME": "waitingroom_session",
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "JSON_SORT_KEYS": False,
    "BABEL_DEFAULT_LOCALE": "sv",
    "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent.parent / "translations"),
}
