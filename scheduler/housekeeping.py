"""Housekeeping jobs: re-raising unacknowledged safeguarding alerts, and data retention."""

from __future__ import annotations

import datetime as dt
import logging

from sqlmodel import Session

from handlers.outbox import Outgoing
from handlers.staff.alerts import reraise_unacknowledged
from scheduler.context import JobContext
from store.retention import purge

log = logging.getLogger(__name__)

#: Local time the retention purge runs (outside 01:00-02:00, where clock changes repeat an hour).
RETENTION_AT = dt.time(3, 30)


def alerts_reraise(session: Session, ctx: JobContext) -> list[Outgoing]:
    """Post again this school's alerts nobody has acknowledged within the policy's time."""
    return reraise_unacknowledged(session, settings=ctx.settings, now=ctx.now, school_id=ctx.school.id)


def retention(session: Session, ctx: JobContext) -> list[Outgoing]:
    """Purge message texts and expired register entries (store-wide; running it again does nothing)."""
    result = purge(
        session,
        now=ctx.now,
        message_days=ctx.settings.retention.message_days,
        register_years=ctx.settings.retention.register_years,
    )
    log.info("retention: %s", result)
    return []
