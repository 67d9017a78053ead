"""Issue 14's families still wrong on unseen messages, one or more wordings each (categories, not cases)."""

from __future__ import annotations

import pytest

from nlu import Child
from tests.nlu.nlu_helpers import run

ONE = [Child("P1", "Tomas", "Reid", "4")]
TWO = [Child("P1", "Radek", "Kowalczyk", "4"), Child("P2", "Safiya", "Kowalczyk", "2")]


@pytest.mark.parametrize("text", [
    "Tomas had a bad reaction to his jabs yesterday, high temp, keeping him home",
    "Tomas is feeling sick after his flu vaccine, staying home",
    "tomas is off he had his tonsils out on friday still recovering",
    "Tomas has fractured his wrist at football, in a cast, off today",
    "tomas sprained his ankle badly cant walk on it so staying home",
    "tomas has terrible ear ache been up all night crying",
    "Tomas has toothache and his face is swollen, keeping him off",
    "Tomas has slapped cheek, off today",
    "tomas has concunctivitis and a temprature",
    "Tomas has threadworms and hasn't slept, keeping him home",
])
def test_illness_and_injury_outside_the_common_words_is_I(text: str) -> None:
    p = run(text, children=ONE)
    assert (p.intent, p.code) == ("absence", "I"), p.evidence


@pytest.mark.parametrize("text", [
    "Tomas has his vaccinations at the GP this morning, will bring him after",
    "tomas has counselling at 10 then back to school",
    "Tomas has a therapy session at 11, will be in after lunch",
    "tomas has play therapy this morning",
    "tomas has his diabetes clinic review today at the hospital",
    "Tomas has his booster jab at 2pm, collecting him at 1.30",
    "tomas has speech and language therapy at 9",
])
def test_less_common_appointments_are_M_and_not_safeguarding(text: str) -> None:
    p = run(text, children=ONE)
    assert (p.intent, p.code, p.safeguarding) == ("absence", "M", False), p.evidence


@pytest.mark.parametrize("text, pupils", [
    ("Safiya has chickenpox, Radek's had it already so he's in", ["P2"]),
    ("Safiya's got a sickness bug. Radek is already in school", ["P2"]),
    ("Radek has a temperature, Safiya is fine and in as normal", ["P1"]),
    ("Safiya off with a cold, Radek's in", ["P2"]),
])
def test_a_sibling_mentioned_in_passing_is_not_added(text: str, pupils: list[str]) -> None:
    assert run(text, children=TWO).pupils == pupils


@pytest.mark.parametrize("text", [
    "our dog died last night and Tomas is very upset but he is coming in",
    "I'm a police officer so I work shifts, can his nan pick him up on Friday",
    "I work for social services so can't always answer, please text",
    "we are planning to move house next year, will he keep his place",
    "can you tell me what time the Christmas play is",
    "Tomas overslept so he will not come today",
])
def test_everyday_messages_are_not_safeguarding_alarms(text: str) -> None:
    assert not run(text, children=ONE).safeguarding


@pytest.mark.parametrize("text", [
    "please can you approve 2 days off for Tomas for a family wedding on 10th and 11th Dec",
    "Please could you approve Tomas's absence on Friday for Eid",
])
def test_please_can_you_approve_is_a_leave_request(text: str) -> None:
    assert run(text, children=ONE).intent == "leave_request"


def test_coming_in_after_all_is_an_update_and_overslept_not_coming_is_an_absence() -> None:
    assert run("Tomas will be coming in after all, sorry for the confusion", children=ONE).intent == "update"
    p = run("Tomas overslept so he will not come today", children=ONE)
    assert (p.intent, p.code) == ("absence", "N")
