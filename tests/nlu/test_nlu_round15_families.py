"""Families from round 15 of error analysis (unseen_w, after it had been scored once as held out), in our own wording."""

from __future__ import annotations

from datetime import date

import pytest

from nlu import Child
from tests.nlu.nlu_helpers import run

ONE = [Child("P1", "Ronan", "Kelly", "4")]
TWO = [Child("P1", "Ronan", "Kelly", "4"), Child("P2", "Aoife", "Kelly", "1")]


@pytest.mark.parametrize(("text", "first", "last"), [
    # Thursday 19 November: a late first report moves the absence back to the day the child went off
    ("Ronan's been off since Tuesday with a chest infection and won't be back till Monday, sorry for not letting you know",
     date(2026, 11, 17), date(2026, 11, 20)),
    ("Ronan has been off school since last Thursday with glandular fever, the GP says it could be weeks",
     date(2026, 11, 12), None),
    ("sorry Ronan was off yesterday with earache and he's still not right so keeping him home today",
     date(2026, 11, 18), date(2026, 11, 19)),
])
def test_a_late_first_report_starts_on_the_day_the_child_went_off(text: str, first: date, last: date | None) -> None:
    p = run(text, when="2026-11-19 08:10", children=ONE)
    assert (p.intent, p.first_day, p.last_day) == ("absence", first, last), p.evidence


@pytest.mark.parametrize("text", [
    "Ronan has had a cough since Monday, he won't be in today",
    "Ronan has been poorly since Sunday, keeping him off today",
    "Ronan got his cast off yesterday and the physio wants to see him today at 2 so I'll collect him at 1.30",
])
def test_an_illness_since_a_day_is_not_an_absence_since_that_day(text: str) -> None:
    p = run(text, when="2026-11-19 08:10", children=ONE)
    assert p.first_day == date(2026, 11, 19), p.evidence


def test_a_report_from_weeks_ago_does_not_move_the_absence() -> None:
    p = run("Ronan was off on the 2nd with a bug, and now he has it again so he won't be in today",
            when="2026-11-26 08:10", children=ONE)
    assert p.first_day == date(2026, 11, 26), p.evidence


@pytest.mark.parametrize("text", [
    "hi could ronan and aoife finish on weds 9th instead of fri 11th? flights to spain are thursday morning",
    "Is it ok if Ronan and Aoife break up on Wednesday 9th? We fly to Lapland on Thursday",
])
def test_finishing_on_a_day_asks_for_the_days_after_it(text: str) -> None:
    p = run(text, when="2026-11-23 08:10", children=TWO)
    assert (p.intent, p.first_day) == ("leave_request", date(2026, 12, 10)), p.evidence


def test_finishing_at_a_time_on_a_day_is_that_day() -> None:
    p = run("can Ronan finish at 12 on Friday 11th please, we drive to Scotland that afternoon", when="2026-11-23 08:10",
            children=ONE)
    assert p.first_day == date(2026, 12, 11), p.evidence
