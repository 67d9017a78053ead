"""The outbox: outgoing messages stored before they are sent, claimed by one sender at a time.

Every outgoing message has an idempotency key; inserting the same key twice
is a no-op, so a handler or job that runs twice queues nothing new. Senders
claim due rows before sending: on PostgreSQL with `FOR UPDATE SKIP LOCKED`,
on SQLite (where SQLAlchemy drops FOR UPDATE) inside `BEGIN IMMEDIATE` with
`UPDATE … RETURNING`. A claim left by a crashed sender is recovered after
`stale_after`, unless the provider already accepted the message (it then has
a provider id and is never sent again).

Giving up depends on elapsed time only, never on a count of attempts: a
message is retried through provider outages until its validity window ends
(its own `not_after`, else `GIVE_UP_AFTER` for its kind), and a wait the
provider asked for (429, Telegram's RetryAfter) is not even an attempt. A
message given up on, or refused for a lasting reason, is `failed`: the
school's staff chat is told, `/healthz` counts it, and `absence-bot outbox
retry` sends it again once the cause is fixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.claims import claim_rows
from store.db import immediate_session, write
from store.models import OutboundMessage, utcnow

CLAIM_STALE_AFTER = dt.timedelta(minutes=5)
#: How long a message without its own validity stays worth sending, by kind; then it is shown as failed.
GIVE_UP_AFTER = {
    "reply": dt.timedelta(hours=6),
    "question": dt.timedelta(hours=6),
    "card": dt.timedelta(hours=12),
    "card_edit": dt.timedelta(hours=12),
    "staff_note": dt.timedelta(hours=12),
    "digest": dt.timedelta(hours=12),
    "alert": dt.timedelta(hours=24),
}
DEFAULT_GIVE_UP_AFTER = dt.timedelta(hours=12)
FAILURE_NOTICE = "failure_notice"


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
    values = {
        "status": "claimed", "claimed_by": worker, "claimed_at": now, "attempts": OutboundMessage.attempts + 1,
        "first_attempt_at": func.coalesce(OutboundMessage.first_attempt_at, now),
        # A row still "claimed" was left mid-send by a sender that died: the provider may have it already.
        "check_provider": case((OutboundMessage.status == "claimed", True), else_=OutboundMessage.check_provider),
    }
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


def give_up_at(row: OutboundMessage) -> dt.datetime:
    """When a message stops being worth sending: its own validity (chasers), else a window for its kind."""
    if row.not_after is not None:
        return row.not_after
    return row.created_at + GIVE_UP_AFTER.get(row.kind, DEFAULT_GIVE_UP_AFTER)


def record_retry(
    engine: Engine, *, message_id: int, worker: str, delay: dt.timedelta, error: str,
    now: dt.datetime | None = None, counts: bool = True, uncertain: bool = False,
) -> bool:
    """A transient failure (5xx, timeout) or a wait the provider asked for: release the claim, try after `delay`.

    A wait that does not count (`counts=False`: RetryAfter) is not recorded as an attempt.
    `uncertain`: the provider may have taken the message (its answer was lost), so it is asked first next time.
    Past the message's validity window it is failed instead, and staff are told.
    """
    now = now or utcnow()

    def retry(session: Session) -> bool:
        row = session.get(OutboundMessage, message_id)
        if row is None or row.claimed_by != worker:
            return False
        if now + delay > give_up_at(row):
            row.status, row.error_code = "failed", f"gave up after {_elapsed(now - row.created_at)}: {error}"[:200]
            session.add(row)
            queue_failure_notice(session, row, now)
            return True
        row.status, row.claimed_by, row.error_code, row.next_attempt_at = "queued", None, error[:200], now + delay
        row.check_provider = row.check_provider or uncertain
        if not counts:
            row.attempts = max(row.attempts - 1, 0)
        session.add(row)
        return True

    return write(engine, retry, what=f"outbound {message_id}")


def _elapsed(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h"


def record_failed(engine: Engine, *, message_id: int, worker: str, error: str, now: dt.datetime | None = None) -> bool:
    """A lasting failure: not retried by itself; staff are told (`absence-bot outbox retry` sends it again)."""

    def fail(session: Session) -> bool:
        row = session.get(OutboundMessage, message_id)
        if row is None or row.claimed_by != worker:
            return False
        row.status, row.error_code = "failed", error[:200]
        session.add(row)
        queue_failure_notice(session, row, now or utcnow())
        return True

    return write(engine, fail, what=f"outbound {message_id}")


def queue_failure_notice(session: Session, row: OutboundMessage, now: dt.datetime) -> None:
    """Tell the school's staff chat that a message was not delivered (never for a notice, or the staff chat itself).

    The notice names no pupil and quotes nothing: it points at the outbox row, which staff with
    shell access can list and retry. It is addressed by role (`chat_key`), so the sender uses the
    chat the configuration names when the notice goes out.
    """
    if row.kind == FAILURE_NOTICE or row.school_id is None:
        return
    if row.channel == "telegram" and chat_key_of(row) == "staff":
        return  # the staff chat is what failed: /healthz and `absence-bot outbox list` show it
    where = "a parent's phone" if row.channel == "sms" else ("a parent's Telegram" if chat_key_of(row) is None else "the safeguarding group")
    text = (
        f"⚠️ A {row.kind.replace('_', ' ')} to {where} could not be sent: {row.error_code}. "
        f"Outbox #{row.id}; once the cause is fixed: absence-bot outbox retry {row.id}"
    )
    insert_ignore(session, [{
        "idempotency_key": f"failed:{row.id}:{row.attempts}", "channel": "telegram", "kind": FAILURE_NOTICE, "school_id": row.school_id,
        "recipient": f"staff:{row.school_id}", "contact_id": None, "text": text, "payload": {"chat_key": "staff"}, "status": "queued",
        "attempts": 0, "next_attempt_at": now, "not_after": None, "created_at": now,
    }])


#: Kinds addressed to a parent (or carer) in a private chat; every other Telegram kind goes to a school group.
PARENT_KINDS = frozenset({"reply", "question", "chaser"})


def chat_key_of(row: OutboundMessage) -> str | None:
    """Which of its school's groups a Telegram row is for ("staff" or "safeguarding"); None for a parent's chat."""
    if row.channel != "telegram" or row.school_id is None:
        return None
    key = (row.payload or {}).get("chat_key")
    if key in ("staff", "safeguarding"):
        return str(key)
    if row.kind in PARENT_KINDS:
        return None
    return "safeguarding" if row.kind == "alert" else "staff"


def set_recipient(engine: Engine, *, message_id: int, recipient: str) -> None:
    """Keep the chat a row was actually sent to (the configuration may name another than when it was queued)."""

    def update_row(session: Session) -> None:
        session.execute(update(OutboundMessage).where(OutboundMessage.id == message_id, OutboundMessage.recipient != recipient).values(recipient=recipient))

    write(engine, update_row, what=f"outbound {message_id}")


def record_cancelled(engine: Engine, *, message_id: int, worker: str, reason: str) -> bool:
    """The message must not be sent any more (e.g. past its validity period)."""
    return _finish(engine, message_id, worker, status="cancelled", error_code=reason[:200])


#: The statuses of rows still to be sent or needing someone: what /healthz and /metrics count.
OPEN_STATUSES = ("queued", "claimed", "failed")


def open_counts(engine: Engine) -> dict[str, int]:
    """How many outbox rows are queued, claimed (being sent) and failed now."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(OutboundMessage.status, func.count()).where(OutboundMessage.status.in_(OPEN_STATUSES)).group_by(OutboundMessage.status)  # type: ignore[attr-defined]
        ).all()
    found = {status: int(n) for status, n in rows}
    return {status: found.get(status, 0) for status in OPEN_STATUSES}


