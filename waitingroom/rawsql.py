"""Plain SQL on the database driver's own cursor, inside the session's transaction.

For the few statements every response runs: SQLAlchemy's work around a cached
statement (about 100 µs on this project's benchmark machine) cost several times
what SQLite takes to run it (bench/ingest.py). Statements are our own constant
text with `?` placeholders; PostgreSQL's driver is given `%s` instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

_FOR_POSTGRESQL: dict[str, str] = {}


def as_sqlalchemy_error(statement: str, error: Exception, dbapi) -> sa.exc.DBAPIError:
    """A driver's error as SQLAlchemy would have raised it (a key stored meanwhile is an
    IntegrityError, a busy database an OperationalError), for callers to judge."""
    return sa.exc.DBAPIError.instance(statement, None, error, dbapi.Error)


def _text(statement: str, dialect: str) -> str:
    if dialect != "postgresql":
        return statement
    found = _FOR_POSTGRESQL.get(statement)
    if found is None:
        found = _FOR_POSTGRESQL[statement] = statement.replace("?", "%s")
    return found


def run(session: Session, statement: str, values=(), many: bool = False):
    """Run `statement` with `values` (a sequence of them if `many`); the first row it
    returns, or None."""
    connection = session.connection()
    dbapi = connection.dialect.loaded_dbapi
    text = _text(statement, connection.dialect.name)
    try:
        cursor = connection.connection.driver_connection.cursor()
        try:
            if many:
                cursor.executemany(text, values)
                return None
            cursor.execute(text, values)
            return cursor.fetchone() if cursor.description else None
        finally:
            cursor.close()
    except dbapi.Error as error:
        raise as_sqlalchemy_error(text, error, dbapi) from None
