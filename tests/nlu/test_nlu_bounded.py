"""Issue 14: the parser is bounded on any input, and the defects found from outside stay fixed.

The limit here (`LIMIT_S`) guards against super-linear patterns (a 1,590-character
message once took 17 s); the 50 ms target on one core is measured by
`bench/nlu_speed.py --long 4096`, not by a timed test.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlu import Child, parse
from tests.nlu.nlu_helpers import at

LIMIT_S = 0.25
TELEGRAM_MAX = 4096
KIDS = [Child("P1", "Radek", "Kowalczyk", "4"), Child("P2", "Safiya", "Kowalczyk", "2")]

#: One phrase of every cue family the rules look for, in several scripts.
PHRASES = [
    "We are flying to Pakistan tonight, family emergency.", "leaving the country for good",
    "Radek has been sick all night", "Safiya won't be in today", "dentist at 10.30 then back in",
    "he is scared to come in because of the older boys", "police came round last night",
    "can we take her out for a wedding in Lagos next week", "back on Monday", "running late, there by 9.30",
    "from Mon 3rd to Fri 7th", "till after Christmas", "not coming in, no reason", "yes", "no", "help", "tap",
    "Олена хворіє, сьогодні не прийде", "أوليفر مريض اليوم ولن يحضر", "小明今天发烧，不能上学", "Radek ma gorączkę",
    "😷🤒🤢", "!!!", "...", "x", "\n", "9am 10:15 1.30pm 3rd 31st",
]
SEPARATORS = ["", " ", ", ", ". ", "\n", " and "]


def _timed(text: str, children: list[Child] = KIDS) -> float:
    started = time.perf_counter()
    parse(text, received_at=at("2026-11-17 07:45"), children=children)
    return time.perf_counter() - started


def _fill(parts: list[str], sep: str, size: int) -> str:
    text = sep.join(parts)
    while len(text) < size:
        text = text + sep + text
    return text[:size]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=12), st.sampled_from(SEPARATORS),
       st.integers(min_value=200, max_value=TELEGRAM_MAX))
def test_long_and_repetitive_inputs_are_bounded(parts: list[str], sep: str, size: int) -> None:
    text = _fill(parts, sep, size)
    took = _timed(text)
    assert took < LIMIT_S, f"{len(text)} chars took {took:.3f} s: {text[:80]!r}"


@pytest.mark.parametrize("phrase", PHRASES[:12] + PHRASES[17:21])
def test_each_family_repeated_to_a_full_telegram_message(phrase: str) -> None:
    text = _fill([phrase], " ", TELEGRAM_MAX)
    assert _timed(text) < LIMIT_S
    assert _timed(text, children=[]) < LIMIT_S


def test_every_family_concatenated_to_a_full_telegram_message() -> None:
    assert _timed(_fill(PHRASES, " ", TELEGRAM_MAX)) < LIMIT_S


@pytest.mark.parametrize("size", [1590, TELEGRAM_MAX])
def test_the_flying_to_pakistan_message_repeated(size: int) -> None:
    text = _fill(["We are flying to Pakistan tonight, family emergency."], " ", size)
    assert _timed(text) < LIMIT_S
    assert parse(text, received_at=at("2026-11-17 07:45"), children=KIDS).safeguarding


@pytest.mark.parametrize("word", ["yes", "no", "help", "tap", "Yes", "NO", "help?", "tap here"])
def test_one_word_replies_are_not_safeguarding_cues(word: str) -> None:
    assert not parse(word, received_at=at("2026-11-17 07:45"), children=KIDS).safeguarding


GREETINGS = ["hi", "hiya", "morning", "good morning", "hello", "Hi", "HI", "hey"]
ILLNESSES = ["has got chickenpox", "has chickenpox", "has got a temperature", "has been sick", "has got tonsillitis",
             "has a bad cold", "has got d&v"]
ENDINGS = ["so won't be in today", "so wont be in today", "so she won't be in", "and is staying home today",
           "so not in today"]


@pytest.mark.parametrize("greeting", GREETINGS)
def test_a_greeting_before_the_childs_name_does_not_move_the_mark_to_the_sibling(greeting: str) -> None:
    for illness in ILLNESSES:
        for ending in ENDINGS:
            text = f"{greeting} Safiya {illness} {ending}"
            p = parse(text, received_at=at("2026-11-17 07:45"), children=KIDS)
            assert p.pupils == ["P2"], text


@pytest.mark.parametrize("text", ["!" * 4096, "!?" * 2048, "😷🤒" * 2048, "?!." * 1365])
def test_a_run_of_marks_is_bounded(text: str) -> None:
    """spaCy strips suffix marks one at a time: 2,430 "!" took 1.1 s (found by the property test under load)."""
    assert _timed(text) < LIMIT_S
    assert _timed("Radek is off sick today " + text) < LIMIT_S


def test_a_message_pasted_again_and_again_reads_a_bounded_number_of_days() -> None:
    from nlu.dates import MAX_MENTIONS, DateReader

    text = _fill(["He isnt going in today, back on Monday"], " ", TELEGRAM_MAX)
    reader = DateReader(text.lower(), at("2026-11-17 07:45"), None)
    assert len(reader.scan()) == MAX_MENTIONS