def pending_count(session: Session) -> int:
    stmt = select(OutboundMessage.id).where(OutboundMessage.status.in_(["queued", "claimed"]))  # type: ignore[attr-defined]
    return len(list(session.execute(stmt).scalars()))


LISTED_STATUSES = ("queued", "claimed", "failed", "sent", "cancelled")


def outbox_rows(session: Session, *, status: str | None = None, limit: int = 500) -> list[OutboundMessage]:
    """Outbox rows, newest first; `queued` includes rows a sender holds right now."""
    stmt = select(OutboundMessage).order_by(OutboundMessage.id.desc()).limit(limit)  # type: ignore[union-attr]
    if status == "queued":
        stmt = stmt.where(OutboundMessage.status.in_(["queued", "claimed"]))  # type: ignore[attr-defined]
    elif status is not None:
        stmt = stmt.where(OutboundMessage.status == status)
    return list(session.execute(stmt).scalars())


def requeue(engine: Engine, *, ids: Sequence[int] | None = None, now: dt.datetime | None = None) -> list[int]:
    """Queue failed messages again (the given ids, or every failed one); return the ids requeued.

    A retried message gets a fresh validity window from now (a chaser whose own window has
    passed loses it), and is sent to the recipient the configuration names when it goes out.
    """
    now = now or utcnow()

    def again(session: Session) -> list[int]:
        stmt = select(OutboundMessage).where(OutboundMessage.status == "failed")
        if ids is not None:
            stmt = stmt.where(OutboundMessage.id.in_(list(ids)))  # type: ignore[union-attr]
        done = []
        for row in session.execute(stmt).scalars():
            row.status, row.claimed_by, row.next_attempt_at, row.created_at = "queued", None, now, now
            row.error_code = f"retried by hand after: {row.error_code or 'failure'}"[:200]
            if row.not_after is not None and row.not_after <= now:
                row.not_after = None
            session.add(row)
            done.append(row.id or 0)
        return sorted(done)

    return write(engine, again, what="outbox retry")
