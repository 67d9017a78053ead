"""Which process schedules: exactly one holds the scheduler lease, any number send.

PostgreSQL: a session-level `pg_try_advisory_lock` on a dedicated, unpooled
connection; the lock goes when that connection does, so a standby takes over
after the leader dies. SQLite: an exclusive `flock` on a file next to the
database. Jobs are idempotent anyway; the lease keeps the work (and the logs)
in one place.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from typing import IO, Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

#: Advisory lock key: "absence-bot scheduler" (any fixed 64-bit number).
LOCK_KEY = 0x41_42_53_43_48_45_44


class SchedulerLease:
    """Try to hold the scheduler lease; `check()` says whether this process holds it now."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._lock = threading.Lock()
        self._pg: Connection | None = None
        self._pg_engine: Engine | None = None
        self._file: IO[Any] | None = None
        self._memory = False

    @property
    def held(self) -> bool:
        return self._memory or self._pg is not None or self._file is not None

    def check(self) -> tuple[bool, bool]:
        """(held, newly acquired): keep the lease if held and alive, else try to take it."""
        with self._lock:
            if self.held and self._alive():
                return True, False
            self._drop()
            acquired = self._acquire()
            if acquired:
                log.info("this process now runs the scheduled jobs")
            return acquired, acquired

    def release(self) -> None:
        with self._lock:
            self._drop()

    def _acquire(self) -> bool:
        if self._engine.dialect.name == "postgresql":
            return self._acquire_pg()
        database = self._engine.url.database
        if not database or database == ":memory:":
            self._memory = True
            return True
        handle = open(f"{os.path.abspath(database)}.scheduler-lock", "a+")  # noqa: SIM115 (held for the lease)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def _acquire_pg(self) -> bool:
        if self._pg_engine is None:
            self._pg_engine = create_engine(self._engine.url, poolclass=NullPool)
        conn = self._pg_engine.connect()
        got = bool(conn.execute(text("select pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar())
        conn.commit()
        if got:
            self._pg = conn
        else:
            conn.close()
        return got

    def _alive(self) -> bool:
        if self._pg is None:
            return True
        try:
            self._pg.execute(text("select 1"))
            self._pg.commit()
            return True
        except Exception:
            log.warning("lost the scheduler lease connection; trying to take the lease again")
            return False

    def _drop(self) -> None:
        if self._pg is not None:
            try:
                self._pg.close()
            except Exception:
                log.debug("closing the lease connection failed", exc_info=True)
            self._pg = None
        if self._file is not None:
            self._file.close()
            self._file = None
        self._memory = False
