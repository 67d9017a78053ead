"""Mark queries the escalation rules share: one school's on-roll pupils, a code set, a date range."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlmodel import Session

from scheduler.context import JobContext
from store.models import AbsenceReport, AttendanceMark, Pupil

#: Codes that mean "absent, reason not known": N pending, O unauthorised.
UNEXPLAINED = ("N", "O")

Mark = tuple[int, dt.date, str, str]


def marks(session: Session, ctx: JobContext, codes: tuple[str, ...] | None, start: dt.date, end: dt.date | None = None) -> list[Mark]:
    """(pupil id, date, session, code) of on-roll pupils' marks from `start` to today (or `end`), optionally of some codes."""
    stmt = (
        select(AttendanceMark.pupil_id, AttendanceMark.date, AttendanceMark.session, AttendanceMark.code)
        .join(Pupil, Pupil.id == AttendanceMark.pupil_id)
        .where(Pupil.school_id == ctx.school.id, Pupil.on_roll, AttendanceMark.date >= start, AttendanceMark.date <= (end or ctx.today))
    )
    if codes is not None:
        stmt = stmt.where(AttendanceMark.code.in_(codes))  # type: ignore[attr-defined]
    return [tuple(r) for r in session.execute(stmt).all()]  # type: ignore[misc]


def code_counts(session: Session, ctx: JobContext, start: dt.date) -> dict[int, dict[str, int]]:
    """Per on-roll pupil, how many sessions carry each code from `start` to today (one GROUP BY)."""
    stmt = (
        select(AttendanceMark.pupil_id, AttendanceMark.code, func.count())
        .join(Pupil, Pupil.id == AttendanceMark.pupil_id)
        .where(Pupil.school_id == ctx.school.id, Pupil.on_roll, AttendanceMark.date >= start, AttendanceMark.date <= ctx.today)
        .group_by(AttendanceMark.pupil_id, AttendanceMark.code)
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, code, n in session.execute(stmt).all():
        counts[pid][code] = n
    return counts


def report_code() -> object:
    """A report's code: the staff's decision, else the proposal, else N."""
    return func.coalesce(AbsenceReport.reviewed_code, AbsenceReport.proposed_code, "N")


def explained_spans(session: Session, ctx: JobContext, start: dt.date) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Spans covered by a parent report that gives a reason: its code (the staff's, else the proposal) is not `N`."""
    stmt = select(AbsenceReport.pupil_id, AbsenceReport.first_day, AbsenceReport.last_day).where(
        AbsenceReport.school_id == ctx.school.id,
        AbsenceReport.status != "cancelled",
        AbsenceReport.intent == "absence",
        report_code().not_in(UNEXPLAINED),  # type: ignore[attr-defined]
        AbsenceReport.first_day <= ctx.today,
        or_(AbsenceReport.last_day.is_(None), AbsenceReport.last_day >= start),  # type: ignore[union-attr,operator]
    )
    spans: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for pid, first, last in session.execute(stmt).all():
        spans[pid].append((first, last or first))
    return spans


def run_length(days: list[dt.date], marked: set[dt.date]) -> int:
    """How many of the last school days (oldest first), up to today, are all in `marked`."""
    run = 0
    while run < len(days) and days[-1 - run] in marked:
        run += 1
    return run
