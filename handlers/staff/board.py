"""The /today board: per session, who is reported and confirmed, reported and pending, absent
without a reason, being chased, and late."""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict

from sqlalchemy import select
from sqlmodel import Session

from handlers.staff.digest import split_lines
from store.codes import CODES
from store.models import AbsenceReport, AttendanceMark, ChaseAttempt, Pupil
from store.settings import SchoolSettings

SECTIONS = (
    ("confirmed", "Reported and confirmed"),
    ("pending", "Reported, awaiting review"),
    ("no_reason", "Absent without a reason"),
    ("chased", "Being chased"),
    ("late", "Late"),
)
LATE_CODES = frozenset({"L", "U"})


def classify(mark: AttendanceMark, chased: bool) -> str | None:
    """Which board section a mark belongs in (None: present or otherwise not on the board)."""
    code = CODES.get(mark.code)
    if mark.code in LATE_CODES:
        return "late"
    if code is None or not code.absent:
        return None
    if mark.code == "N":
        return "chased" if chased else ("pending" if mark.report_id and mark.status == "provisional" else "no_reason")
    if mark.status == "provisional":
        return "pending"
    return "confirmed"


def board_texts(session: Session, *, school: SchoolSettings, day: dt.date) -> list[str]:
    """The board as HTML messages (split to fit Telegram's message size)."""
    stmt = (
        select(AttendanceMark, Pupil)
        .join(Pupil, Pupil.id == AttendanceMark.pupil_id)
        .where(Pupil.school_id == school.id, AttendanceMark.date == day)
        .order_by(Pupil.last_name, Pupil.first_name)
    )
    chased = _being_chased(session, school.id, day)
    board: dict[str, dict[str, list[str]]] = {"AM": defaultdict(list), "PM": defaultdict(list)}
    for mark, pupil in session.execute(stmt).all():
        section = classify(mark, pupil.id in chased)
        if section is not None:
            board[mark.session][section].append(f"{_name(pupil)} <b>{html.escape(mark.code)}</b>")
    board["AM"]["late"] += _late_reports(session, school.id, day, already=board["AM"]["late"])
    header = f"<b>Today — {html.escape(school.name)}, {day:%a} {day.day} {day:%b}</b>"
    lines: list[str] = []
    for sess, label in (("AM", "Morning"), ("PM", "Afternoon")):
        lines.append(f"\n<b>{label} ({sess})</b>")
        for key, title in SECTIONS:
            names = board[sess][key]
            lines.append(f"<u>{title}</u> ({len(names)})" + (":" if names else ""))
            lines += [f"  • {n}" for n in names]
    return split_lines(header, lines)


def _name(pupil: Pupil) -> str:
    return html.escape(f"{pupil.first_name} {pupil.last_name} ({pupil.reg_group or pupil.year_group})")


def _being_chased(session: Session, school_id: str, day: dt.date) -> set[int]:
    """Pupils whose latest chase step today is still waiting for an answer."""
    stmt = (
        select(ChaseAttempt)
        .where(ChaseAttempt.school_id == school_id, ChaseAttempt.date == day)
        .order_by(ChaseAttempt.pupil_id, ChaseAttempt.step)
    )
    latest: dict[int, str] = {}
    for attempt in session.execute(stmt).scalars():
        latest[attempt.pupil_id] = attempt.outcome
    return {pid for pid, outcome in latest.items() if outcome != "answered"}


def _late_reports(session: Session, school_id: str, day: dt.date, *, already: list[str]) -> list[str]:
    """Parents' "running late" reports for today not yet shown by a late mark."""
    stmt = (
        select(AbsenceReport, Pupil)
        .join(Pupil, Pupil.id == AbsenceReport.pupil_id)
        .where(AbsenceReport.school_id == school_id, AbsenceReport.intent == "late", AbsenceReport.first_day == day)
    )
    shown = " ".join(already)
    lines = []
    for _report, pupil in session.execute(stmt).all():
        name = _name(pupil)
        if name not in shown:
            lines.append(f"{name} <i>(parent says running late)</i>")
    return lines
