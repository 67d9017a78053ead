"""Families from round 16 of error analysis (pooled dev + unseen_a..w false I/M proposals), in our own wording."""

from __future__ import annotations

import pytest

from nlu import Child
from tests.nlu.nlu_helpers import run

TWO = [Child("P1", "Ronan", "Kelly", "4"), Child("P2", "Aoife", "Kelly", "1")]


@pytest.mark.parametrize("text", [
    "Ronan's orthodontist has been moved from today to next Tuesday so he's in all day today",
    "Sorry my mistake earlier, Aoife's eye test is on Friday not today, so she is in school today",
    "Ronan's physio got cancelled so no need to collect him at 11, he'll stay in for the day",
    "Aoife's hospital check up has been put back to January so she is in school as normal",
    "Oops I put the wrong name in my text, it's Ronan going to the dentist at 2 not Aoife",
])
def test_a_cancelled_or_corrected_appointment_is_an_update_with_no_code(text: str) -> None:
    p = run(text, when="2026-12-02 08:10", children=TWO)
    assert (p.intent, p.code) == ("update", None), p.evidence


@pytest.mark.parametrize("text", [
    "Bom dia, a Aoife já está melhor, volta amanhã. Obrigada",
    "Добрий ранок. Ронан вже почувається краще, завтра прийде до школи.",
    "Buna seara, Aoife s-a facut bine si poate veni maine la scoala. Multumim",
    "AoA, Ronan ab behtar hai, bukhaar utar gaya. Kal se school aa jayega",
])
def test_better_and_back_in_another_language_is_an_update(text: str) -> None:
    p = run(text, when="2026-12-02 07:40", children=TWO)
    assert (p.intent, p.code) == ("update", None), p.evidence


@pytest.mark.parametrize("text", [
    "Bom dia, a Aoife não vai hoje, tem febre, volta amanhã",
    "Buna dimineata, Ronan e bolnav, nu stiu cand se intoarce la scoala",
    "Доброго ранку, Ронан сьогодні о 10:00 йде до стоматолога, прийде до школи після обіду",
    "Aoife ko bukhaar hai, aaj 9:40 par doctor ke paas le ja rahi hoon, phir school aa jayegi",
])
def test_a_day_off_or_an_appointment_beside_back_words_stays_an_absence(text: str) -> None:
    p = run(text, when="2026-12-02 07:40", children=TWO)
    assert p.intent == "absence" and p.code in ("I", "M"), p.evidence
