"""The /today board: per session, who is reported and confirmed, reported and pending, absent
without a reason, being chased, and late."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

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


@dataclass(frozen=True)
class BoardEntry:
    """One line of the board: a pupil (MIS id, name, group) and the mark's code, or a note."""

    pupil_id: str
    name: str
    group: str
    code: str | None
    note: str | None = None


Board = dict[str, dict[str, list[BoardEntry]]]


def board(session: Session, *, school: SchoolSettings, day: dt.date) -> Board:
    """The day's board as plain data: for AM and PM, each section's pupils (by last name)."""
    stmt = (
        select(AttendanceMark, Pupil)
        .join(Pupil, Pupil.id == AttendanceMark.pupil_id)
        .where(Pupil.school_id == school.id, AttendanceMark.date == day)
        .order_by(Pupil.last_name, Pupil.first_name)
    )
    chased = _being_chased(session, school.id, day)
    found: Board = {sess: {key: [] for key, _ in SECTIONS} for sess in ("AM", "PM")}
    for mark, pupil in session.execute(stmt).all():
        section = classify(mark, pupil.id in chased)
        if section is not None:
            found[mark.session][section].append(_entry(pupil, mark.code))
    shown = {e.pupil_id for e in found["AM"]["late"]}
    found["AM"]["late"] += [e for e in _late_reports(session, school.id, day) if e.pupil_id not in shown]
    return found


def board_texts(session: Session, *, school: SchoolSettings, day: dt.date) -> list[str]:
    """The board as HTML messages (split to fit Telegram's message size)."""
    found = board(session, school=school, day=day)
    header = f"<b>Today — {html.escape(school.name)}, {day:%a} {day.day} {day:%b}</b>"
    lines: list[str] = []
    for sess, label in (("AM", "Morning"), ("PM", "Afternoon")):
        lines.append(f"\n<b>{label} ({sess})</b>")
        for key, title in SECTIONS:
            entries = found[sess][key]
            lines.append(f"<u>{title}</u> ({len(entries)})" + (":" if entries else ""))
            lines += [f"  • {_line(e)}" for e in entries]
    return split_lines(header, lines)


def _entry(pupil: Pupil, code: str | None, note: str | None = None) -> BoardEntry:
    return BoardEntry(pupil.mis_id, f"{pupil.first_name} {pupil.last_name}", pupil.reg_group or pupil.year_group, code, note)


def _line(entry: BoardEntry) -> str:
    text = html.escape(f"{entry.name} ({entry.group})")
    if entry.code:
        text += f" <b>{html.escape(entry.code)}</b>"
    if entry.note:
        text += f" <i>({html.escape(entry.note)})</i>"
    return text


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


def _late_reports(session: Session, school_id: str, day: dt.date) -> list[BoardEntry]:
    """Parents' "running late" reports for the day."""
    stmt = (
        select(AbsenceReport, Pupil)
        .join(Pupil, Pupil.id == AbsenceReport.pupil_id)
        .where(AbsenceReport.school_id == school_id, AbsenceReport.intent == "late", AbsenceReport.first_day == day)
    )
    return [_entry(pupil, None, "parent says running late") for _report, pupil in session.execute(stmt).all()]
