"""Engine and sessions for SQLite (embedded default) and PostgreSQL, and schema upgrades.

SQLite runs in WAL mode with foreign keys on and a busy timeout, so a web
worker and the scheduler can share one file. Every session takes SQLite's
write lock at BEGIN (BEGIN IMMEDIATE): a deferred transaction that reads and
then writes cannot upgrade its lock once another writer has committed, and
SQLite answers "database is locked" at once instead of waiting. `retrying`
re-runs a whole transaction, a few times, when the database is still busy
(SQLite past its busy timeout; PostgreSQL deadlocks and serialisation
failures). SQL parameters (phone numbers, message texts) are never put in
error messages (`hide_parameters`). Schema changes go through the Alembic
migrations shipped in `store/migrations`.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, DataError, IntegrityError
from sqlmodel import Session, create_engine

log = logging.getLogger(__name__)

T = TypeVar("T")
MIGRATIONS = Path(__file__).parent / "migrations"
#: The SQLite file holds pupils' and parents' details: readable by the service's user only.
PRIVATE_FILE_MODE = 0o600
#: Milliseconds SQLite waits for the write lock before answering "database is locked".
BUSY_TIMEOUT_MS = 30000
#: Times a transaction is run in all when the database stays busy; the waits between grow from 50 ms to 2 s.
CONTENTION_ATTEMPTS = 6
#: PostgreSQL SQLSTATEs that mean "run the transaction again": serialisation failure, deadlock, lock not available.
RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
SQLITE_BUSY = ("database is locked", "database is busy", "database table is locked")


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given without a driver."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (see _sqlite_begin) so BEGIN IMMEDIATE works.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    mode = conn.info.get("sqlite_begin", "BEGIN")
    conn.exec_driver_sql(mode)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    parsed = make_url(normalise_url(url))
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def create_private_file(path: Path) -> None:
    """Create an empty SQLite file with mode 0600 (SQLite gives its -wal and -shm files the same mode)."""
    if not path.exists() and path.parent.is_dir():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE))


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection.

    Parameters are hidden from error messages: they hold phone numbers and message texts.
    """
    url = normalise_url(url)
    parsed = make_url(url)
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            create_private_file(path)
        connect_args = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def _transaction(bind: Engine | Connection) -> Iterator[Session]:
    with Session(bind=bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def immediate_session(engine: Engine) -> Iterator[Session]:
    """A transaction that takes its write lock at BEGIN (SQLite BEGIN IMMEDIATE), committed on success.

    On PostgreSQL this is an ordinary transaction; claims use FOR UPDATE SKIP LOCKED there.
    """
    with engine.connect() as conn:
        if is_sqlite(engine):
            conn.info["sqlite_begin"] = "BEGIN IMMEDIATE"
        try:
            with _transaction(conn) as session:
                yield session
        finally:
            conn.info.pop("sqlite_begin", None)


#: Every session may write, so every session is immediate; plain reads use `engine.connect()`.
session_scope = immediate_session


def is_contention(exc: BaseException) -> bool:
    """The database was busy (locked, deadlocked, serialisation failure): running the transaction again may succeed."""
    if not isinstance(exc, DBAPIError) or isinstance(exc, (IntegrityError, DataError)):
        return False
    if getattr(exc.orig, "sqlstate", None) in RETRY_SQLSTATES:
        return True
    message = str(exc.orig).lower()
    return any(busy in message for busy in SQLITE_BUSY)


def is_store_failure(exc: BaseException) -> bool:
    """The store could not do its job (down, read-only, disk full, busy): not a problem with the data itself."""
    return isinstance(exc, DBAPIError) and not isinstance(exc, (IntegrityError, DataError))


def retrying(fn: Callable[[], T], *, what: str, attempts: int = CONTENTION_ATTEMPTS) -> T:
    """Run `fn` (one whole transaction), again after a short random wait while the database is busy."""
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except DBAPIError as exc:
            if attempt == attempts or not is_contention(exc):
                raise
            wait = min(0.05 * 2 ** (attempt - 1), 2.0) * random.uniform(0.5, 1.5)
            log.warning("%s: database busy (%s), attempt %s of %s; again in %.2f s", what, type(exc.orig).__name__, attempt, attempts, wait)
            time.sleep(wait)
    raise AssertionError("unreachable")


def write(engine: Engine, fn: Callable[[Session], T], *, what: str) -> T:
    """Run `fn(session)` in one immediate transaction, retried while the database is busy."""

    def once() -> T:
        with immediate_session(engine) as session:
            return fn(session)

    return retrying(once, what=what)


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database schema up to `revision` with Alembic."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
