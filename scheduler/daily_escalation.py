"""The daily escalation: the school's attendance policy applied to every pupil on roll, each task raised once.

Rules (values from the school's policy, DESIGN §5):
- consecutive school days of unexplained absence (a day with an `N` or `O`
  mark and no parent report that gives a reason: "won't be in today", with no
  reason, explains nothing): referral to the safeguarding team, a teacher
  call on the policy's day, the local authority told after N days without contact;
- an `N` unresolved for `n_resolve_school_days` school days: staff reminder
  (it will be treated as `O`);
- attendance this academic year below a threshold (after at least
  `MIN_SESSIONS_FOR_THRESHOLDS` possible sessions): the policy's action;
- `penalty_notice_sessions` unauthorised sessions (G, O, U, and `N` past its
  resolution limit) in the last `penalty_notice_weeks` school weeks;
- `illness_days_la_notification` days of illness this academic year.
Referrals and local-authority tasks go to the safeguarding chat; the rest to staff.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session

from handlers.outbox import Outgoing
from scheduler.calendar import format_day, school_days_back
from scheduler.context import JobContext
from scheduler.policy_tasks import Task, raise_tasks, task_digests
from store.codes import CODES, PENALTY_CODES
from store.models import AbsenceReport, AttendanceMark, Pupil
from store.schools import academic_year_start, non_school_days, school_days

DAILY_AT = dt.time(13, 0)
MIN_SESSIONS_FOR_THRESHOLDS = 20
UNEXPLAINED = ("N", "O")


def _marks(session: Session, ctx: JobContext, codes: tuple[str, ...], start: dt.date) -> list[tuple[int, dt.date, str]]:
    stmt = (
        select(AttendanceMark.pupil_id, AttendanceMark.date, AttendanceMark.code)
        .join(Pupil, Pupil.id == AttendanceMark.pupil_id)
        .where(
            Pupil.school_id == ctx.school.id,
            Pupil.on_roll,
            AttendanceMark.code.in_(codes),  # type: ignore[attr-defined]
            AttendanceMark.date >= start,
            AttendanceMark.date <= ctx.today,
        )
    )
    return [tuple(r) for r in session.execute(stmt).all()]  # type: ignore[misc]


def _explained_days(session: Session, ctx: JobContext, start: dt.date) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Spans covered by a parent report that gives a reason: its code (the staff's, else the proposal) is not `N`."""
    code = func.coalesce(AbsenceReport.reviewed_code, AbsenceReport.proposed_code, "N")
    stmt = select(AbsenceReport.pupil_id, AbsenceReport.first_day, AbsenceReport.last_day).where(
        AbsenceReport.school_id == ctx.school.id,
        AbsenceReport.status != "cancelled",
        AbsenceReport.intent == "absence",
        code.not_in(UNEXPLAINED),
        AbsenceReport.first_day <= ctx.today,
        or_(AbsenceReport.last_day.is_(None), AbsenceReport.last_day >= start),  # type: ignore[union-attr,operator]
    )
    spans: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for pid, first, last in session.execute(stmt).all():
        spans[pid].append((first, last or first))
    return spans


def _unexplained_run_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    p = ctx.policy
    longest = max(p.unexplained_days_referral, p.teacher_call_day, p.la_notification_days_without_contact)
    days = school_days_back(session, school_id=ctx.school.id, end=ctx.today, count=longest)
    if not days or days[-1] != ctx.today:
        return []
    reported = _explained_days(session, ctx, days[0])
    unexplained: dict[int, set[dt.date]] = defaultdict(set)
    for pid, day, _code in _marks(session, ctx, UNEXPLAINED, days[0]):
        if not any(a <= day <= b for a, b in reported.get(pid, [])):
            unexplained[pid].add(day)
    rules = (
        ("referral", p.unexplained_days_referral, "safeguarding"),
        ("teacher_call", p.teacher_call_day, "staff"),
        ("la_no_contact", p.la_notification_days_without_contact, "safeguarding"),
    )
    tasks = []
    for pid, marked in unexplained.items():
        run = 0
        while run < len(days) and days[-1 - run] in marked:
            run += 1
        if run == 0 or pid not in pupils:
            continue
        start = days[-run]
        for kind, limit, audience in rules:
            if limit and run >= limit:
                details = f"{run} school days in a row absent without a reason (since {format_day(start)})."
                tasks.append(Task(pupils[pid], kind, audience, details, f"{kind}:{pid}:{start.isoformat()}"))  # type: ignore[arg-type]
    return tasks


