"""Sessions: AM for appointment-then-school, PM for leaving at lunchtime or later, else ALL."""

import pytest

from tests.nlu.nlu_helpers import run

CASES = [
    ("Oliver has the dentist at 9 then I'll bring him in, about 10.15", "AM"),
    ("Oliver has a GP appointment 8.40, he will be in by 9.45", "AM"),
    ("I'm collecting Oliver at 1.30 for his orthodontist appointment", "PM"),
    ("Oliver has physio at 2.15 so I'll pick him up at 1.45 today", "PM"),
    ("Oliver has an MRI at the hospital at 10 so he won't be in today", "ALL"),
    ("Oliver is poorly, not bringing him in today", "ALL"),
    ("Oliver has a hearing test at 11 so he'll be in after lunch", "AM"),
]


@pytest.mark.parametrize(("text", "sessions"), CASES)
def test_sessions(text: str, sessions: str) -> None:
    p = run(text)
    assert p.intent == "absence"
    assert p.sessions == sessions
