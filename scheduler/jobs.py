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

from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.outbox import Outgoing, queue
from scheduler.calendar import is_open
from scheduler.chase import chase_escalation
from scheduler.context import JobContext
from scheduler.daily_escalation import DAILY_AT, daily_escalation
from scheduler.attendance_reports import REPORTS_AT, attendance_reports
from scheduler.first_day import pm_register_close, register_close
from scheduler.housekeeping import RETENTION_AT, alerts_reraise, retention
from scheduler.missing_contacts import DAILY_AT as CONTACTS_AT
from scheduler.missing_contacts import missing_contacts
from scheduler.weekly_n_list import WEEKLY_AT, weekly_n_list
from store.db import immediate_session
from store.settings import Settings

log = logging.getLogger(__name__)

Job = Callable[[Session, JobContext], list[Outgoing]]

JOBS: dict[str, Job] = {
    "register-close": register_close,
    "pm-register-close": pm_register_close,
    "chase-escalation": chase_escalation,
    "missing-contacts": missing_contacts,
    "daily-escalation": daily_escalation,
    "weekly-n-list": weekly_n_list,
    "alerts-reraise": alerts_reraise,
    "retention": retention,
    "attendance-reports": attendance_reports,
}

#: Local times the fixed daily jobs are due (register-close and chase-escalation follow the register close).
FIXED_TIMES = {
    "missing-contacts": CONTACTS_AT,
    "daily-escalation": DAILY_AT,
    "weekly-n-list": WEEKLY_AT,
    "retention": RETENTION_AT,
    "attendance-reports": REPORTS_AT,
}


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
        keys = queue(session, messages, now=now)
    log.info("%s %s at %s: queued %d message(s)", job, school_id, ctx.local.isoformat(timespec="minutes"), len(keys))
    return JobResult(job, school_id, ctx.local, True, keys)
