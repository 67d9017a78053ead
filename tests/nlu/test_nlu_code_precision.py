"""Families from the seventh round of error analysis (dev + unseen_a-h pooled), in our own wording.

Code precision: a non-medical "appointment", an appointment followed by an errand, the parent's own
illness ("...myself"), doubt about the symptom, a tooth out earlier (recovery, I); illness and appointment
words in other languages and Scots. Intent: evidence being sent, back from the appointment, complaints
about a mark or an attendance letter. Safeguarding: young carers, social care involved, a missing child
found, a family leaving at once, refusal/bullying/threats in Portuguese, Slovak and Turkish.
"""

from __future__ import annotations

import pytest

from tests.nlu.nlu_helpers import run

CODES = [
    # "appointment" alone is not medical when it is a hair / passport appointment
    ("Oliver won't be in today, he has a passport appointment in Leeds", "N"),
    # an appointment then an errand that keeps the child off all day
    ("Oliver has the optician at 9.30 and then we're going straight to his auntie's in Hull so he'll miss the day", "N"),
    ("Oliver won't be in, orthodontist at 10 then I'm taking him to get a new coat", "N"),
    # the parent is the one who is ill
    ("Sorry, Oliver won't be in, I've got a migraine myself and can't drive him", "N"),
    # the parent doubts the symptom
    ("Oliver isn't coming in, he says his tummy hurts but I think it's more that he doesn't fancy the cross country", "N"),
    # a procedure earlier, the child recovering
    ("Oliver had two teeth out yesterday under the dentist and his mouth is still bleeding so he's off today", "I"),
    # illness and appointment words in other languages and Scots
    ("Oliver jest dzisiaj w domu. Вона погано себе почуває", "I"),
    ("Oliver 今天发烧，不能上学。", "I"),
    ("Oliver's no well the day, he's bad wi his throat, keeping him hame", "I"),
    ("Oliver îro nexweş e, nayê dibistanê", "I"),
    ("Oliver îro naçe dibistanê, randevûya wî heye", "M"),
    # but an appointment with a booked visit at the GP stays M
    ("Oliver won't be in this morning, he has a GP appointment at 9.10, I'll bring him in after", "M"),
]


@pytest.mark.parametrize("text,code", CODES)
def test_code_families(text: str, code: str) -> None:
    p = run(text, when="2026-11-24 07:40")
    assert p.intent == "absence", p.evidence
    assert p.code == code, p.evidence


INTENTS = [
    # evidence being sent about an appointment already had
    ("Hi, here is the appointment card for Oliver's orthodontist last Thursday", "update"),
    ("I am sending a photo of the hospital letter for Oliver's scan", "update"),
    # back from the appointment and signed in
    ("Oliver is back from the optician now, his dad signed him in at the office", "update"),
    # the all-clear plus a letter to follow
    ("The consultant says Oliver is fine, he'll be back tomorrow and I'll send the letter for today's appointment", "update"),
    # complaints about a mark or a letter
    ("Why has Oliver got an unauthorised mark for last Monday? He had a dentist appointment and I rang in", "other"),
    ("Who can I talk to about Oliver's attendance letter? He only had a week off with flu", "other"),
    # asking whether something is needed after a child was sent home
    ("Oliver was sent home with a rash yesterday? just checking whether we need to fill in a form", "other"),
]


@pytest.mark.parametrize("text,intent", INTENTS)
def test_intent_families(text: str, intent: str) -> None:
    p = run(text, when="2026-11-24 10:40")
    assert p.intent == intent, p.evidence
    assert p.code is None or intent == "absence"


SAFEGUARDING = [
    "Oliver won't be in, his mum's in hospital again and he's minding his little brothers today",
    "Oliver has to stay home and look after them, I'm in hospital and there's no one else",
    "Oliver can't come in, he has to come with me to the housing office to translate for me",
    "Oliver told me something worrying last night about a man in the park, I reported it to EDT",
    "Just to say Oliver has come home safely now, thank you all for looking for him",
    "Oliver's dad had to fly back to Nigeria urgently, we don't know for how long, he is upset",
    "Bom dia, o Oliver não quer ir à escola, tem medo",
    "Oliver dnes nepríde, nechce ísť do školy",
    "Oliver'a tehdit mesajları geliyor, çok korkuyor",
    "Oliver back tomorrow, please keep an eye on those boys in his class",
]


@pytest.mark.parametrize("text", SAFEGUARDING)
def test_safeguarding_families(text: str) -> None:
    p = run(text, when="2026-11-24 07:40")
    assert p.safeguarding, p.evidence


NOT_SAFEGUARDING = [
    # Romanian "don't know when he returns to school" about an illness is not leaving the country
    "Buna ziua, Oliver este bolnav, nu stiu cand se intoarce la scoala",
    "Oliver has a cold, back tomorrow",
]


@pytest.mark.parametrize("text", NOT_SAFEGUARDING)
def test_not_safeguarding(text: str) -> None:
    p = run(text, when="2026-11-24 07:40")
    assert not p.safeguarding, p.evidence
