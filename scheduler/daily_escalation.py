"""The daily escalation: the school's attendance policy applied to every pupil, each task raised once, overdue ones again.

Rules (values from the school's policy, DESIGN §5; modules in `scheduler/escalation/`):
- runs of unexplained absence (an `N` or `O` mark and no parent report that
  gives a reason): safeguarding referral, teacher call, a letter home, the
  local authority after the policy's days without contact, the social worker;
- the policy's absence stages (e.g. week two of absence, more than 10 days);
- an `N` unresolved for `n_resolve_school_days` school days: staff reminder;
- this year's figures, with enough register data: national persistent (10% or
  more missed) and severe (50% or more) absence, the policy's thresholds,
  unauthorised days for the local authority, persistent lateness;
- the penalty-notice threshold in a rolling window, each time it is reached;
- illness missed or reported ahead reaching the policy's days;
- leavers and joiners: the local-authority returns.
Each task is posted to its owner's chat with Done / Not needed buttons.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import Session

from handlers.outbox import Outgoing
from scheduler.calendar import format_day
from scheduler.context import JobContext
from scheduler.escalation.figures import figure_tasks, lateness_tasks
from scheduler.escalation.illness import illness_tasks
from scheduler.escalation.marks import marks
from scheduler.escalation.penalty import penalty_tasks
from scheduler.escalation.roll import roll_change_tasks
from scheduler.escalation.runs import absence_stage_tasks, unexplained_run_tasks
from scheduler.policy_tasks import Task, overdue_posts, raise_tasks, task_posts
from store.models import Pupil
from store.schools import academic_year_start, non_school_days, school_days

DAILY_AT = dt.time(13, 0)


def _n_unresolved_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    limit = ctx.policy.n_resolve_school_days
    found = marks(session, ctx, ("N",), academic_year_start(ctx.today))
    if not found:
        return []
    first = min(day for _, day, _, _ in found)
    open_days = school_days(first, ctx.today, non_school_days(session, school_id=ctx.school.id, start=first, end=ctx.today))
    index = {day: i for i, day in enumerate(open_days)}
    tasks = {}
    for pid, day, _session, _code in found:
        waited = len(open_days) - 1 - index.get(day, len(open_days) - 1)
        if waited >= limit and pid in pupils:
            details = f"N for {format_day(day)} {day.year} unresolved after {waited} school days."
            tasks[(pid, day)] = Task(pupils[pid], "n_unresolved", details, f"n_unresolved:{pid}:{day.isoformat()}")
    return list(tasks.values())


def daily_escalation(session: Session, ctx: JobContext) -> list[Outgoing]:
    """Raise every policy task now due (once each), post each to its owner's chat, and post overdue ones again; from 13:00."""
    if ctx.local < ctx.at(DAILY_AT):
        return []
    pupils = {p.id: p for p in session.execute(select(Pupil).where(Pupil.school_id == ctx.school.id, Pupil.on_roll)).scalars()}
    rules = (
        unexplained_run_tasks, absence_stage_tasks, _n_unresolved_tasks, figure_tasks,
        lateness_tasks, penalty_tasks, illness_tasks,
    )
    tasks = [task for rule in rules for task in rule(session, ctx, pupils)]  # type: ignore[arg-type]
    tasks += roll_change_tasks(session, ctx)
    overdue = overdue_posts(session, ctx)
    raised = raise_tasks(session, ctx, tasks)
    return overdue + task_posts(session, ctx, raised)
