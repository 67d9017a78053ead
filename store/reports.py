"""Absence reports as the register sees them: which sessions a report covers, and the open report for a day.

A report covers its school days from `first_day` to `last_day` (only the first
day when no return date was given); its `sessions` (AM, PM or ALL) apply to
the first day, every later day is whole. One report per pupil, intent and
day: a repeat or a follow-up is merged into the report already covering it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import Session

from store.models import AbsenceReport, AttendanceMark
from store.schools import non_school_days, school_days

SessionKey = tuple[dt.date, str]


def session_names(day_index: int, sessions: str | None) -> list[str]:
    """The sessions of the n-th day of a report: its own sessions on the first day, the whole day after."""
    s = sessions if day_index == 0 else "ALL"
    return {"AM": ["AM"], "PM": ["PM"]}.get(s or "ALL", ["AM", "PM"])


def covered_days(session: Session, report: AbsenceReport) -> list[dt.date]:
    """The school days a report covers."""
    last = report.last_day or report.first_day
    closed = non_school_days(session, school_id=report.school_id, start=report.first_day, end=max(last, report.first_day))
    return school_days(report.first_day, max(last, report.first_day), closed)


def covered_sessions(session: Session, report: AbsenceReport) -> list[SessionKey]:
    """Every (date, session) the report covers: an absence its days and sessions; a late arrival that morning;
    a leave request none until the school decides it, then its days (approved: marked now; refused: `G` when the
    register shows the child absent without a reason)."""
    if report.intent == "late":
        return [(day, "AM") for day in covered_days(session, report)[:1]]
    if report.intent == "leave_request" and not report.reviewed_code:
        return []
    if report.intent not in ("absence", "leave_request"):
        return []
    return [(day, sess) for i, day in enumerate(covered_days(session, report)) for sess in session_names(i, report.sessions)]


def report_covers(report: AbsenceReport, day: dt.date) -> bool:
    return report.first_day <= day <= (report.last_day or report.first_day)


def open_report(session: Session, *, pupil_id: int, intent: str, days: Sequence[dt.date]) -> AbsenceReport | None:
    """The pupil's report of this intent (not cancelled) covering any of `days`, oldest first."""
    if not days:
        return None
    stmt = (
        select(AbsenceReport)
        .where(
            AbsenceReport.pupil_id == pupil_id, AbsenceReport.intent == intent,
            AbsenceReport.status != "cancelled", AbsenceReport.first_day <= max(days),
        )
        .order_by(AbsenceReport.id)
    )
    for report in session.execute(stmt).scalars():
        if any(report_covers(report, day) for day in days):
            return report
    return None


def marks_of_report(session: Session, report_id: int) -> list[AttendanceMark]:
    """The marks attached to a report, by date and session."""
    stmt = select(AttendanceMark).where(AttendanceMark.report_id == report_id).order_by(AttendanceMark.date, AttendanceMark.session)
    return list(session.execute(stmt).scalars())
