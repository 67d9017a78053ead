"""`absence-bot jobs run --at` in the past: what the job queued is due now, with its validity kept.

A job run as at 09:30 while the wall clock says 16:00 (a school rehearsing
its policy for a day) queues chasers valid for an hour from 09:30; sent at
16:00 they would be cancelled as expired. The rows it queued are moved to
now, each keeping the time it had left, so the run delivers before it exits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.engine import Engine

from store.db import immediate_session
from store.models import OutboundMessage


def bring_forward(engine: Engine, *, keys: Sequence[str], job_time: dt.datetime, now: dt.datetime) -> int:
    """Make the still-queued rows with these idempotency keys due at `now`; return how many moved."""
    if not keys or job_time >= now:
        return 0
    shift = now - job_time
    with immediate_session(engine) as session:
        stmt = select(OutboundMessage).where(
            OutboundMessage.idempotency_key.in_(list(keys)),  # type: ignore[attr-defined]
            OutboundMessage.status == "queued",
        )
        rows = list(session.execute(stmt).scalars())
        for row in rows:
            row.next_attempt_at = now
            if row.not_after is not None:
                row.not_after = row.not_after + shift
        return len(rows)
