"""Families from the sixth round of error analysis (dev + unseen_a-f pooled), in our own wording.

Dates: negated returns, return targets with a date, the reference day for evening/weekend "the week",
"all week", weekend days as asides, ordinals that are not dates, past spans, days in unrelated clauses,
updates (still off today / coming in later / as normal), today/tomorrow and weekdays in other languages.
Sessions: part-day cues about another day, foreign bring/collect, times outside the school day.
Intent: leave requests phrased as "could I ask for X to have ... off" and in other languages.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.nlu.nlu_helpers import run

D = dt.date  # 2026-11-16 is a Monday

DATES = [
    # "won't be in. Back Monday": the negation belongs to the first sentence, not the return (Fri -> Fri)
    ("Oliver has a court appointment with his dad today so he won't be in. Back Monday.", "2026-12-04 08:10", D(2026, 12, 4), D(2026, 12, 4)),
    # "not well, back tomorrow": the return still counts
    ("Oliver not well today, back tomorrow I hope", "2026-11-30 08:20", D(2026, 11, 30), D(2026, 11, 30)),
    # a return target with a full date wins over the bare weekday
    ("Oliver has his grommets op on Monday 23rd and needs a fortnight off, he'll be back Monday 7th December",
     "2026-11-18 08:00", D(2026, 11, 23), D(2026, 12, 4)),
    # "will not return today" is no return
    ("Oliver has a clinic at 2.30, I'll pick him up at 1.45 and he will not return today", "2026-11-30 12:00", D(2026, 11, 30), D(2026, 11, 30)),
    # Sunday evening "signed off for the week" -> Monday to Friday of the coming week
    ("The doctor has signed Oliver off for the week with his nerves", "2026-12-06 19:00", D(2026, 12, 7), D(2026, 12, 11)),
    ("Oliver has measles, he'll be off all week", "2026-11-29 20:00", D(2026, 11, 30), D(2026, 12, 4)),
    # a past weekend day is an aside, not next week's absence
    ("Oliver will be late, we have to see the police about the break-in on Saturday, in by 10.30", "2026-12-01 07:50", D(2026, 12, 1), D(2026, 12, 1)),
    # "2nd lesson" is not the 2nd of the month
    ("Oliver has the dentist at 8.45, he should be in for 2nd lesson", "2026-11-26 07:00", D(2026, 11, 26), D(2026, 11, 26)),
    # past spans are not the length of the absence
    ("Oliver won't be in today, he's been in bed for four days and barely eating", "2026-11-24 07:30", D(2026, 11, 24), D(2026, 11, 24)),
    ("Oliver won't be in today. He's been crying every morning this week about school", "2026-11-18 07:30", D(2026, 11, 18), D(2026, 11, 18)),
    # a later day in a clause about something else (the GP, a wedding, the letter)
    ("Oliver won't be in today, he was up all night being sick. We're seeing the doctor tomorrow", "2026-12-02 07:20", D(2026, 12, 2), D(2026, 12, 2)),
    ("Oliver is off today, we're driving to Wales for my cousin's christening tomorrow", "2026-11-18 07:30", D(2026, 11, 18), D(2026, 11, 18)),
    # "wed" read as "we'd" by the tokenizer, then repaired in a list of days
    ("Oliver must rest after his knee op so he is off wed thur fri. Back Monday", "2026-12-09 07:20", D(2026, 12, 9), D(2026, 12, 11)),
    # today / weekdays in other languages
    ("Доброго ранку. Олівер сьогодні не прийде до школи, він хворий.", "2026-11-18 07:45", D(2026, 11, 18), D(2026, 11, 18)),
    ("Oliver aj school nahi aayega, bukhar hai", "2026-11-27 07:50", D(2026, 11, 27), D(2026, 11, 27)),
]


@pytest.mark.parametrize(("text", "when", "first", "last"), DATES)
def test_date_families(text: str, when: str, first: dt.date, last: dt.date | None) -> None:
    p = run(text, when=when)
    assert (p.first_day, p.last_day) == (first, last), (text, p.first_day, p.last_day, p.evidence)


UPDATES = [
    # still off today, end unknown
    ("Oliver still off today, I'll let you know about tomorrow", "2026-11-17 07:40", None),
    # coming in later today: the missed part is today
    ("Ignore my earlier text, Oliver's perked up after some toast so I'll bring him in for 11", "2026-11-17 09:30", D(2026, 11, 17)),
    ("Oliver feels better now, I'll drop him in after lunch", "2026-11-17 10:30", D(2026, 11, 17)),
    # coming in as normal: no day missed
    ("Please ignore last night's message, Oliver is fine and coming in as normal today", "2026-11-24 07:50", None),
]


@pytest.mark.parametrize(("text", "when", "last"), UPDATES)
def test_update_last_day(text: str, when: str, last: dt.date | None) -> None:
    p = run(text, when=when)
    assert p.intent == "update", (text, p.intent, p.evidence)
    assert p.last_day == last, (text, p.last_day, p.evidence)


SESSIONS = [
    # the part-day cue is about another day
    ("Oliver has a streaming cold so he's not coming in today. Also he has the orthodontist on Thursday at 2.10 so he'll leave at 1.40 that day.",
     "2026-11-17 07:25", "ALL"),
    ("Oliver's still off with the bug today, hopefully back after the weekend", "2026-12-10 07:50", "ALL"),
    # a time outside the school day is no session
    ("Can't get Oliver in today, no one to take him, I'm at work till 7 pm", "2026-11-20 07:30", "ALL"),
    # bring / collect in other words and languages
    ("oliver at the nurse for his jab at 8.40 then il bring him", "2026-11-20 07:55", "AM"),
    ("Dzień dobry, Oliver ma dziś wizytę u lekarza o 9:00, przyprowadzę go do szkoły około 10:30.", "2026-12-10 07:25", "AM"),
    ("Dzień dobry, Oliver ma dziś badanie w szpitalu o 13:30, odbiorę go ze szkoły o 12:30.", "2026-12-01 07:20", "PM"),
]


@pytest.mark.parametrize(("text", "when", "sessions"), SESSIONS)
def test_session_families(text: str, when: str, sessions: str) -> None:
    p = run(text, when=when)
    assert p.intent == "absence", (text, p.intent, p.evidence)
    assert p.sessions == sessions, (text, p.sessions, p.evidence)


LEAVE = [
    "Could I ask for Oliver to have Monday 7th and Tuesday 8th December off, it's my brother's wedding in Malta",
    "Is it ok if Oliver misses Friday for his grandad's 90th in Dublin?",
    "We'd like to take him from Wednesday 9th December, his aunt is getting married in Lahore",
    "I would be grateful if Oliver could be granted leave on Friday 4 December to attend a family graduation",
    "Dzień dobry, chciałabym prosić o zwolnienie Olivera od 7 do 9 grudnia, jedziemy na ślub.",
    "Assalam o alaikum, Oliver ke liye 9 December se 11 December tak chutti ki darkhwast hai",
    "Boa tarde, gostaria de pedir autorização para o Oliver faltar de 9 a 11 de dezembro.",
]


@pytest.mark.parametrize("text", LEAVE)
def test_leave_requests_in_more_wordings(text: str) -> None:
    p = run(text, when="2026-11-23 19:00")
    assert p.intent == "leave_request", (text, p.intent, p.evidence)
    assert p.code is None and p.sessions is None


def test_a_sick_note_in_polish_is_not_a_leave_request() -> None:
    p = run("Dzień dobry. Oliver wraca do szkoły w poniedziałek, lekarz dał mu zwolnienie do piątku.", when="2026-11-27 08:00")
    assert p.intent != "leave_request", p.evidence
