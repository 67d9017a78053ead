"""Everyday messages must not raise safeguarding alerts: a DSL flooded with false alarms stops reading them.

Plain illness, appointment and logistics messages, in ordinary wording, with
no cue a designated safeguarding lead would want to see today (SCHEMA.md).
"""

from __future__ import annotations

import datetime as dt

import pytest

from nlu import Child, parse

MONDAY_0745 = dt.datetime(2026, 11, 30, 7, 45, tzinfo=dt.timezone.utc)
NOAH = [Child("P1", "Noah", "Jones", "4")]

PLAIN = [
    "Noah is ill today",
    "Noah is ill",
    "noah off sick",
    "Noah has a temperature so I'm keeping him home today",
    "Noah has been sick in the night, he won't be in",
    "Noah has a cold and a cough, he'll be back tomorrow",
    "Noah has the dentist at 10 then I'll bring him in",
    "Noah has a hospital appointment this afternoon, I'll pick him up at 12",
    "Running late, Noah will be in for 9.15",
    "Noah is feeling a bit under the weather today so staying home",
    "Noah has tonsillitis, the GP has given him antibiotics",
    "Sorry Noah won't be in, he has a tummy bug",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_messages_are_not_safeguarding(text: str) -> None:
    assert parse(text, received_at=MONDAY_0745, children=NOAH).safeguarding is False
