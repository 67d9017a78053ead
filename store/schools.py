"""Schools, staff and the school calendar as the store holds them (config is the source of truth)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from store.models import CalendarDay, School, StaffMember
from store.settings import Settings

NON_SCHOOL_KINDS = ("holiday", "closure", "inset")


def sync_from_settings(session: Session, settings: Settings) -> None:
    """Upsert the configured schools and staff so foreign keys and staff checks have rows to use."""
    for cfg in settings.schools:
        school = session.get(School, cfg.id)
        if school is None:
            session.add(School(id=cfg.id, name=cfg.name, timezone=cfg.timezone))
        elif (school.name, school.timezone) != (cfg.name, cfg.timezone):
            school.name, school.timezone = cfg.name, cfg.timezone
            session.add(school)
    existing = {m.telegram_user_id: m for m in session.exec(select(StaffMember))}
    for member in settings.staff:
        row = existing.pop(member.telegram_user_id, None) or StaffMember(
            telegram_user_id=member.telegram_user_id, name=member.name, role=member.role
        )
        row.name, row.role, row.schools = member.name, member.role, list(member.schools)
        session.add(row)
    for stale in existing.values():
        session.delete(stale)
    session.flush()


def non_school_days(session: Session, *, school_id: str, start: dt.date, end: dt.date) -> set[dt.date]:
    """Holidays, closures and INSET days between start and end inclusive (weekends not included)."""
    stmt = select(CalendarDay.date).where(
        CalendarDay.school_id == school_id,
        CalendarDay.date >= start,
        CalendarDay.date <= end,
        CalendarDay.kind.in_(NON_SCHOOL_KINDS),  # type: ignore[attr-defined]
    )
    return set(session.exec(stmt))


def is_school_day(day: dt.date, closed: set[dt.date]) -> bool:
    return day.weekday() < 5 and day not in closed


def school_days(start: dt.date, end: dt.date, closed: set[dt.date]) -> list[dt.date]:
    """School days from start to end inclusive."""
    days, day = [], start
    while day <= end:
        if is_school_day(day, closed):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def academic_year_start(day: dt.date) -> dt.date:
    """1 September of the academic year `day` falls in (England: September to August)."""
    return dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)
