"""School days and local times for jobs: which days count, and when a job is due on a day."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from store.schools import is_school_day, non_school_days


def is_open(session: Session, *, school_id: str, day: dt.date) -> bool:
    """Whether the school is open on `day` (a weekday that is no holiday, closure or INSET day)."""
    return is_school_day(day, non_school_days(session, school_id=school_id, start=day, end=day))


def school_days_back(session: Session, *, school_id: str, end: dt.date, count: int) -> list[dt.date]:
    """The last `count` school days up to and including `end`, oldest first."""
    if count <= 0:
        return []
    span = dt.timedelta(days=count * 2 + 21)
    while True:
        start = end - span
        closed = non_school_days(session, school_id=school_id, start=start, end=end)
        days: list[dt.date] = []
        day = end
        while day >= start and len(days) < count:
            if is_school_day(day, closed):
                days.append(day)
            day -= dt.timedelta(days=1)
        if len(days) == count or span > dt.timedelta(days=count * 7 + 400):
            return list(reversed(days))
        span *= 2


def school_days_after(session: Session, *, school_id: str, start: dt.date, end: dt.date) -> int:
    """School days after `start` up to and including `end`."""
    if end <= start:
        return 0
    closed = non_school_days(session, school_id=school_id, start=start, end=end)
    day, count = start + dt.timedelta(days=1), 0
    while day <= end:
        count += is_school_day(day, closed)
        day += dt.timedelta(days=1)
    return count


def format_day(day: dt.date) -> str:
    """'Mon 23 Nov' — how messages name a day."""
    return f"{day:%a} {day.day} {day:%b}"
