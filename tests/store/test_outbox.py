"""The outbox: idempotent queuing and exclusive claims, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import select
from sqlalchemy.engine import Engine

from handlers.outbox import Button, Outgoing, queue
from store.db import session_scope
from store.models import OutboundMessage, utcnow
from store.outbox import claim_due, record_accepted, record_retry

NOW = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.timezone.utc)


def _msg(key: str) -> Outgoing:
    return Outgoing(key=key, channel="sms", recipient="+447700900123", text="hello", school_id="oakfield")


def test_same_key_is_queued_once(engine: Engine) -> None:
    with session_scope(engine) as s:
        assert queue(s, [_msg("a"), _msg("b")], now=NOW) == ["a", "b"]
    with session_scope(engine) as s:
        assert queue(s, [_msg("a"), _msg("c")], now=NOW) == ["c"]
        assert len(s.execute(select(OutboundMessage)).all()) == 3


def test_buttons_are_stored_in_payload(engine: Engine) -> None:
    out = Outgoing(key="card", channel="telegram", recipient="-100", text="<b>x</b>", html=True,
                   buttons=((Button("Confirm I", "c:1:I"),),))
    with session_scope(engine) as s:
        queue(s, [out], now=NOW)
    with session_scope(engine) as s:
        row = s.execute(select(OutboundMessage)).scalar_one()
        assert row.payload == {"buttons": [[{"label": "Confirm I", "data": "c:1:I"}]], "parse_mode": "HTML"}


def test_claims_are_exclusive_across_threads(engine: Engine) -> None:
    with session_scope(engine) as s:
        queue(s, [_msg(f"k{i}") for i in range(40)], now=NOW)
    got: list[list[int]] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        while True:
            rows = claim_due(engine, worker=name, limit=3)
            if not rows:
                return
            with lock:
                got.append([r.id for r in rows if r.id is not None])

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = [i for batch in got for i in batch]
    assert len(ids) == 40 and len(set(ids)) == 40


def test_stale_claim_recovered_unless_provider_accepted(engine: Engine) -> None:
    with session_scope(engine) as s:
        queue(s, [_msg("x"), _msg("y")], now=NOW)
    first = claim_due(engine, worker="crashed", now=utcnow())
    assert len(first) == 2
    record_accepted(engine, message_id=first[0].id, worker="crashed", provider_id="SM1")
    assert claim_due(engine, worker="other", now=utcnow()) == []
    later = utcnow() + dt.timedelta(minutes=10)
    again = claim_due(engine, worker="other", now=later)
    assert [r.idempotency_key for r in again] == ["y"]


def test_retry_releases_claim_with_delay(engine: Engine) -> None:
    with session_scope(engine) as s:
        queue(s, [_msg("r")], now=NOW)
    (row,) = claim_due(engine, worker="w", now=NOW)
    record_retry(engine, message_id=row.id, worker="w", delay=dt.timedelta(seconds=30), error="429", now=NOW)
    assert claim_due(engine, worker="w", now=NOW) == []
    assert len(claim_due(engine, worker="w", now=NOW + dt.timedelta(seconds=31))) == 1


def test_retries_give_up_on_elapsed_time_never_on_a_count(engine: Engine) -> None:
    with session_scope(engine) as s:
        queue(s, [_msg("long outage")], now=NOW)
    at = NOW
    for _ in range(50):
        (row,) = claim_due(engine, worker="w", now=at)
        record_retry(engine, message_id=row.id, worker="w", delay=dt.timedelta(minutes=5), error="twilio 500/None", now=at)
        at += dt.timedelta(minutes=5)
    with session_scope(engine) as s:
        stored = s.execute(select(OutboundMessage).where(OutboundMessage.idempotency_key == "long outage")).scalars().one()
    assert stored.status == "queued", "fifty 500s over four hours: still worth sending a reply"
    at = NOW + dt.timedelta(hours=6)
    (row,) = claim_due(engine, worker="w", now=at)
    record_retry(engine, message_id=row.id, worker="w", delay=dt.timedelta(minutes=5), error="twilio 500/None", now=at)
    with session_scope(engine) as s:
        stored = s.execute(select(OutboundMessage).where(OutboundMessage.idempotency_key == "long outage")).scalars().one()
        notices = s.execute(select(OutboundMessage).where(OutboundMessage.kind == "failure_notice")).scalars().all()
    assert stored.status == "failed" and stored.error_code.startswith("gave up after 6 h")
    assert len(notices) == 1 and "outbox retry" in notices[0].text
    assert "+447700900123" not in notices[0].text and "hello" not in notices[0].text, "the notice quotes neither the number nor the text"
