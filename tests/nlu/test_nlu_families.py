"""Message families found by error analysis on unseen messages (own wordings, not copied)."""

from __future__ import annotations

import pytest

from nlu import Child
from tests.nlu.nlu_helpers import TWO, run

THREE = [Child("P1", "Jakub", "Wrona", "2"), Child("P2", "Hubert", "Wrona", "2"), Child("P3", "Matilda", "Wrona", "6")]
PAIR = [Child("P1", "Zofia", "Lis", "5"), Child("P2", "Kuba", "Lis", "2")]


@pytest.mark.parametrize("text", [
    "He has been so low lately and told me he doesn't want to be here. Keeping him home",
    "Oliver says the older boys keep calling him names and pushing him at lunch",
    "We got kicked out of the flat on Friday and are sleeping at my sister's for now",
    "Oliver is staying home to look after his mum, she is very poorly after her operation",
    "A lad in year 9 has been sending him messages saying he will hurt him",
    "We are moving to Lisbon on Saturday, today is his last day, sorry for the short notice",
    "Oliver came home drunk last night and he's in no state for school",
    "Oliver won't go in because of the other kids in his class",
    "Oliver has bruises on his arm and says his uncle did it",
])
def test_safeguarding_family(text: str) -> None:
    assert run(text).safeguarding


def test_police_talk_at_school_is_not_a_cue() -> None:
    assert not run("Is the police officer visiting school on Friday? Oliver wants to ask questions").safeguarding


@pytest.mark.parametrize(("text", "intent"), [
    ("Oliver's temperature has broken so he'll be back tomorrow", "update"),
    ("Fever has gone, from tomorrow he come to school", "update"),
    ("Ignore my text from this morning, he's fine now and I'll drop him in at 11", "update"),
    ("Thank you for phoning about Oliver's bumped head today", "other"),
    ("His nan will be picking Oliver up at 3.20 today", "other"),
    ("He's in today but can his teacher keep an eye on him please", "other"),
    ("Van won't start, we'll be in asap", "late"),
    ("Would it be ok for Oliver to have the day off on the 4th? We're moving house", "leave_request"),
    ("His mum can't make it to the carol concert, will it be recorded?", "other"),
])
def test_intent_family(text: str, intent: str) -> None:
    assert run(text).intent == intent


def test_named_child_in_school_means_the_others() -> None:
    p = run("The twins are both off with a bug, Matilda is fine and coming in", children=THREE)
    assert sorted(p.pupils) == ["P1", "P2"]


def test_foreign_in_school_word_and_nickname() -> None:
    p = run("Kuba ma gorączkę, zostaje w domu. Zosia przyjdzie normalnie", children=PAIR)
    assert p.pupils == ["P2"]


def test_gender_from_nickname_group() -> None:
    assert run("sorry she is running late, traffic", children=PAIR).pupils == ["P1"]


def test_contraction_at_start_is_not_a_child() -> None:
    assert run("I've got a hospital appointment myself so the kids won't be in", children=TWO).pupils == ["P1", "P2"]


@pytest.mark.parametrize(("text", "when", "first", "last"), [
    ("Can Oliver have Wednesday off next week for a trial?", "2026-11-16 19:00", "2026-11-25", "2026-11-25"),
    ("He's having an operation tomorrow and needs 2 weeks off after", "2026-11-16 18:00", "2026-11-17", "2026-11-30"),
    ("Oliver is sick today, he will come on Thursday", "2026-11-17 07:30", "2026-11-17", "2026-11-18"),
    ("Fever is gone, tomorrow he will come to school", "2026-11-17 16:30", "2026-11-17", "2026-11-17"),
])
def test_date_family(text: str, when: str, first: str, last: str) -> None:
    p = run(text, when)
    assert (str(p.first_day), str(p.last_day)) == (first, last)


@pytest.mark.parametrize(("text", "sessions"), [
    ("Oliver has the GP at 9.10 for his asthma, I'll drop him after", "AM"),
    ("Dentist at 8.45 then he'll be in", "AM"),
    ("Oliver has a clinic appointment at 1.15, I take him from school at 12.30", "PM"),
    ("Oliver won't be in Friday, optician at 9 then the hospital clinic in the afternoon", "ALL"),
])
def test_sessions_family(text: str, sessions: str) -> None:
    assert run(text).sessions == sessions


@pytest.mark.parametrize("text", [
    "We have a hospital appointment for her brother so Oliver will be off today",
    "I've got the dentist myself and no one can take him, so he's off",
])
def test_third_party_reason_is_n(text: str) -> None:
    assert run(text).code == "N"


@pytest.mark.parametrize(("text", "code"), [
    ("Oliver serga, turi temperatūrą, šiandien neateis", "I"),
    ("Oliver er jor, aaj school e jabe na", "I"),
])
def test_foreign_illness(text: str, code: str) -> None:
    assert run(text).code == code
