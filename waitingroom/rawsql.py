"""Plain SQL on the database driver's own cursor, inside the session's transaction.

For the few statements every response runs: SQLAlchemy's work around a cached
statement (about 100 µs on this project's benchmark machine) cost several times
what SQLite takes to run it (bench/ingest.py). Statements are our own constant
text with `?` placeholders; PostgreSQL's driver is given `%s` instead.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

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


class Driver:
    """The driver's connection under a session's transaction, for several statements."""

    def __init__(self, session: Session):
        connection = session.connection()
        self.dialect = connection.dialect.name
        self.dbapi = connection.dialect.loaded_dbapi
        self.connection = connection.connection.driver_connection

    @contextmanager
    def _cursor(self, text: str):
        """A cursor of the driver's, closed after use; its errors as SQLAlchemy's."""
        try:
            cursor = self.connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
        except self.dbapi.Error as error:
            raise as_sqlalchemy_error(text, error, self.dbapi) from None

    def run(self, statement: str, values=(), many: bool = False):
        """Run `statement` with `values` (a sequence of them if `many`); the first row
        it returns, or None."""
        text = _text(statement, self.dialect)
        with self._cursor(text) as cursor:
            if many:
                cursor.executemany(text, values)
                return None
            cursor.execute(text, values)
            return cursor.fetchone() if cursor.description else None

    def rows(self, statement: str, values=()) -> list[tuple]:
        """Every row `statement` returns, as plain tuples."""
        text = _text(statement, self.dialect)
        with self._cursor(text) as cursor:
            cursor.execute(text, values)
            return cursor.fetchall()

    def day(self, day: date):
        """A date as the database stores it: SQLite keeps ISO text (as SQLAlchemy does)."""
        return day.isoformat() if self.dialect == "sqlite" else day

    def copy(self, statement: str, rows) -> None:
        """PostgreSQL's COPY … FROM STDIN, one row (a sequence of values) at a time."""
        with self._cursor(statement) as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)


def statement_at_a_time(session: Session) -> None:
    """On PostgreSQL, let each statement of the session's coming transaction commit
    by itself, until the session commits or rolls back: no BEGIN and COMMIT round
    trips, and no lock held between statements. Only for work whose writes are
    each one statement; it must come before the session's first statement."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def transactions_again(session: Session) -> None:
    """End statement_at_a_time, for work of several statements that must stand or fall
    together: nothing is open to commit, and the connection goes back to the pool,
    which sets it back to transactions; the next statement takes one as it is."""
    session.commit()


def run(session: Session, statement: str, values=(), many: bool = False):
    """One statement (see Driver.run)."""
    return Driver(session).run(statement, values, many)
