"""The weekly list of unresolved `N` codes for the school's safeguarding meeting (first school day of the week)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlmodel import Session

from handlers.alerts import pupil_label
from handlers.outbox import Outgoing
from scheduler.calendar import format_day
from scheduler.context import JobContext
from scheduler.digest import digest_messages
from store.models import AttendanceMark, Pupil

WEEKLY_AT = dt.time(8, 15)


def unresolved_n(session: Session, *, school_id: str, until: dt.date) -> dict[int, tuple[Pupil, list[tuple[dt.date, str]]]]:
    """On-roll pupils with `N` marks up to `until`, with the (date, session) of each."""
    stmt = (
        select(Pupil, AttendanceMark.date, AttendanceMark.session)
        .join(AttendanceMark, AttendanceMark.pupil_id == Pupil.id)
        .where(Pupil.school_id == school_id, Pupil.on_roll, AttendanceMark.code == "N", AttendanceMark.date <= until)
    )
    found: dict[int, tuple[Pupil, list[tuple[dt.date, str]]]] = {}
    sessions: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for pupil, day, sess in session.execute(stmt).all():
        found.setdefault(pupil.id, (pupil, sessions[pupil.id]))
        sessions[pupil.id].append((day, sess))
    return found


def _line(pupil: Pupil, marks: list[tuple[dt.date, str]]) -> str:
    by_day: dict[dt.date, list[str]] = defaultdict(list)
    for day, sess in sorted(marks):
        by_day[day].append(sess)
    days = ", ".join(f"{format_day(d)}{'' if len(s) == 2 else ' ' + s[0]}" for d, s in sorted(by_day.items()))
    return f"• {pupil_label(pupil)}: {len(marks)} session(s): {days}"


def weekly_n_list(session: Session, ctx: JobContext) -> list[Outgoing]:
    """Send the list of unresolved N codes once per ISO week, from 08:15 on the week's first school day run."""
    if ctx.local < ctx.at(WEEKLY_AT):
        return []
    found = unresolved_n(session, school_id=ctx.school.id, until=ctx.today)
    rows = sorted(found.values(), key=lambda pm: (pm[0].last_name, pm[0].first_name, pm[0].mis_id))
    lines = [_line(p, m) for p, m in rows] or ["No unresolved N codes."]
    year, week, _ = ctx.today.isocalendar()
    return digest_messages(
        session,
        school=ctx.school,
        audience="safeguarding",
        key=f"digest:weekly-n:{ctx.school.id}:{year}-W{week:02d}",
        title=f"Unresolved N codes for the safeguarding meeting: {ctx.school.name}, week of {format_day(ctx.today)} ({len(rows)} pupils)",
        lines=lines,
    )
