"""APScheduler wiring (the only module that imports apscheduler): triggers per school, one scheduling process.

Each school's jobs fire on cron triggers in the school's time zone (DST
handled by the trigger), Monday to Friday; the job itself checks the
calendar for holidays, closures and INSET days and its due time. Nothing is
scheduled between 01:00 and 02:00 local time. The job store is in memory and
never shared: state lives in the database, and every job is idempotent, so
at start (and when this process takes over the lease) every job runs once
to catch up on whatever was missed during downtime. Only the process holding
the `SchedulerLease` runs jobs; what they queue is sent by the sender loop.
"""

from __future__ import annotations

import datetime as dt
import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.engine import Engine

from scheduler.jobs import FIXED_TIMES, run_job_at
from scheduler.leader import SchedulerLease
from store.settings import SchoolSettings, Settings

log = logging.getLogger(__name__)

#: Order of the catch-up run: digests and sweeps before escalations that read them.
CATCH_UP_ORDER = (
    "missing-contacts", "weekly-n-list", "register-close", "pm-register-close", "chase-escalation", "daily-escalation", "alerts-reraise", "retention",
    "attendance-reports",
)
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 15 * 60}
SWEEP_UNTIL_HOUR = 12
PM_SWEEP_UNTIL_HOUR = 16
CHASE_HOURS = "7-19"
QUIET_HOUR = 1


def chase_every_minutes(school: SchoolSettings) -> int:
    """How often chase-escalation looks for expired waits: a tenth of the wait, 1 to 5 minutes."""
    return max(1, min(5, school.resolved_policy().chase_interval_minutes // 10))


def triggers_for(school: SchoolSettings) -> list[tuple[str, CronTrigger]]:
    """The (job, trigger) pairs for one school, in its local time."""
    tz, policy = school.tz, school.resolved_policy()
    close, pm_close = policy.register_closes, policy.pm_register_closes
    for name, value in (("register close", close), ("afternoon register close", pm_close)):
        if value.hour == QUIET_HOUR:
            raise ValueError(f"school {school.id}: {name} {value:%H:%M} falls in 01:00-02:00, where clock changes repeat or skip time")
    weekdays = "mon-fri"
    pairs = [
        ("register-close", CronTrigger(day_of_week=weekdays, hour=close.hour, minute=close.minute, timezone=tz)),
        ("register-close", CronTrigger(day_of_week=weekdays, hour=f"{close.hour}-{max(close.hour, SWEEP_UNTIL_HOUR - 1)}", minute="*/15", timezone=tz)),
        ("pm-register-close", CronTrigger(day_of_week=weekdays, hour=pm_close.hour, minute=pm_close.minute, timezone=tz)),
        ("pm-register-close", CronTrigger(day_of_week=weekdays, hour=f"{pm_close.hour}-{max(pm_close.hour, PM_SWEEP_UNTIL_HOUR - 1)}", minute="*/15", timezone=tz)),
        ("chase-escalation", CronTrigger(day_of_week=weekdays, hour=CHASE_HOURS, minute=f"*/{chase_every_minutes(school)}", timezone=tz)),
        ("alerts-reraise", CronTrigger(day_of_week=weekdays, hour=CHASE_HOURS, minute="*/5", timezone=tz)),
    ]
    for job, at in FIXED_TIMES.items():
        pairs.append((job, CronTrigger(day_of_week=weekdays, hour=at.hour, minute=at.minute, timezone=tz)))
    return pairs


class JobRunner:
    """Runs a job for a school at the current time if this process holds the lease."""

    def __init__(self, settings: Settings, engine: Engine, lease: SchedulerLease):
        self.settings, self.engine, self.lease = settings, engine, lease

    def run(self, job: str, school_id: str) -> None:
        held, newly = self.lease.check()
        if not held:
            return
        if newly:
            self.catch_up()
            return
        self._run(job, school_id, dt.datetime.now(dt.timezone.utc))

    def catch_up(self) -> None:
        """Run every job of every school once, as at now (idempotent: only what was missed happens)."""
        if not self.lease.check()[0]:
            return
        now = dt.datetime.now(dt.timezone.utc)
        for school in self.settings.schools:
            for job in CATCH_UP_ORDER:
                self._run(job, school.id, now)

    def _run(self, job: str, school_id: str, now: dt.datetime) -> None:
        try:
            run_job_at(self.engine, self.settings, job=job, school_id=school_id, now=now)
        except Exception:
            log.exception("scheduled job %s for %s failed; it will run again at its next trigger", job, school_id)


def build_scheduler(settings: Settings, engine: Engine, *, lease: SchedulerLease | None = None) -> AsyncIOScheduler:
    """An AsyncIOScheduler (not started) with every school's triggers and a catch-up run at start."""
    runner = JobRunner(settings, engine, lease or SchedulerLease(engine))
    scheduler = AsyncIOScheduler(timezone=dt.timezone.utc, job_defaults=JOB_DEFAULTS)
    for school in settings.schools:
        for n, (job, trigger) in enumerate(triggers_for(school)):
            scheduler.add_job(runner.run, trigger, args=[job, school.id], id=f"{school.id}:{job}:{n}", name=f"{job} {school.id}")
    scheduler.add_job(runner.catch_up, id="catch-up", name="catch up after start")
    return scheduler
