"""The national penalty-notice threshold: 10 unauthorised sessions in a rolling 10 school weeks, every time.

Sessions counted are G, O and U, and N once past its resolution limit
(it becomes O). Each time the count since the last penalty task (or the
window's start) reaches the threshold, a task is raised: the first in 12
school weeks is the notice-to-improve step, a second within them the
penalty notice itself. Closing the task with a note is the record of the
notice issued.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlmodel import Session

from scheduler.calendar import school_days_back
from scheduler.context import JobContext
from scheduler.escalation.marks import marks
from scheduler.policy_tasks import Task
from store.codes import PENALTY_CODES
from store.models import PolicyTask, Pupil

IMPROVE_WEEKS = 12


def _last_penalty(session: Session, ctx: JobContext, since: dt.date) -> dict[int, dt.date]:
    stmt = (
        select(PolicyTask.pupil_id, func.max(PolicyTask.raised_on))
        .where(PolicyTask.school_id == ctx.school.id, PolicyTask.kind == "penalty", PolicyTask.raised_on >= since)  # type: ignore[operator]
        .group_by(PolicyTask.pupil_id)
    )
    return {pid: day for pid, day in session.execute(stmt).all() if pid is not None and day is not None}


def penalty_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    p = ctx.policy
    window = school_days_back(session, school_id=ctx.school.id, end=ctx.today, count=p.penalty_notice_weeks * 5)
    if not window:
        return []
    improve = school_days_back(session, school_id=ctx.school.id, end=ctx.today, count=IMPROVE_WEEKS * 5)
    last = _last_penalty(session, ctx, min(window[0], improve[0]))
    n_counts_before = window[-p.n_resolve_school_days] if len(window) >= p.n_resolve_school_days else window[0]
    sessions: dict[int, int] = defaultdict(int)
    for pid, day, _session, code in marks(session, ctx, (*sorted(PENALTY_CODES), "N"), window[0]):
        if pid in last and day <= last[pid]:
            continue
        if code != "N" or day < n_counts_before:
            sessions[pid] += 1
    tasks = []
    for pid, n in sessions.items():
        if n < p.penalty_notice_sessions or pid not in pupils:
            continue
        counted = f"{n} unauthorised sessions (G, O, U, unresolved N) in the last {p.penalty_notice_weeks} school weeks"
        if pid in last and last[pid] >= improve[0]:
            title = "Penalty notice: threshold reached again after a notice to improve"
            details = f"{counted}, again within {IMPROVE_WEEKS} school weeks of the last notice. Consider a penalty notice; record it when issued."
        else:
            title = "Penalty notice threshold: consider a notice to improve"
            details = f"{counted}. The national framework asks the school to consider a notice to improve first; record it when issued."
        tasks.append(Task(pupils[pid], "penalty", details, f"penalty:{pid}:{ctx.today.isoformat()}", due_in_days=7, title=title))
    return tasks
