"""Dates: relative words resolved in Europe/London against the received time; calendar honoured."""

from datetime import date

import pytest

from tests.nlu.nlu_helpers import run

# 2026-11-17 is a Tuesday.
CASES = [
    ("Oliver is sick and off today", "2026-11-17 07:30", date(2026, 11, 17), date(2026, 11, 17)),
    ("Oliver won't be in tomorrow, he has a fever", "2026-11-17 19:30", date(2026, 11, 18), date(2026, 11, 18)),
    ("Oliver won't be in on Thurs, family funeral", "2026-11-17 07:30", date(2026, 11, 19), date(2026, 11, 19)),
    ("Oliver has the dentist next Tuesday at 2 so I'll collect him at 1.30", "2026-11-17 07:30", date(2026, 11, 24), date(2026, 11, 24)),
    ("Oliver has a hospital appointment on the 3rd, all day", "2026-11-17 07:30", date(2026, 12, 3), date(2026, 12, 3)),
    ("Oliver has flu, he'll be back Monday", "2026-11-17 07:30", date(2026, 11, 17), date(2026, 11, 20)),
    ("Oliver is off the rest of the week with chickenpox", "2026-11-17 07:30", date(2026, 11, 17), date(2026, 11, 20)),
    ("Oliver has tonsillitis, GP says off for 3 days", "2026-11-19 07:30", date(2026, 11, 19), date(2026, 11, 23)),
    ("Oliver won't be in on Monday, he's been sick all weekend", "2026-11-21 10:00", date(2026, 11, 23), date(2026, 11, 23)),
    ("oliver poorly wont be in tmrw", "2026-11-20 20:00", date(2026, 11, 23), date(2026, 11, 23)),
    ("Oliver has a sickness bug and won't be in", "2026-11-17 18:30", date(2026, 11, 18), None),
]


@pytest.mark.parametrize(("text", "when", "first", "last"), CASES)
def test_days(text: str, when: str, first: date, last: date | None) -> None:
    p = run(text, when)
    assert (p.first_day, p.last_day) == (first, last)


def test_calendar_skips_non_school_days() -> None:
    closed = {date(2026, 11, 18)}
    p = run("Oliver won't be in tomorrow, he has a fever", "2026-11-17 19:30", calendar=closed)
    assert p.first_day == date(2026, 11, 19)


def test_late_is_one_day() -> None:
    p = run("Oliver will be late tomorrow, around 9.30, I have an early shift", "2026-11-17 19:00")
    assert p.intent == "late"
    assert p.first_day == p.last_day == date(2026, 11, 18)


def test_leave_request_range() -> None:
    p = run("Could Oliver please have permission to be absent from 7th to 11th December for a wedding in Accra?")
    assert p.intent == "leave_request"
    assert (p.first_day, p.last_day) == (date(2026, 12, 7), date(2026, 12, 11))
