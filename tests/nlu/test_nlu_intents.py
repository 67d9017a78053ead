"""Intents: absence, late, leave_request, update, other."""

import pytest

from tests.nlu.nlu_helpers import run

CASES = [
    ("Oliver is off sick today", "absence"),
    ("Running late, traffic on the bypass, Oliver in by 9.20", "late"),
    ("Oliver will be 10 mins late, the car wouldn't start", "late"),
    ("Oliver has the dentist at 9 so will be in late, about 10", "absence"),
    ("Can Oliver please have permission to miss 14th and 15th December for a family wedding?", "leave_request"),
    ("Oliver is much better thanks, back in tomorrow", "update"),
    ("Oliver still off today", "update"),
    ("Ignore my last message, Oliver is coming in after all", "update"),
    ("I've uploaded the fit note for Oliver's absence last week", "update"),
    ("What time does school finish on Friday?", "other"),
    ("Claim your free prize now at www.win-big.com", "other"),
    ("thank you", "other"),
    ("Sorry for the late message, Oliver is off today with a fever", "absence"),
]


@pytest.mark.parametrize(("text", "intent"), CASES)
def test_intent(text: str, intent: str) -> None:
    assert run(text).intent == intent
