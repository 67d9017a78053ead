"""The outbox: outgoing messages stored before they are sent, claimed by one sender at a time.

Every outgoing message has an idempotency key; inserting the same key twice
is a no-op, so a handler or job that runs twice queues nothing new. Senders
claim due rows before sending: on PostgreSQL with `FOR UPDATE SKIP LOCKED`,
on SQLite (where SQLAlchemy drops FOR UPDATE) inside `BEGIN IMMEDIATE` with
`UPDATE … RETURNING`. A claim left by a crashed sender is recovered after
`stale_after`, unless the provider already accepted the message (it then has
a provider id and is never sent again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.claims import claim_rows
from store.db import immediate_session
from store.models import OutboundMessage, utcnow

CLAIM_STALE_AFTER = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 8


#: Rows per INSERT statement: a register-close sweep may queue thousands of chasers at once.
ROWS_PER_INSERT = 500


def insert_ignore(session: Session, rows: Sequence[dict[str, Any]]) -> list[str]:
    """Insert outbound rows, skipping keys already queued; return the keys inserted, in input order."""
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    inserted: set[str] = set()
    for start in range(0, len(rows), ROWS_PER_INSERT):
        stmt = (
            insert(OutboundMessage)
            .values(list(rows[start : start + ROWS_PER_INSERT]))
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(OutboundMessage.idempotency_key)
        )
        inserted.update(session.execute(stmt).scalars())
    ordered: list[str] = []
    for row in rows:
        key = row["idempotency_key"]
        if key in inserted:
            ordered.append(key)
            inserted.discard(key)
    return ordered


def _due(now: dt.datetime, stale_before: dt.datetime, channels: Iterable[str] | None) -> Any:
    cond = or_(
        and_(OutboundMessage.status == "queued", OutboundMessage.next_attempt_at <= now),
        and_(
            OutboundMessage.status == "claimed",
            OutboundMessage.claimed_at < stale_before,
            OutboundMessage.provider_id.is_(None),  # type: ignore[union-attr]
        ),
    )
    if channels is not None:
        cond = and_(cond, OutboundMessage.channel.in_(list(channels)))  # type: ignore[attr-defined]
    return cond


def claim_due(
    engine: Engine,
    *,
    worker: str,
    now: dt.datetime | None = None,
    limit: int = 50,
    channels: Iterable[str] | None = None,
    stale_after: dt.timedelta = CLAIM_STALE_AFTER,
) -> list[OutboundMessage]:
    """Claim up to `limit` due messages for `worker`; no two workers ever hold the same row."""
    now = now or utcnow()
    values = {"status": "claimed", "claimed_by": worker, "claimed_at": now, "attempts": OutboundMessage.attempts + 1}
    return claim_rows(engine, OutboundMessage, where=_due(now, now - stale_after, channels), values=values, limit=limit)


def _finish(engine: Engine, message_id: int, worker: str, **values: Any) -> bool:
    with immediate_session(engine) as session:
        stmt = (
            update(OutboundMessage)
            .where(OutboundMessage.id == message_id, OutboundMessage.claimed_by == worker)
            .values(**values)
        )
        return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]


def record_accepted(engine: Engine, *, message_id: int, worker: str, provider_id: str | None, status: str | None = None) -> bool:
    """The provider accepted the message: store its id so it is never sent again."""
    return _finish(
        engine, message_id, worker, status="sent", provider_id=provider_id, delivery_status=status or "accepted", sent_at=utcnow()
    )


def record_retry(engine: Engine, *, message_id: int, worker: str, delay: dt.timedelta, error: str, attempts: int) -> bool:
    """A transient failure (429, 5xx, timeout): release the claim and try again after `delay`."""
    if attempts >= MAX_ATTEMPTS:
        return record_failed(engine, message_id=message_id, worker=worker, error=f"gave up after {attempts} attempts: {error}")
    return _finish(engine, message_id, worker, status="queued", claimed_by=None, error_code=error[:200], next_attempt_at=utcnow() + delay)


def record_failed(engine: Engine, *, message_id: int, worker: str, error: str) -> bool:
    """A permanent failure: never retried."""
    return _finish(engine, message_id, worker, status="failed", error_code=error[:200])


def record_cancelled(engine: Engine, *, message_id: int, worker: str, reason: str) -> bool:
    """The message must not be sent any more (e.g. past its validity period)."""
    return _finish(engine, message_id, worker, status="cancelled", error_code=reason[:200])


def pending_count(session: Session) -> int:
    stmt = select(OutboundMessage.id).where(OutboundMessage.status.in_(["queued", "claimed"]))  # type: ignore[attr-defined]
    return len(list(session.execute(stmt).scalars()))
