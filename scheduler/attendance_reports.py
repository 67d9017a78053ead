"""The `attendance-reports` job: each parent hears their child's attendance at the end of each half-term.

Runs on school days from 15:30; it sends only on the last school day before
a break of at least a week (half-term, Christmas, Easter, summer), or of two
weeks for a `termly` cadence. "This half-term" runs from the first school day
after the previous such break. Idempotent per pupil, contact and day.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import Session

from handlers.attendance_report import report_messages
from handlers.outbox import Outgoing
from scheduler.context import JobContext
from store.models import Pupil
from store.schools import academic_year_start, is_school_day, non_school_days

REPORTS_AT = dt.time(15, 30)
BREAK_DAYS = {"half-termly": 7, "termly": 14}
LOOK_AHEAD_DAYS = 60


def attendance_reports(session: Session, ctx: JobContext) -> list[Outgoing]:
    cadence = ctx.policy.attendance_report_cadence
    if cadence == "off" or ctx.local < ctx.at(REPORTS_AT):
        return []
    today = ctx.today
    year_start = academic_year_start(today)
    closed = non_school_days(session, school_id=ctx.school.id, start=year_start, end=today + dt.timedelta(days=LOOK_AHEAD_DAYS))
    if not is_school_day(today, closed) or _gap_after(today, closed) < BREAK_DAYS[cadence]:
        return []
    pupils = list(session.execute(select(Pupil).where(Pupil.school_id == ctx.school.id, Pupil.on_roll)).scalars())
    return report_messages(session, ctx.school, pupils, term_start=_period_start(today, closed, year_start), today=today,
                           key=today.isoformat())


def _next_school_day(day: dt.date, closed: set[dt.date]) -> dt.date:
    nxt = day + dt.timedelta(days=1)
    for _ in range(LOOK_AHEAD_DAYS):
        if is_school_day(nxt, closed):
            return nxt
        nxt += dt.timedelta(days=1)
    return nxt


def _gap_after(day: dt.date, closed: set[dt.date]) -> int:
    """Calendar days from `day` to the next school day (3 over a weekend, 9 or more over half-term)."""
    return (_next_school_day(day, closed) - day).days


def _period_start(today: dt.date, closed: set[dt.date], year_start: dt.date) -> dt.date:
    """The first school day after the last break of a week or more before `today` (else the year's start)."""
    day, last_school = today, today
    while day > year_start:
        day -= dt.timedelta(days=1)
        if is_school_day(day, closed):
            if (last_school - day).days >= BREAK_DAYS["half-termly"]:
                return last_school
            last_school = day
    return year_start
