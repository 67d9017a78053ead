"""Contention: concurrent read-then-write transactions never fail with "database is locked"; retries are bounded."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from store.db import is_contention, retrying, session_scope, write
from store.models import InboundMessage

THREADS = 8
EACH = 15


def _read_then_write(engine: Engine, name: str, errors: list[BaseException]) -> None:
    for i in range(EACH):
        try:
            with session_scope(engine) as s:
                # A read first: a deferred SQLite transaction would have to upgrade its lock here and could fail at once.
                s.execute(select(func.count()).select_from(InboundMessage)).scalar_one()
                s.add(InboundMessage(channel="sms", provider_id=f"{name}-{i}", sender="+447700900001", text="x"))
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on
            errors.append(exc)


def test_concurrent_read_then_write_transactions_all_commit(engine: Engine) -> None:
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_read_then_write, args=(engine, f"t{n}", errors)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from inboundmessage")).scalar_one() == THREADS * EACH


def _locked() -> OperationalError:
    import sqlite3

    return OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))


def test_retrying_runs_again_while_busy_then_gives_up() -> None:
    calls: list[int] = []

    def busy_twice() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise _locked()
        return "done"

    assert retrying(busy_twice, what="test") == "done" and len(calls) == 3

    def always_busy() -> None:
        calls.append(1)
        raise _locked()

    calls.clear()
    with pytest.raises(OperationalError):
        retrying(always_busy, what="test", attempts=3)
    assert len(calls) == 3


def test_data_errors_are_not_retried(engine: Engine) -> None:
    calls: list[int] = []

    def duplicate(s):  # type: ignore[no-untyped-def]
        calls.append(1)
        s.add(InboundMessage(channel="sms", provider_id="dup", sender="+447700900001", text="x"))
        s.flush()
        s.add(InboundMessage(channel="sms", provider_id="dup", sender="+447700900001", text="x"))
        s.flush()

    with pytest.raises(IntegrityError) as info:
        write(engine, duplicate, what="test")
    assert len(calls) == 1 and not is_contention(info.value)


def test_error_messages_hide_sql_parameters(engine: Engine) -> None:
    secret_text = "Oliver is ill, call 07700 900123"
    with pytest.raises(IntegrityError) as info:
        with session_scope(engine) as s:
            s.add(InboundMessage(channel="sms", provider_id="p", sender="+447700900123", text=secret_text))
            s.flush()
            s.add(InboundMessage(channel="sms", provider_id="p", sender="+447700900123", text=secret_text))
            s.flush()
    assert secret_text not in str(info.value) and "+447700900123" not in str(info.value)
