"""The prefix pre-check in front of the cue patterns never changes an answer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import nlu.codes
import nlu.dates
import nlu.intents
import nlu.pupils
import nlu.safeguarding
import nlu.sessions
from nlu.gate import GatedPattern, compile_gated, gated, prefixes


def _module_patterns() -> list[GatedPattern]:
    found: list[GatedPattern] = []
    for module in (nlu.safeguarding, nlu.intents, nlu.sessions, nlu.codes, nlu.dates, nlu.pupils):
        for value in vars(module).values():
            items = value if isinstance(value, list) else [value]
            for item in items:
                for obj in item if isinstance(item, tuple) else (item,):
                    if isinstance(obj, GatedPattern):
                        found.append(obj)
    return found


PATTERNS = _module_patterns()
# words the patterns look for, so that random texts often nearly match and sometimes match
VOCAB = sorted({w for g in PATTERNS for p in prefixes(g.pattern_re) or () for w in p.split()} |
               {"he", "she", "is", "not", "coming", "in", "today", "police", "my", "dad", "hit", "him", "x", "-", ".", ","})


def test_most_cue_patterns_are_gated() -> None:
    assert len(PATTERNS) >= 100


def test_prefixes_read_through_factored_alternations() -> None:
    assert prefixes(re.compile(r"\b(his|her) (mum|dad)\b")) == frozenset({"his mum", "his dad", "her mum", "her dad"})
    assert prefixes(re.compile(r"\b(a|the) fine\b")) == frozenset({"a fine", "the fine"})
    assert prefixes(re.compile(r"[送带接](孩子)?去")) == frozenset({"送", "带", "接"})
    assert prefixes(re.compile(r"\b(?:going|go) (back )?to\b")) == frozenset({"go"})  # factored into go(ing)?


def test_no_gate_where_a_match_may_start_anywhere() -> None:
    for source in (r"\w+ off", r"(a)?bc", r"[a-c]cd", r"x|\d+", r"(a|)bc", r"(?x) police"):
        assert not isinstance(gated(re.compile(source)), GatedPattern), source


def test_an_anchored_alternative_is_tried_at_the_start_only() -> None:
    g = gated(re.compile(r"^\s*(hi|hello)\b|\bthis is\b"))
    assert isinstance(g, GatedPattern)
    for text in ("  hi there", "well hi there", "so this is ben", "hello", "x" * 1200 + " this is", "  hi " + "x" * 1200):
        for pos in (0, 1, 3):
            assert (g.search(text, pos) and g.search(text, pos).span()) == (g.pattern_re.search(text, pos) and g.pattern_re.search(text, pos).span())


def test_a_case_blind_pattern_answers_as_itself() -> None:
    g = compile_gated(r"\b(kim|sam|police) (is|was)\b", re.IGNORECASE)
    assert isinstance(g, GatedPattern)
    # the Kelvin sign and the long s fold to k and s under re.IGNORECASE: the gate must fold them the same way
    for text in ("KIM IS off", "Police was here", "\u212aim is", "\u017fam was", "pOlIcE   is", "kimis", "x " * 800 + "SAM WAS"):
        assert (g.search(text) and g.search(text).span()) == (g.pattern_re.search(text) and g.pattern_re.search(text).span()), text
        assert [m.span() for m in g.finditer(text)] == [m.span() for m in g.pattern_re.finditer(text)], text


def test_gate_is_compiled_once_per_source() -> None:
    assert compile_gated(r"\bnext week\b") is compile_gated(r"\bnext week\b")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=40), st.sampled_from(range(len(PATTERNS))))
def test_gated_search_answers_as_the_pattern(words: list[str], index: int) -> None:
    text = " ".join(words)
    g = PATTERNS[index]
    raw = g.pattern_re
    got, want = g.search(text), raw.search(text)
    assert (got and got.span()) == (want and want.span())
    assert [(m.span(), m.groups()) for m in g.finditer(text)] == [(m.span(), m.groups()) for m in raw.finditer(text)]
    middle = len(text) // 2
    got_mid, want_mid = g.search(text, middle), raw.search(text, middle)
    assert (got_mid and got_mid.span()) == (want_mid and want_mid.span())
    assert g.findall(text) == raw.findall(text)
    assert g.sub("#", text) == raw.sub("#", text)


def test_a_prefix_repeated_many_times_answers_as_the_pattern() -> None:
    g = compile_gated(r"\bpolice (came|were here)\b")
    assert isinstance(g, GatedPattern)
    for text in ("police " * 200 + "police came", "police " * 5 + "police were here", "police " * 200, "police " * 40 + "came"):
        assert (g.search(text) and g.search(text).span()) == (g.pattern_re.search(text) and g.pattern_re.search(text).span())
        assert [m.span() for m in g.finditer(text)] == [m.span() for m in g.pattern_re.finditer(text)]


def test_every_pattern_on_long_repeated_messages() -> None:
    import json
    from pathlib import Path

    data = Path(__file__).parent / "data"
    texts = [json.loads(line)["text"].lower() for line in (data / "unseen_k.jsonl").open(encoding="utf-8")][:40]
    for g in PATTERNS:
        for text in texts:
            long = " ".join([text] * (1500 // (len(text) + 1) + 1))  # past SHORT_RUN: tried prefix by prefix
            got, want = g.search(long), g.pattern_re.search(long)
            assert (got and got.span()) == (want and want.span()), (g, text)
            assert [m.span() for m in g.finditer(long)] == [m.span() for m in g.pattern_re.finditer(long)], (g, text)


def test_every_pattern_on_every_analysed_message() -> None:
    import json
    from pathlib import Path

    data = Path(__file__).parent / "data"
    texts = [json.loads(line)["text"].lower() for f in sorted(data.glob("unseen_*.jsonl")) for line in f.open(encoding="utf-8")]
    for g in PATTERNS:
        for text in texts:
            got, want = g.search(text), g.pattern_re.search(text)
            assert (got and got.span()) == (want and want.span()), (g, text)