def _n_unresolved_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    limit = ctx.policy.n_resolve_school_days
    marks = _marks(session, ctx, ("N",), academic_year_start(ctx.today))
    if not marks:
        return []
    first = min(day for _, day, _ in marks)
    open_days = school_days(first, ctx.today, non_school_days(session, school_id=ctx.school.id, start=first, end=ctx.today))
    index = {day: i for i, day in enumerate(open_days)}
    tasks = {}
    for pid, day, _code in marks:
        waited = len(open_days) - 1 - index.get(day, len(open_days) - 1)
        if waited >= limit and pid in pupils:
            details = f"N for {format_day(day)} {day.year} unresolved after {waited} school days."
            tasks[(pid, day)] = Task(pupils[pid], "n_unresolved", "staff", details, f"n_unresolved:{pid}:{day.isoformat()}")
    return list(tasks.values())


def _year_counts(session: Session, ctx: JobContext) -> dict[int, dict[str, int]]:
    stmt = (
        select(AttendanceMark.pupil_id, AttendanceMark.code, func.count())
        .join(Pupil, Pupil.id == AttendanceMark.pupil_id)
        .where(
            Pupil.school_id == ctx.school.id,
            Pupil.on_roll,
            and_(AttendanceMark.date >= academic_year_start(ctx.today), AttendanceMark.date <= ctx.today),
        )
        .group_by(AttendanceMark.pupil_id, AttendanceMark.code)
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, code, n in session.execute(stmt).all():
        counts[pid][code] = n
    return counts


def _threshold_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    if not ctx.policy.thresholds:
        return []
    year = academic_year_start(ctx.today).year
    tasks = []
    for pid, counts in _year_counts(session, ctx).items():
        possible = sum(n for c, n in counts.items() if c in CODES and CODES[c].possible)
        attended = sum(n for c, n in counts.items() if c in CODES and CODES[c].attended)
        if possible < MIN_SESSIONS_FOR_THRESHOLDS or pid not in pupils:
            continue
        rate = 100.0 * attended / possible
        for threshold in ctx.policy.thresholds:
            if rate < threshold.below:
                details = f"{rate:.1f}% this year (below {threshold.below:g}%): {threshold.action}."
                key = f"threshold:{pid}:{year}:{threshold.below:g}"
                tasks.append(Task(pupils[pid], "threshold", "staff", details, key))
    return tasks


def _penalty_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    p = ctx.policy
    window = school_days_back(session, school_id=ctx.school.id, end=ctx.today, count=p.penalty_notice_weeks * 5)
    if not window:
        return []
    n_counts_before = window[-p.n_resolve_school_days] if len(window) >= p.n_resolve_school_days else window[0]
    sessions: dict[int, int] = defaultdict(int)
    for pid, day, code in _marks(session, ctx, (*sorted(PENALTY_CODES), "N"), window[0]):
        if code != "N" or day < n_counts_before:
            sessions[pid] += 1
    year = academic_year_start(ctx.today).year
    return [
        Task(
            pupils[pid],
            "penalty",
            "staff",
            f"{n} unauthorised sessions (G, O, U, unresolved N) in the last {p.penalty_notice_weeks} school weeks.",
            f"penalty:{pid}:{year}",
        )
        for pid, n in sessions.items()
        if n >= p.penalty_notice_sessions and pid in pupils
    ]


def _illness_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    limit = ctx.policy.illness_days_la_notification
    if not limit:
        return []
    days: dict[int, set[dt.date]] = defaultdict(set)
    for pid, day, _code in _marks(session, ctx, ("I",), academic_year_start(ctx.today)):
        days[pid].add(day)
    year = academic_year_start(ctx.today).year
    return [
        Task(pupils[pid], "illness_la", "safeguarding", f"{len(d)} days of illness this school year.", f"illness_la:{pid}:{year}")
        for pid, d in days.items()
        if len(d) >= limit and pid in pupils
    ]


def daily_escalation(session: Session, ctx: JobContext) -> list[Outgoing]:
    """Raise every policy task now due (once each) and send them as digests, from 13:00 on school days."""
    if ctx.local < ctx.at(DAILY_AT):
        return []
    pupils = {p.id: p for p in session.execute(select(Pupil).where(Pupil.school_id == ctx.school.id, Pupil.on_roll)).scalars()}
    tasks = (
        _unexplained_run_tasks(session, ctx, pupils)  # type: ignore[arg-type]
        + _n_unresolved_tasks(session, ctx, pupils)  # type: ignore[arg-type]
        + _threshold_tasks(session, ctx, pupils)  # type: ignore[arg-type]
        + _penalty_tasks(session, ctx, pupils)  # type: ignore[arg-type]
        + _illness_tasks(session, ctx, pupils)  # type: ignore[arg-type]
    )
    raised = raise_tasks(session, ctx, tasks)
    return task_digests(session, ctx, raised, ctx.today)
