"""Codes: I for the child's illness, M for the child's appointment, N otherwise or when unsure."""

import pytest

from tests.nlu.nlu_helpers import run

CASES = [
    ("Oliver has a high temperature and won't be in today", "I"),
    ("ollie been sick all nite not in 2day", "I"),
    ("Oliver is off with a chesty cough, keeping him home", "I"),
    ("Oliver sprained his wrist at gymnastics, he's in a lot of pain so staying home", "I"),
    ("Oliver has the orthodontist at 9.40, I'll bring him in after", "M"),
    ("Oliver has a hospital appt at 11 so won't be in today", "M"),
    ("Picking Oliver up at 1.15 for his eye test", "M"),
    ("Oliver won't be in today, we're going to a family wedding", "N"),
    ("Oliver won't be in, my husband is poorly and I can't drive", "N"),
    ("I have a hospital appointment this morning so Oliver will miss today", "N"),
    ("Oliver is not ill, we just overslept, he'll miss today", "N"),
    ("Oliver won't be in today", "N"),
    ("Oliver has a bit of a cold but we're at his grandad's funeral today", "N"),
    ("Oliver won't be in today, he has to come with me to his sister's hospital appointment", "N"),
    ("Oliver is off today, car won't start", "N"),
]


@pytest.mark.parametrize(("text", "code"), CASES)
def test_code(text: str, code: str) -> None:
    p = run(text)
    assert p.intent == "absence"
    assert p.code == code
