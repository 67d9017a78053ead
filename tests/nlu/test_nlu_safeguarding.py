"""Safeguarding cues are flagged; ordinary absences are not."""

import pytest

from tests.nlu.nlu_helpers import run

FLAGGED = [
    "Oliver won't be in, the police were at ours last night after his dad kicked off",
    "Oliver didn't come home last night and isn't answering his phone",
    "Oliver is being bullied in the changing rooms and won't go back",
    "Oliver is refusing to come in again, he's too anxious",
    "We've been evicted and are in emergency housing, can't get Oliver in",
    "Oliver has to stay home to look after me, I can't get out of bed since my op and no one else to help me",
    "Oliver came home drunk last night and is in no state for school",
    "Oliver's social worker asked me to tell you he's staying with his aunt",
    "Oliver cut himself last night, we were at A&E",
    "We are going back to Lithuania for good next week, Friday is Oliver's last day",
]
CLEAR = [
    "Oliver has a temperature, not in today",
    "Oliver has the dentist at 9, in by 10",
    "Oliver will be late, missed the bus",
    "Oliver won't be in, we have a family wedding",
    "Oliver will not come to school today, he has a fever",
]


@pytest.mark.parametrize("text", FLAGGED)
def test_flagged(text: str) -> None:
    p = run(text)
    assert p.safeguarding
    assert any(e.startswith("safeguarding") for e in p.evidence)


@pytest.mark.parametrize("text", CLEAR)
def test_not_flagged(text: str) -> None:
    assert not run(text).safeguarding
