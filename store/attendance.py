"""Attendance figures computed from marks: possible sessions, rate, persistent and severe absence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from store.codes import CODES, NO_MARK, PENALTY_CODES, Category
from store.models import AttendanceBaseline, AttendanceMark, Pupil

PERSISTENT_ABSENCE = 0.10
SEVERE_ABSENCE = 0.50


@dataclass(frozen=True)
class AttendanceSummary:
    possible: int
    attended: int
    authorised: int
    unauthorised: int

    @property
    def missed(self) -> int:
        return self.authorised + self.unauthorised

    @property
    def rate(self) -> float | None:
        """Attendance as a percentage of possible sessions (None when nothing was possible)."""
        return None if self.possible == 0 else 100.0 * self.attended / self.possible

    @property
    def absence_rate(self) -> float | None:
        return None if self.possible == 0 else 100.0 * self.missed / self.possible

    @property
    def persistent(self) -> bool:
        """Missed 10% or more of possible sessions."""
        return self.possible > 0 and self.missed >= PERSISTENT_ABSENCE * self.possible

    @property
    def severe(self) -> bool:
        """Missed 50% or more of possible sessions."""
        return self.possible > 0 and self.missed >= SEVERE_ABSENCE * self.possible


def plus(a: AttendanceSummary, b: AttendanceSummary) -> AttendanceSummary:
    return AttendanceSummary(a.possible + b.possible, a.attended + b.attended, a.authorised + b.authorised, a.unauthorised + b.unauthorised)


def baseline_summary(row: AttendanceBaseline) -> AttendanceSummary:
    return AttendanceSummary(row.possible, row.present, row.authorised, row.unauthorised)


def usable_baselines(session: Session, *, pupil_ids: list[int], start: dt.date, end: dt.date) -> dict[int, AttendanceBaseline]:
    """MIS summaries that fit a period: they cover its school year from the start, up to a day inside it.

    A summary counts from 1 September to `as_of`, so it is used when the period starts on or before
    1 September of that year and `as_of` falls in the period; marks are then added only after `as_of`.
    """
    from store.schools import academic_year_start

    if not pupil_ids:
        return {}
    stmt = select(AttendanceBaseline).where(
        col(AttendanceBaseline.pupil_id).in_(pupil_ids), AttendanceBaseline.as_of >= start, AttendanceBaseline.as_of <= end,
    )
    return {b.pupil_id: b for b in session.exec(stmt) if start <= academic_year_start(b.as_of)}


def summarise(codes: Iterable[str]) -> AttendanceSummary:
    """Count sessions by statistical meaning; '-' (no mark yet) and unknown codes are left out."""
    possible = attended = authorised = unauthorised = 0
    for raw in codes:
        code = CODES.get(raw)
        if raw == NO_MARK or code is None or not code.possible:
            continue
        possible += 1
        if code.attended:
            attended += 1
        elif code.category is Category.AUTHORISED:
            authorised += 1
        else:
            unauthorised += 1
    return AttendanceSummary(possible, attended, authorised, unauthorised)


def penalty_sessions(codes: Iterable[str], *, n_counts_as_o: bool = True) -> int:
    """Unauthorised sessions counting towards a penalty notice (G, O, U; N when left unresolved)."""
    counted = PENALTY_CODES | ({"N"} if n_counts_as_o else set())
    return sum(1 for c in codes if c in counted)


@dataclass(frozen=True)
class PupilAttendance:
    """One pupil's figures over a period (DESIGN §4.8); `unknown`: sessions the school held with no mark at all."""

    pupil_id: str
    summary: AttendanceSummary
    unknown: int

    def as_dict(self) -> dict[str, object]:
        s = self.summary
        rate = None if s.possible == 0 else round(s.attended / s.possible, 4)
        return {
            "pupil_id": self.pupil_id, "possible": s.possible, "present": s.attended, "authorised": s.authorised,
            "unauthorised": s.unauthorised, "rate": rate, "persistent_absence": s.persistent, "severe_absence": s.severe,
            "unknown": self.unknown,
        }


def pupil_attendance(
    session: Session, *, school_id: str, start: dt.date, end: dt.date, pupil_mis_id: str | None = None,
) -> list[PupilAttendance]:
    """Figures for each on-roll pupil of a school (or one pupil) from every mark held, register or not.

    A session with no mark from any source is "no information" (§4.2): counted in `unknown`,
    never as present or absent. Sessions on holidays, closures and INSET days are not counted.
    """
    from store.schools import non_school_days, school_days

    closed = non_school_days(session, school_id=school_id, start=start, end=end)
    days = sorted(school_days(start, end, closed))
    pupils = select(Pupil).where(Pupil.school_id == school_id)
    pupils = pupils.where(Pupil.mis_id == pupil_mis_id) if pupil_mis_id else pupils.where(Pupil.on_roll == True)  # noqa: E712
    found = list(session.exec(pupils.order_by(Pupil.mis_id)))
    codes: dict[int, list[str]] = {p.id or 0: [] for p in found}
    marked: dict[int, int] = dict.fromkeys(codes, 0)
    base = usable_baselines(session, pupil_ids=list(codes), start=start, end=end)
    open_days = set(days)
    if found:
        stmt = select(AttendanceMark.pupil_id, AttendanceMark.date, AttendanceMark.code).where(
            col(AttendanceMark.pupil_id).in_(list(codes)), AttendanceMark.date >= start, AttendanceMark.date <= end,
        )
        for pupil_id, day, code in session.exec(stmt):
            if day in open_days and code != NO_MARK and (pupil_id not in base or day > base[pupil_id].as_of):
                codes[pupil_id].append(code)
                marked[pupil_id] += 1
    result = []
    for p in found:
        pid = p.id or 0
        summary, held = summarise(codes[pid]), 2 * len(days)
        if pid in base:
            summary = plus(baseline_summary(base[pid]), summary)
            held = 2 * sum(1 for d in days if d > base[pid].as_of)
        result.append(PupilAttendance(p.mis_id, summary, max(held - marked[pid], 0)))
    return result
