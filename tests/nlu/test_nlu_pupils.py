"""Pupils: names, nicknames, misspellings, both, my son/daughter, and "ask"."""

import pytest

from nlu import Child
from tests.nlu.nlu_helpers import TWO, run

SIBLINGS = [Child("P1", "Aleksandra", "Kowalska", "6"), Child("P2", "Oliver", "Kowalski", "2")]
GIRL_BOY = [Child("P1", "Amelia", "Okoro", "4"), Child("P2", "Jacob", "Okoro", "1")]
CASES = [
    ("Izzy has a temperature, not in today", TWO, ["P1"]),
    ("Alfie has been sick, keeping him home", TWO, ["P2"]),
    ("Isabela is off today with a cold", TWO, ["P1"]),
    ("Sasha has a migraine and won't be in", SIBLINGS, ["P1"]),
    ("Ollie has the dentist at 9, Sasha is in as normal", SIBLINGS, ["P2"]),
    ("Both of them have the sickness bug, neither will be in", TWO, ["P1", "P2"]),
    ("My daughter has a fever and will stay at home today", GIRL_BOY, ["P1"]),
    ("My son has an ear infection, he won't be in", GIRL_BOY, ["P2"]),
    ("Won't be in today sorry", TWO, "ask"),
    ("Chloe is poorly and won't be in", TWO, "ask"),
    ("Not in today, sick", [Child("P1", "Zuzanna", "Lis")], ["P1"]),
]


@pytest.mark.parametrize(("text", "children", "expected"), CASES)
def test_pupils(text: str, children: list[Child], expected: list[str] | str) -> None:
    assert run(text, children=children).pupils == expected


def test_other_about_no_child_is_empty() -> None:
    assert run("What time does the Christmas fair start?", children=TWO).pupils == []
