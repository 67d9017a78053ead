"""Eighth round: intent families for the pairs confused on new writers, after retraining the intent
classifier on the enriched generator (nlu/training/generate.py EXTRA_TEMPLATES) and letting a very sure
classifier overrule single-phrase rules. Rows in our own wording, not taken from any evaluation set.
"""

from __future__ import annotations

import pytest

from nlu.intents import OVERRULE, IntentDecision, combine
from nlu.training.generate import EXTRA_TEMPLATES, TEMPLATES, generate
from tests.nlu.nlu_helpers import run

# still open after this round: the rules read these as absences (an illness word or "overslept"
# with no late/update phrase they know) and rules of strength 0.8 are not overruled
OPEN = pytest.mark.xfail(reason="open family: rule absence (0.8) stands", strict=True)

INTENTS = [
    # update: better now / back, coming in after all, evidence, past days already reported
    pytest.param("Oliver has bounced back after his bug, you'll see him on Thursday", "update", marks=OPEN),
    ("Change of plan, Oliver is coming in after all, he says he feels fine", "update"),
    ("I've popped the clinic letter for Oliver's appointment last Tuesday in his reading folder", "update"),
    pytest.param("Oliver is still not right, I'll keep you posted about tomorrow", "update", marks=OPEN),
    # other: questions, complaints, logistics and thanks that mention a child or a day
    ("Does Oliver need a costume for the carol concert on Thursday?", "other"),
    ("Oliver's grandad is collecting him at 3.15 on Friday", "other"),
    ("Thanks for phoning about Oliver yesterday, he's fine now", "other"),
    # late: arrival times and a non-medical errand first
    pytest.param("The car won't start, Oliver will be with you after register", "late", marks=OPEN),
    pytest.param("Oliver overslept, he'll be in by half nine", "late", marks=OPEN),
    # absence: refusal and a new day with a reason
    ("Oliver is refusing to go in again and won't get dressed, he's staying home today", "absence"),
    ("Oliver is still poorly so he's off again today", "absence"),
    # leave: asking, not telling
    ("Would the head allow Oliver to miss Friday 11th? He has a county swimming gala", "leave_request"),
]


@pytest.mark.parametrize("text,intent", INTENTS)
def test_intent_families_for_confused_pairs(text: str, intent: str) -> None:
    p = run(text, when="2026-11-24 08:10")
    assert p.intent == intent, p.evidence


def test_sure_classifier_overrules_only_single_phrase_rules() -> None:
    scores = {"absence": 0.01, "late": 0.95, "leave_request": 0.0, "update": 0.02, "other": 0.02}
    phrase = IntentDecision("update", 0.85, 'intent: update ("still off")', True)
    assert combine(phrase, scores)[0] == "late"
    unsure = dict(scores, late=OVERRULE - 0.05, update=0.05 + 0.02)
    assert combine(phrase, unsure)[0] == "update"
    firm = IntentDecision("leave_request", 0.9, 'intent: leave request ("permission")')
    assert combine(firm, scores)[0] == "leave_request"


def test_extra_families_do_not_touch_the_safeguarding_negatives() -> None:
    # the safeguarding generator samples TEMPLATES; the round-8 families live apart from it
    assert not set(TEMPLATES) - set(EXTRA_TEMPLATES)
    items = list(generate(20, seed=2))
    assert len(items) > 5 * 20
    assert {i["intent"] for i in items[100:]} == set(EXTRA_TEMPLATES)
