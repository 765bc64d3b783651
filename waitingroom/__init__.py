"""Waiting room: the voice of children in clinic waiting rooms, live."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, redirect, request, url_for

from waitingroom.config import DEFAULTS, engine_options, load_settings


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, namespaces, errors, CLI."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.update(DEFAULTS)
    app.config.update(load_settings(app.instance_path))
    if config:
        app.config.update(config)
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS",
        engine_options(app.config["SQLALCHEMY_DATABASE_URI"], app.config["DB_POOL_SIZE"]),
    )

    from waitingroom import i18n, ratelimit
    from waitingroom.auth.sessions import CookieSessions
    from waitingroom.extensions import babel, csrf, db, login, migrate, socketio
    from waitingroom.realtime import frames
    from waitingroom.realtime.packets import TextPacket
    from waitingroom.serving import socketio_on_its_own_path

    i18n.check_shipped_locales()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(_project_dir() / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    babel.domain_instance = i18n.FallbackDomain()
    ratelimit.init_app(app)
    app.session_interface = CookieSessions()
    login.init_app(app)
    login.login_view = "auth.login"
    login.user_loader(_load_staff)
    socketio.init_app(
        app,
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE"),
        message_queue=app.config.get("SOCKETIO_MESSAGE_QUEUE"),
        serializer=TextPacket,
        cors_allowed_origins=None,  # same origin only (X-Forwarded-Proto/-Host honoured)
        logger=False,
        engineio_logger=False,
    )
    app.wsgi_app = socketio_on_its_own_path(app.wsgi_app)
    # A room's summary framed (and compressed) once for all its dashboards.
    frames.install(socketio.server.eio)
    with app.app_context():
        _tune_database(db.engine)

    _import_models()

    from waitingroom.api.routes import bp as api_bp
    from waitingroom.auth.routes import bp as auth_bp
    from waitingroom.kiosk.routes import bp as kiosk_bp
    from waitingroom.kiosk.voice import bp as kiosk_voice_bp
    from waitingroom.staff.flows import bp as staff_flows_bp
    from waitingroom.staff.posts import bp as staff_posts_bp
    from waitingroom.staff.routes import bp as staff_bp
    from waitingroom.staff.translations import bp as staff_translations_bp
    from waitingroom.staff.youth import bp as staff_youth_bp
    from waitingroom.youth.routes import bp as youth_bp

    for blueprint in (
        api_bp,
        auth_bp,
        kiosk_bp,
        staff_bp,
        staff_posts_bp,
        staff_flows_bp,
        staff_translations_bp,
        staff_youth_bp,
        kiosk_voice_bp,
        youth_bp,
    ):
        app.register_blueprint(blueprint)
    from waitingroom.staff.exports import bp as staff_exports_bp

    app.register_blueprint(staff_exports_bp)
    app.add_url_rule("/", "home", _home)
    # The API reads no cookies for writes: bearer tokens authenticate it.
    csrf.exempt(api_bp)

    import waitingroom.realtime.kiosk  # noqa: F401 - registers the /kiosk namespace
    from waitingroom.realtime.live import hub

    hub.init_app(app)

    from waitingroom import errors, security

    errors.register(app)
    security.register(app)

    from waitingroom.cli import register_commands

    register_commands(app)

    @app.context_processor
    def _page_locale():
        from flask_babel import get_locale

        return {"locale": i18n.locale_info(str(get_locale()))}

    return app


def _project_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent


def _load_staff(user_id: str):
    from waitingroom.auth.models import StaffUser
    from waitingroom.extensions import db

    user = db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def _select_locale():
    from waitingroom.i18n import babel_locale, choose_locale

    return babel_locale(choose_locale(request.args.get("lang"), request.accept_languages))


def _import_models() -> None:
    """Make every table known to SQLAlchemy and Alembic."""
    import waitingroom.audit  # noqa: F401
    import waitingroom.auth.models  # noqa: F401
    import waitingroom.comments.models  # noqa: F401
    import waitingroom.flows.drafts  # noqa: F401
    import waitingroom.flows.models  # noqa: F401
    import waitingroom.posts.models  # noqa: F401
    import waitingroom.responses.models  # noqa: F401
    import waitingroom.translations.models  # noqa: F401
    import waitingroom.units.models  # noqa: F401
    import waitingroom.youth.models  # noqa: F401


def _home():
    """The bare address (the one `make demo` prints) leads to the staff pages, which ask
    for a sign-in first; tablets and youth members come by their own links."""
    return redirect(url_for("staff.index"))


def _tune_database(engine: sa.Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # WAL lets the live view read while a kiosk writes; foreign keys are off
        # in SQLite unless asked for; a busy writer is waited for, not failed on.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
