"""Safety families found by pooling every missed cue and every false I/M over dev + unseen a-j (own wording)."""

from __future__ import annotations

import datetime as dt

import pytest

from nlu import Child, parse

MONDAY_0745 = dt.datetime(2026, 11, 30, 7, 45, tzinfo=dt.timezone.utc)
NOAH = [Child("P1", "Noah", "Jones", "4")]

CUES = [
    # an image of the child passed around
    "Noah says a boy in his year has been passing round a picture of him and he is mortified",
    "someone posted a video of him on snapchat, he's in school but very upset",
    # a parent who cannot make the child go in
    "Noah is refusing again and I just can't make him, he's 14",
    "he won't get up for school again and I'm not going to force him any more",
    # an adult back on drink or drugs
    "Noah's off today, his stepdad is back on the booze and it was a bad night",
    # refusal tied to another child or an incident
    "Noah says he won't come in until that girl is moved out of his group",
    "he's too upset to come in after what happened at football on Friday",
    # a child caring for an ill parent overnight
    "Noah will be late, he was up all night with his mum who is really poorly",
]

PLAIN = [
    # a parent or sibling in the police, police events
    "Noah's dad is a police officer and is on earlies this week so I'll be doing drop off",
    pytest.param("Can Noah leave at 2, his sister has joined the police and it's her passing out parade",
                 marks=pytest.mark.xfail(reason="open: the rules clear it, the classifier still scores 'police' 0.8", strict=True)),
    # ordinary skin, bumps and nerves
    "Noah has a rash from his new washing powder and keeps scratching it, keeping him off today",
    "Noah's x-ray was clear, just bruising from the fall, he'll be back tomorrow",
    "Noah was sick from nerves about the quiz this morning, he's fine now and on his way",
    # transport
    "Noah's nan can't get him to school today as her car has broken down, sorry",
]


@pytest.mark.parametrize("text", CUES)
def test_cue_families_are_flagged(text: str) -> None:
    assert parse(text, received_at=MONDAY_0745, children=NOAH).safeguarding is True


@pytest.mark.parametrize("text", PLAIN)
def test_plain_family_rows_are_not_flagged(text: str) -> None:
    assert parse(text, received_at=MONDAY_0745, children=NOAH).safeguarding is False


@pytest.mark.parametrize(("text", "intent"), [
    # evidence for a past appointment: update, no code
    ("I've put the letter from the orthodontist for Noah's appointment last Thursday in his bag", "update"),
    ("Here is a photo of Noah's appointment card from Friday", "update"),
    # a question or condition about staying off: no absence yet
    ("Noah has a rash on his arms, does he need to stay off?", "other"),
    ("Noah has a cold, if he is no better tomorrow I will keep him off", "other"),
    # a register or fine query about days already past
    ("Why has Noah been marked unauthorised for last week? He had flu and you had the note", "other"),
    # chemist first, then in
    ("Noah has a bad ear, I'm taking him to the pharmacy for drops then I'll bring him in", "late"),
    # the parent's own appointment
    ("Noah will be late, hospital appointment for me at 8.40 and nobody to take him", "late"),
])
def test_false_im_families_get_no_code(text: str, intent: str) -> None:
    p = parse(text, received_at=MONDAY_0745, children=NOAH)
    assert p.intent == intent
    assert p.code is None
