"""Families from the fourth round of error analysis (dev + unseen_a/b/c), in our own wording.

Safety first: I/M only when the illness or appointment is clearly the child's and clearly the
reason for this absence; otherwise N with a lower confidence. Then safeguarding cue families,
intents, sessions and dates.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.nlu.nlu_helpers import run

# --- priority 1: no I/M when the medical words are not the reason for this absence -------------------

NOT_I_OR_M = [
    # fear at school behind the symptoms
    "Oliver won't be in, he's been working himself up into being sick each morning since some older lads started on him",
    "Oliver has a bad tummy again but honestly I think he's scared of the boys in his class, keeping him home",
    # a second, non-medical plan alongside a symptom
    "Oliver has a bit of a headache and we've got a family do this afternoon anyway, so he's staying home today",
    "Oliver is sniffly but the real reason is his uncle's party today, sorry",
    # the medical word is a referral / waiting list / opinion, not an appointment keeping him off
    "Oliver is on the waiting list for CAMHS and is in a state this morning, he won't be in",
    # the appointment was meant to be today but is not happening
    "Oliver was supposed to have a hearing test at 10 but they've rescheduled it, he is off today with his dad",
]


@pytest.mark.parametrize("text", NOT_I_OR_M)
def test_unclear_medical_reason_is_n(text: str) -> None:
    p = run(text)
    assert p.code in (None, "N"), (text, p.code, p.evidence)


NOT_AN_ABSENCE = [
    # evidence handed in about a past appointment
    ("I've put the hospital letter for Oliver's clinic last week in his book bag", "update"),
    ("Dropped the dentist card for Oliver into reception this morning", "update"),
    ("Oliver's eye test was on Monday at 2, sorry I forgot to mention it", "update"),
    # a result after a test, coming back
    ("Oliver's scan came back clear, he'll be in tomorrow", "update"),
    ("Good news, the x ray showed nothing broken so Oliver is back in tomorrow", "update"),
    # an appointment cancelled so the child is coming in after all
    ("The orthodontist rang to cancel so Oliver is coming in this afternoon after all, I'll drop him at 1", "update"),
    # questions to the office
    ("Who do I talk to about Oliver's EHCP review?", "other"),
    ("How many days off before we get a fine? just wondering", "other"),
    ("Could I get a copy of Oliver's attendance record please?", "other"),
    ("Is it OK if Oliver brings cakes in for his birthday on Friday?", "other"),
    ("متى اجتماع أولياء الأمور؟", "other"),
]


@pytest.mark.parametrize(("text", "intent"), NOT_AN_ABSENCE)
def test_medical_words_outside_an_absence(text: str, intent: str) -> None:
    p = run(text, when="2026-11-18 10:00")
    assert p.intent == intent, (text, p.intent, p.evidence)
    assert p.code is None


STILL_I_OR_M = [
    ("Oliver came off his scooter, we're at A&E waiting for an x-ray on his wrist, he won't be in today", "I"),
    ("My eldest is being sick and has a migraine, she won't be in today", "I"),
    ("oliver chucking up all night, not in today", "I"),
    ("Oliver is off colour and really pale, keeping him home today", "I"),
    ("Oliver was meant to see the dentist at 9 but he's been up all night with a bad belly so he's off today", "I"),
    ("Oliver has the dentist at 9.30, I'll get him in by break", "M"),
]


@pytest.mark.parametrize(("text", "code"), STILL_I_OR_M)
def test_clear_child_reason_keeps_its_code(text: str, code: str) -> None:
    assert run(text).code == code, text


# --- priority 2: safeguarding cue families ------------------------------------------------------------

CUES = [
    # poverty / neglect
    "We've got no electric till Friday as I can't top up the meter, Oliver is staying home in the warm",
    "Does the school know of a food bank? Nothing in the cupboards till payday",
    # fleeing
    "I've left Oliver's dad and we're at a new flat now, Oliver might be a bit late from here",
    "I've had to take Oliver somewhere safe for now, I can't say more by message",
    # older children / adults waiting for the child
    "Oliver is back tomorrow, but some older kids from the flats have been hanging around waiting for him",
    # unexplained injury
    "Oliver has a cut on his head and his story keeps changing about how he got it",
    # other languages
    "Oliver dzisiaj nie przyjdzie, w nocy była u nas policja",
    "أوليفر خائف من الذهاب إلى المدرسة",
    "Oliver maanta ma imanayo, wuu baqayaa",
]


@pytest.mark.parametrize("text", CUES)
def test_cue_family_is_flagged(text: str) -> None:
    assert run(text).safeguarding, text


# --- intents, sessions, dates --------------------------------------------------------------------------

def test_better_now_and_arriving_mid_morning_is_late() -> None:
    p = run("Oliver had a rough night with his chest but he's fine now, I'll have him there for about 10", when="2026-11-19 07:55")
    assert p.intent == "late"
    assert p.first_day == p.last_day == dt.date(2026, 11, 19)


def test_overslept_with_arrival_time_is_late() -> None:
    assert run("Overslept, so sorry! Will get Oliver there for 9.15", when="2026-11-19 08:30").intent == "late"


def test_after_school_this_afternoon_is_not_pm() -> None:
    p = run("Oliver fell off the trampoline this afternoon and needed stitches, keeping him home tomorrow",
            when="2026-11-29 19:00")
    assert p.sessions == "ALL"
    assert p.first_day == dt.date(2026, 11, 30)


def test_morning_out_and_back_after_lunch_is_am() -> None:
    p = run("Oliver has a filling at 11, his nan will collect him at 10.30 and bring him back to school after lunch",
            when="2026-11-30 07:45")
    assert (p.code, p.sessions) == ("M", "AM")


def test_picked_up_after_dinner_is_pm() -> None:
    p = run("Just to say I picked Oliver up after dinner, he said his tummy hurt. He's at home now", when="2026-11-24 13:10")
    assert p.sessions == "PM"


def test_update_back_tomorrow_sent_after_school_is_about_today() -> None:
    p = run("Oliver feels better now, tomorrow he is coming back to school", when="2026-11-23 16:00")
    assert p.intent == "update"
    assert p.first_day == p.last_day == dt.date(2026, 11, 23)


def test_see_you_tomorrow_is_a_return() -> None:
    p = run("Oliver is loads better, see you tomorrow", when="2026-12-10 16:00")
    assert p.first_day == p.last_day == dt.date(2026, 12, 10)


def test_later_dates_after_the_return_are_not_the_absence() -> None:
    p = run("Oliver will be back in tomorrow. The social worker says the review is on Thursday", when="2026-11-30 16:10")
    assert p.first_day == dt.date(2026, 11, 30)


def test_checking_in_tomorrow_is_not_a_second_day() -> None:
    p = run("Oliver has a bad cold, keeping him home today and I'll let you know re tomorrow", when="2026-11-25 07:55")
    assert p.last_day == dt.date(2026, 11, 25)


def test_foreign_back_tomorrow() -> None:
    p = run("Buna ziua, Oliver nu vine azi la scoala, este bolnav. Revine maine.", when="2026-11-30 07:50")
    assert p.last_day == dt.date(2026, 11, 30)
