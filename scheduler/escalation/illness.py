"""The local authority's sickness return: a pupil who has missed, or is likely to miss, the policy's school days of illness.

Days missed are this school year's days with an `I` mark; days ahead are
school days after today that a parent's illness report (not cancelled, not
changed by staff to another code) already covers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlmodel import Session, select

from scheduler.calendar import school_days_after
from scheduler.context import JobContext
from scheduler.escalation.marks import marks, report_code
from scheduler.policy_tasks import Task
from store.models import AbsenceReport, Pupil
from store.schools import academic_year_start


def _days_ahead(session: Session, ctx: JobContext) -> dict[int, int]:
    stmt = select(AbsenceReport.pupil_id, AbsenceReport.first_day, AbsenceReport.last_day).where(
        AbsenceReport.school_id == ctx.school.id,
        AbsenceReport.status != "cancelled",
        AbsenceReport.intent == "absence",
        report_code() == "I",
        AbsenceReport.last_day > ctx.today,  # type: ignore[operator]
    )
    ahead: dict[int, int] = defaultdict(int)
    for pid, first, last in session.execute(stmt).all():
        start = max(first - dt.timedelta(days=1), ctx.today)
        ahead[pid] = max(ahead[pid], school_days_after(session, school_id=ctx.school.id, start=start, end=last))
    return ahead


def illness_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    limit = ctx.policy.illness_days_la_notification
    if not limit:
        return []
    missed: dict[int, set[dt.date]] = defaultdict(set)
    for pid, day, _session, _code in marks(session, ctx, ("I",), academic_year_start(ctx.today)):
        missed[pid].add(day)
    ahead = _days_ahead(session, ctx)
    year = academic_year_start(ctx.today).year
    tasks = []
    for pid in sorted(set(missed) | set(ahead)):
        gone, coming = len(missed.get(pid, ())), ahead.get(pid, 0)
        if gone + coming < limit or pid not in pupils:
            continue
        details = f"{gone} school days of illness this school year"
        details += f", and {coming} more reported ahead: likely to reach {limit}." if coming else f" (the policy's limit is {limit})."
        tasks.append(Task(pupils[pid], "illness_la", details, f"illness_la:{pid}:{year}", due_in_days=5))
    return tasks
