"""The job registry (name → function) and the runner every trigger and `absence-bot jobs run` use.

A job is a plain function `(session, JobContext) -> list[Outgoing]`. The
runner opens one write transaction (BEGIN IMMEDIATE on SQLite), skips days the
school is closed (weekends, holidays, closures, INSET), runs the job and queues
what it returns in the outbox in the same transaction, so a job's state change
and its messages commit together or not at all.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.outbox import Outgoing
from scheduler.calendar import is_open
from scheduler.chase import chase_escalation
from scheduler.context import JobContext
from scheduler.daily_escalation import DAILY_AT, daily_escalation
from scheduler.first_day import register_close
from scheduler.missing_contacts import DAILY_AT as CONTACTS_AT
from scheduler.missing_contacts import missing_contacts
from scheduler.weekly_n_list import WEEKLY_AT, weekly_n_list
from store.db import immediate_session
from store.models import OutboundMessage
from store.settings import Settings

log = logging.getLogger(__name__)

Job = Callable[[Session, JobContext], list[Outgoing]]

JOBS: dict[str, Job] = {
    "register-close": register_close,
    "chase-escalation": chase_escalation,
    "missing-contacts": missing_contacts,
    "daily-escalation": daily_escalation,
    "weekly-n-list": weekly_n_list,
}

#: Local times the fixed daily jobs are due (register-close and chase-escalation follow the register close).
FIXED_TIMES = {"missing-contacts": CONTACTS_AT, "daily-escalation": DAILY_AT, "weekly-n-list": WEEKLY_AT}


ROWS_PER_INSERT = 500


def queue_all(session: Session, messages: list[Outgoing], *, now: dt.datetime) -> list[str]:
    """Queue messages in the outbox, many rows per statement, skipping keys already there; return keys queued.

    The same insert-or-ignore as `handlers.outbox.queue`, batched: a sweep may queue thousands.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    inserted: set[str] = set()
    for i in range(0, len(messages), ROWS_PER_INSERT):
        rows = [m.row(now) for m in messages[i : i + ROWS_PER_INSERT]]
        stmt = (
            insert(OutboundMessage)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(OutboundMessage.idempotency_key)
        )
        inserted.update(session.execute(stmt).scalars())
    return [m.key for m in messages if m.key in inserted]


class UnknownJob(KeyError):
    """No job by that name."""


@dataclass(frozen=True)
class JobResult:
    job: str
    school_id: str
    local: dt.datetime
    ran: bool
    queued: list[str]


def run_job_at(engine: Engine, settings: Settings, *, job: str, school_id: str, now: dt.datetime) -> JobResult:
    """Run one job for one school as at `now` (timezone-aware) and queue what it produced."""
    if job not in JOBS:
        raise UnknownJob(job)
    ctx = JobContext(settings=settings, school=settings.school(school_id), now=now)
    with immediate_session(engine) as session:
        if not is_open(session, school_id=school_id, day=ctx.today):
            log.info("%s %s: school closed on %s, nothing to do", job, school_id, ctx.today)
            return JobResult(job, school_id, ctx.local, False, [])
        messages = JOBS[job](session, ctx)
        keys = queue_all(session, messages, now=now)
    log.info("%s %s at %s: queued %d message(s)", job, school_id, ctx.local.isoformat(timespec="minutes"), len(keys))
    return JobResult(job, school_id, ctx.local, True, keys)
