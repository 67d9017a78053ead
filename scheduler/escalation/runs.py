"""Runs of absence up to today: unexplained days (referral, teacher call, letter, LA) and the policy's absence stages.

A day is unexplained when it has an `N` or `O` mark and no parent report that
gives a reason covers it ("won't be in today", with no reason, explains
nothing). The first day of an unexplained run of a pupil with a social
worker (or looked after) raises a task to tell the social worker.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlmodel import Session

from scheduler.calendar import format_day, school_days_back
from scheduler.context import JobContext
from scheduler.escalation.marks import UNEXPLAINED, explained_spans, marks, run_length
from scheduler.policy_tasks import Task
from store.codes import CODES
from store.models import Pupil
from store.schools import academic_year_start, non_school_days, school_days

#: Codes of a session missed (possible and not attended): what the absence stages count.
ABSENCE_CODES = tuple(sorted(c for c, info in CODES.items() if info.possible and not info.attended))


def unexplained_run_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    p = ctx.policy
    rules = (
        ("referral", p.unexplained_days_referral, None),
        ("teacher_call", p.teacher_call_day, None),
        ("letter", p.no_contact_letter_day, "No contact: letter home, and consider a home visit"),
        ("la_no_contact", p.la_notification_days_without_contact, None),
    )
    longest = max(limit for _, limit, _ in rules)
    days = school_days_back(session, school_id=ctx.school.id, end=ctx.today, count=max(longest, 1))
    if not days or days[-1] != ctx.today:
        return []
    reported = explained_spans(session, ctx, days[0])
    unexplained: dict[int, set[dt.date]] = defaultdict(set)
    for pid, day, _session, _code in marks(session, ctx, UNEXPLAINED, days[0]):
        if not any(a <= day <= b for a, b in reported.get(pid, [])):
            unexplained[pid].add(day)
    tasks = []
    for pid, marked in unexplained.items():
        run = run_length(days, marked)
        if run == 0 or pid not in pupils:
            continue
        pupil, start = pupils[pid], days[-run]
        details = f"{run} school day{'s' if run > 1 else ''} in a row absent without a reason (since {format_day(start)})."
        for kind, limit, title in rules:
            if limit and run >= limit:
                tasks.append(Task(pupil, kind, details, f"{kind}:{pid}:{start.isoformat()}", title=title))
        if pupil.social_worker or pupil.looked_after:
            sw = f"{details} Tell the pupil's social worker (or virtual school) of the unexplained absence."
            tasks.append(Task(pupil, "social_worker", sw, f"social_worker:{pid}:{start.isoformat()}"))
    return tasks


def absence_stage_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    """The policy's stages by days of absence: in a row up to today, or this school year."""
    stages = ctx.policy.absence_stages
    if not stages:
        return []
    year = academic_year_start(ctx.today)
    open_days = school_days(year, ctx.today, non_school_days(session, school_id=ctx.school.id, start=year, end=ctx.today))
    if not open_days or open_days[-1] != ctx.today:
        return []
    absent: dict[int, set[dt.date]] = defaultdict(set)
    for pid, day, _session, _code in marks(session, ctx, ABSENCE_CODES, year):
        absent[pid].add(day)
    tasks = []
    for pid, days in absent.items():
        if pid not in pupils:
            continue
        run = run_length(open_days, days)
        for stage in stages:
            count = run if stage.consecutive else len(days)
            if count < stage.days:
                continue
            if stage.consecutive:
                start = open_days[-run]
                details = f"{run} school days in a row absent (since {format_day(start)}): {stage.action}."
                key = f"stage:{pid}:{start.isoformat()}:{stage.days}c"
            else:
                details = f"{count} school days with an absence this school year: {stage.action}."
                key = f"stage:{pid}:{year.year}:{stage.days}"
            tasks.append(Task(pupils[pid], "threshold", details, key, due_in_days=7, title=stage.action))
    return tasks
