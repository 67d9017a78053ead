"""Any input string gives a valid Proposal (hypothesis property tests and nasty examples)."""

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlu import Child, Proposal, parse
from nlu.proposal import CODES, INTENTS, SESSIONS

KIDS = [Child("P1", "Oliver", "Reid", "3"), Child("P2", "Isla", "Reid", "1")]
WHEN = datetime(2026, 11, 18, 7, 30, tzinfo=timezone.utc)


def _valid(p: Proposal, children: list[Child]) -> None:
    assert p.intent in INTENTS
    assert p.pupils == "ask" or (isinstance(p.pupils, list) and set(p.pupils) <= {c.id for c in children})
    assert p.code in (*CODES, None)
    assert p.sessions in (*SESSIONS, None)
    assert p.first_day is None or isinstance(p.first_day, date)
    assert p.last_day is None or isinstance(p.last_day, date)
    if p.first_day and p.last_day:
        assert p.last_day >= p.first_day
    if p.intent != "absence":
        assert p.code is None and p.sessions is None
    assert 0.0 <= p.confidence <= 1.0
    assert isinstance(p.safeguarding, bool)
    p.to_json("x")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    _valid(parse(text, received_at=WHEN, children=KIDS), KIDS)


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("Oliver Isla sick late tmrw Mon 3rd 9.30 dentist back \n.,!?😷")), max_size=120),
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    st.sets(st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 1, 31)), max_size=30),
)
def test_any_time_and_calendar(text: str, when: datetime, closed: set[date]) -> None:
    p = parse(text, received_at=when.replace(tzinfo=timezone(timedelta(hours=1))), children=KIDS, calendar=closed)
    _valid(p, KIDS)
    for day in (p.first_day, p.last_day):
        assert day is None or (day.weekday() < 5 and day not in closed)


@pytest.mark.parametrize("text", [
    "", " ", "😷🤒🤢", "\x00\x01\x02 sick \x1b[31m", "ألسلام عليكم، أوليفر مريض اليوم", "\u202eyadot kcis",
    "Oliver " * 900, "a" * 5000, "1.30 2.45 3rd 31st 99th 0.00 25:99", "back back back until until",
])
def test_nasty_inputs(text: str) -> None:
    _valid(parse(text, received_at=WHEN, children=KIDS), KIDS)
    _valid(parse(text, received_at=WHEN, children=[]), [])
