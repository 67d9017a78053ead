"""Which pupils are absent without a reason on a day, read from marks and parent reports.

A session counts as absent without a reason when its mark is `N` (from the
register import or a staff `/absent`), or when it has no mark although the
register import for that day covered the pupil's registration group (a group
is covered once any pupil in it has a register-import mark for the session).
A pupil with no row in an import that did not cover their group is "no
information" (DESIGN §4.2) and is never chased. Any parent report covering
the day (not cancelled) means the family has been in touch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import and_, exists, func, or_, select
from sqlmodel import Session

from store.models import AbsenceReport, AttendanceMark, Pupil

UNEXPLAINED_CODE = "N"


def _group() -> object:
    return func.coalesce(Pupil.reg_group, "")


def _n_marked(school_id: str, day: dt.date, session_name: str) -> object:
    return (
        select(Pupil.id)
        .join(AttendanceMark, AttendanceMark.pupil_id == Pupil.id)
        .where(
            Pupil.school_id == school_id,
            Pupil.on_roll,
            AttendanceMark.date == day,
            AttendanceMark.session == session_name,
            AttendanceMark.code == UNEXPLAINED_CODE,
        )
    )


def _unmarked_in_covered_groups(school_id: str, day: dt.date, session_name: str) -> object:
    covered = (
        select(_group())
        .select_from(Pupil)
        .join(AttendanceMark, AttendanceMark.pupil_id == Pupil.id)
        .where(
            Pupil.school_id == school_id,
            AttendanceMark.date == day,
            AttendanceMark.session == session_name,
            AttendanceMark.source == "register",
        )
        .distinct()
    )
    has_mark = exists().where(
        and_(
            AttendanceMark.pupil_id == Pupil.id,
            AttendanceMark.date == day,
            AttendanceMark.session == session_name,
        )
    )
    return select(Pupil.id).where(
        Pupil.school_id == school_id, Pupil.on_roll, _group().in_(covered), ~has_mark
    )


def reported_pupils(session: Session, *, school_id: str, day: dt.date) -> set[int]:
    """Pupils with a parent report (not cancelled) covering `day`."""
    stmt = select(AbsenceReport.pupil_id).where(
        AbsenceReport.school_id == school_id,
        AbsenceReport.status != "cancelled",
        AbsenceReport.first_day <= day,
        or_(
            and_(AbsenceReport.last_day.is_(None), AbsenceReport.first_day == day),  # type: ignore[union-attr]
            AbsenceReport.last_day >= day,  # type: ignore[operator]
        ),
    )
    return set(session.execute(stmt).scalars())


def unexplained_pupils(session: Session, *, school_id: str, day: dt.date, session_name: str = "AM") -> list[Pupil]:
    """On-roll pupils absent without a reason for the session and not reported by a parent, by id."""
    ids = set(session.execute(_n_marked(school_id, day, session_name)).scalars())  # type: ignore[call-overload]
    ids |= set(session.execute(_unmarked_in_covered_groups(school_id, day, session_name)).scalars())  # type: ignore[call-overload]
    ids -= reported_pupils(session, school_id=school_id, day=day)
    return pupils_by_id(session, sorted(ids))


def pupils_by_id(session: Session, ids: Sequence[int]) -> list[Pupil]:
    """The pupils with these ids, in id order."""
    found: list[Pupil] = []
    for i in range(0, len(ids), 500):
        stmt = select(Pupil).where(Pupil.id.in_(ids[i : i + 500]))  # type: ignore[union-attr]
        found.extend(session.execute(stmt).scalars())
    return sorted(found, key=lambda p: p.id or 0)


def session_codes(session: Session, *, pupil_ids: Sequence[int], day: dt.date, session_name: str) -> dict[int, str]:
    """The current code of each pupil's mark for the session (pupils without a mark left out)."""
    codes: dict[int, str] = {}
    for i in range(0, len(pupil_ids), 500):
        stmt = select(AttendanceMark.pupil_id, AttendanceMark.code).where(
            AttendanceMark.pupil_id.in_(pupil_ids[i : i + 500]),  # type: ignore[attr-defined]
            AttendanceMark.date == day,
            AttendanceMark.session == session_name,
        )
        codes.update({pid: code for pid, code in session.execute(stmt).all()})
    return codes
