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


@pytest.mark.parametrize("text", [
    "Aoife has nits again, I treated her last night",
    "RONAN HAS GOT HEADLICE AGAIN IS HE ALLOWED IN",
    "Ronan woke up with conjunctivitis, he's gone in with the drops so he doesn't miss his test",
    "Aoife has slapped cheek but the GP says she's not infectious now so she can come in",
])
def test_a_child_who_comes_in_anyway_is_no_absence(text: str) -> None:
    p = run(text, when="2026-12-02 07:40", children=TWO)
    assert (p.intent, p.code, p.safeguarding) == ("other", None, False), p.evidence


@pytest.mark.parametrize("text", [
    "Ronan has nits, doing the treatment this morning and will bring him in at lunch",
    "Ronan has head lice so I'm keeping him off today",
])
def test_lice_with_a_day_or_part_day_off_is_still_an_absence(text: str) -> None:
    p = run(text, when="2026-12-02 07:40", children=TWO)
    assert (p.intent, p.code) == ("absence", "N"), p.evidence


def test_a_sibling_who_has_had_it_already_is_not_in_the_news() -> None:
    p = run("Ronan has slapped cheek, the GP says he can come in as he's not infectious. Aoife's had it already",
            when="2026-12-02 07:40", children=TWO)
    assert (p.intent, p.pupils) == ("other", ["P1"]), p.evidence


@pytest.mark.parametrize("text", [
    "Ronan overslept, my alarm didn't go off. He'll be in for second period",
    "Aoife will be in after registration, bit of a family emergency this morning but all ok now",
    "Ronan's brother has his jabs this morning so I can't get him in on time, he'll be in for 9.45",
    "The lane's flooded and the bus couldn't get to us so I'm bringing them in the car. Be about 9.30 both of them",
])
def test_a_stated_later_arrival_is_late_not_an_absence(text: str) -> None:
    p = run(text, when="2026-12-02 08:20", children=TWO)
    assert (p.intent, p.code) == ("late", None), p.evidence


def test_minutes_away_to_collect_a_sick_child_is_not_late() -> None:
    p = run("the office rang to say Aoife has been sick, on my way to get her now, be about 20 mins",
            when="2026-12-02 11:20", children=TWO)
    assert (p.intent, p.code) == ("absence", "I"), p.evidence


@pytest.mark.parametrize("text", [
    "Good evening, Aoife's clinic appointment tomorrow has been cancelled so she will be in school as normal",
    "Sorry, Ronan's appointment has been cancelled so he'll be in all day, no need to collect him",
])
def test_an_update_that_no_day_is_missed_has_no_last_day(text: str) -> None:
    p = run(text, when="2026-12-01 17:45", children=TWO)
    assert (p.intent, p.last_day) == ("update", None), p.evidence


def test_coming_in_part_way_after_all_keeps_the_day() -> None:
    p = run("Ronan's migraine has eased so I'm bringing him in for the afternoon after all", when="2026-12-02 10:15", children=TWO)
    assert p.intent == "update" and p.last_day is not None, p.evidence


@pytest.mark.parametrize(("text", "code"), [
    ("Ronan came off his scooter and has broken his collar bone, he's in a sling. Off today and tomorrow", "I"),
    ("Aoife's nose has been bleeding on and off all night so she is staying home today", "I"),
    ("Ronan is really dizzy this morning so I'm keeping him off", "I"),
    ("Aoife had a bad night with her eczema, scratched herself raw, keeping her home today", "I"),
    ("Aoa, Ronan ka bazu toot gaya hai, hospital mein plaster laga hai. Aaj ghar pe rahe ga", "I"),
    ("Salam, Aoife er gaye dana uthse, daktar bollo chickenpox, school e pathabo na", "I"),
    ("مرحبا، رونان عنده صداع شديد ودوخة هذا الصباح، سيبقى في البيت اليوم", "I"),
    ("老师您好，Ronan今天早上肚子很疼，还吐了两次，今天在家休息", "I"),
    ("Aoife is having her brace fitted at the dental hospital at 9, she'll be in after", "M"),
    ("Доброго ранку. Ронан сьогодні буде в школі з 11:00, о 9:00 у нього сеанс терапії", "M"),
    ("Buna, Aoife are azi control la cardiologie la ora 9:00, vine la scoala dupa pranz", "M"),
])
def test_illness_and_appointment_words_of_round_16(text: str, code: str) -> None:
    p = run(text, when="2026-12-02 07:30", children=TWO)
    assert (p.intent, p.code) == ("absence", code), p.evidence


def test_a_parent_in_hospital_is_not_the_childs_appointment() -> None:
    p = run("Bună dimineața. Soțul meu e la spital cu piciorul rupt. Trebuie să merg la el, Ronan și Aoife nu vin azi",
            when="2026-12-02 07:30", children=TWO)
    assert (p.intent, p.code) == ("absence", "N"), p.evidence


@pytest.mark.parametrize(("text", "intent", "code"), [
    ("Dzień dobry, Ronan dzisiaj nie przyjdzie, w nocy wymiotował. Zgodnie z zasadą 48 godzin wróci w czwartek.", "absence", "I"),
    ("Evening, sorry to message so late. Ronan's been sick tonight so I'll keep him off tomorrow", "absence", "I"),
    ("Hi, Aoife needs a permission slip for the panto trip but I haven't got one, can you send another home?", "other", None),
    ("Здравейте. Моля да разрешите на Ронан да отсъства от 7 до 11 декември. Заминаваме за България.", "leave_request", None),
    ("Laba diena, prašau leisti Aoife praleisti pamokas gruodžio 10 ir 11 dienomis", "leave_request", None),
    ("Dobro utro, Ronan e bolen, ima temperatura i kashlitsa. Dnes ostava vkashti.", "absence", "I"),
    ("नमस्ते। आज Ronan लाई ज्वरो आएको छ, त्यसैले ऊ स्कुल आउँदैन।", "absence", "I"),
])
def test_words_and_phrasings_of_round_16_in_other_languages(text: str, intent: str, code: str | None) -> None:
    p = run(text, when="2026-11-17 07:30", children=TWO)
    assert (p.intent, p.code) == (intent, code), p.evidence
