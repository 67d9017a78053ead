"""Families fixed with general mechanisms: safeguarding concepts + classifier, safe codes, nicknames."""

from __future__ import annotations

import pytest

from nlu import Child
from nlu.safeguarding import CONCEPTS
from tests.nlu.nlu_helpers import run

# Indirect cue wordings (own wording, not from any evaluation set).
INDIRECT_CUES = [
    "Oliver has barely said a word all week and won't eat his tea, keeping him home today",
    "Oliver keeps saying there's no point in anything, I don't want him out of my sight",
    "A man in a car was hanging about near the park gate watching the children, thought you should know",
    "Oliver is staying home, he's the only one who knows how to help his mum when her legs go",
    "Friday will be Oliver's last day, we are flying out to Albania on Saturday and staying there now",
    "Oliver says he'll try coming in next week if he can use the learning hub at break",
    "Things have been really hard at home lately so Oliver is off today",
    "The council are putting us in a hotel from tonight, Oliver won't be in",
    "Oliver and me are staying at my cousin's for a while, I'll explain when I can",
    "Oliver doesn't feel safe walking past the shop since last week",
    "Oliver won't be in, some older boys keep waiting for him by the bridge after school",
]
ORDINARY = [
    "Oliver is a little nervous about the spelling test but he's coming in",
    "Thanks for patching up Oliver's elbow after he tripped at lunch",
    "Oliver has a streaming cold, keeping him home today",
    "Oliver has the orthodontist at 11.15, I'll bring him back after",
]


@pytest.mark.parametrize("text", INDIRECT_CUES)
def test_indirect_cue_is_flagged(text: str) -> None:
    assert run(text).safeguarding, text


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_message_is_not_flagged(text: str) -> None:
    assert not run(text).safeguarding, text


def test_concepts_have_labels() -> None:
    assert all(label and pattern.pattern for label, pattern in CONCEPTS)


def test_classifier_evidence_is_shown() -> None:
    p = run("Oliver hasn't been himself, he's stopped talking to any of us and sits in the dark")
    assert p.safeguarding
    assert any("DSL please read" in e for e in p.evidence)


@pytest.mark.parametrize("text", [
    "Oliver is having a small operation on his ear tomorrow at the hospital, he will be off",
    "Oliver won't be in Thursday, he's having a wisdom tooth out under general anaesthetic",
])
def test_operation_is_illness_not_appointment(text: str) -> None:
    p = run(text)
    assert p.intent == "absence" and p.code == "I"


@pytest.mark.parametrize("text", [
    "Oliver's fever has finally gone so he'll be back with you tomorrow",
    "The doctor's note for Oliver is in the post, it covers Monday and Tuesday",
])
def test_recovery_and_evidence_are_updates_not_new_illness(text: str) -> None:
    p = run(text, when="2026-11-18 19:30")
    assert p.intent == "update" and p.code is None


@pytest.mark.parametrize("first, nick", [
    ("Maximilian", "Maks"), ("Oluwaseun", "Seun"), ("Giuseppe", "Beppe"), ("Volodymyr", "Vova"),
    ("Chukwuemeka", "Emeka"), ("Rhiannon", "Rhi"), ("Francisco", "Paco"), ("Magdalena", "Madzia"),
])
def test_cross_cultural_nicknames(first: str, nick: str) -> None:
    kids = [Child("P1", first, "Doe", "4"), Child("P2", "Zebedee", "Doe", "6")]
    p = run(f"{nick} has a temperature so won't be in today", children=kids)
    assert p.pupils == ["P1"]


def test_cyrillic_and_arabic_names_match_roll() -> None:
    kids = [Child("P1", "Oksana", "Doe", "3"), Child("P2", "Bohdan", "Doe", "5")]
    p = run("Добрий день. Оксана сьогодні хвора, не прийде. Богдан прийде. Дякую", children=kids)
    assert p.pupils == ["P1"]
    kids = [Child("P1", "Karim", "Doe", "3"), Child("P2", "Nadia", "Doe", "5")]
    p = run("كريم مريض اليوم ولن يحضر إلى المدرسة", children=kids)
    assert p.pupils == ["P1"]


def test_both_with_three_children_asks() -> None:
    kids = [Child("P1", "Ada", "Doe", "2"), Child("P2", "Bea", "Doe", "4"), Child("P3", "Cal", "Doe", "6")]
    assert run("both off today with colds", children=kids).pupils == "ask"


@pytest.mark.parametrize("text, code", [
    ("Oliver are vărsat de vânt, stă acasă azi", "I"),
    ("Oliver'in bugün saat 11'de hastane randevusu var, gelmeyecek", "M"),
])
def test_foreign_illness_and_appointment_words(text: str, code: str) -> None:
    assert run(text).code == code


@pytest.mark.parametrize("text, intent", [
    ("Oliver arriverà in ritardo, circa alle 9.45", "late"),
    ("Oliver już czuje się lepiej, jutro wraca do szkoły", "update"),
    ("What's the school's policy on nits? Oliver has them again", "other"),
    ("Oliver will not come today, some boys said they would get him after school", "absence"),
])
def test_intent_families(text: str, intent: str) -> None:
    assert run(text).intent == intent
