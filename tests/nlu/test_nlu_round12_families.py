"""Families from round 12 of error analysis (unseen_o and unseen_p, first scored before any tuning), in our own wording."""

from __future__ import annotations

import pytest

from nlu import Child
from tests.nlu.nlu_helpers import run

ONE = [Child("P1", "Tomas", "Reid", "4")]
TWO = [Child("P1", "Nadia", "Okafor", "6"), Child("P2", "Femi", "Okafor", "3")]
THREE = [Child("P1", "Jayden", "Moss", "7"), Child("P2", "Kayla", "Moss", "5"), Child("P3", "Tia", "Moss", "2")]


@pytest.mark.parametrize("text", [
    "tomas cant keep anything down since last night so hes staying home",
    "Tomas is having his tonsils removed today so he'll be off all week",
    "tomas went over on his ankle at rugby and cant put any weight on it, off today",
    "we're at the hospital with tomas, his wrist is broken, not in today",
    "Tomas has had an allergic reaction, his eyes swelled up, keeping him off",
    "tomas is burning up this morning so he's staying off",
    "Tomas has bronchitus again, the GP says rest, off today",
    "Tomas had a panic attack at breakfast and is in no state to come in, the GP knows",
])
def test_illness_and_injury_in_everyday_words_is_I(text: str) -> None:
    p = run(text, children=ONE)
    assert (p.intent, p.code) == ("absence", "I"), p.evidence


@pytest.mark.parametrize("text", [
    "Tomas sees his CBT worker at 9.30, I'll bring him in after",
    "tomas has his asthma check at the health centre at 8.50 then school",
    "Tomas ma wizytę u psychologa o 10:00, potem przyjdzie do szkoły",
])
def test_talking_therapies_and_condition_checks_are_M(text: str) -> None:
    p = run(text, children=ONE)
    assert (p.intent, p.code) == ("absence", "M"), p.evidence


@pytest.mark.parametrize("text", [
    "Tomas is poorly with a bad cough, I'm his grandad and I am looking after him today",
    "I'm a police officer on an early shift so his mum forgot to ring, Tomas has a stomach bug and is off today",
])
def test_who_the_sender_is_is_not_a_second_reason(text: str) -> None:
    p = run(text, children=ONE)
    assert (p.intent, p.code) == ("absence", "I"), p.evidence


@pytest.mark.parametrize("text", [
    "we all slept through the alarm so tomas will not come today, sorry",
    "overslept again and it's far too late now so he's not going in today",
])
def test_overslept_so_not_coming_is_an_absence_not_a_late(text: str) -> None:
    p = run(text, children=ONE)
    assert (p.intent, p.code, p.sessions) == ("absence", "N", "ALL"), p.evidence


@pytest.mark.parametrize("text", [
    "nadia is still off today, femi's coming in",
    "Nadia still off. Femi is in",
])
def test_update_about_one_child_leaves_out_the_sibling_in_school(text: str) -> None:
    p = run(text, children=TWO)
    assert p.pupils == ["P1"], p.evidence


def test_update_keeps_a_child_coming_back_after_all() -> None:
    p = run("Femi is feeling better so coming in after all, Nadia still off", children=TWO)
    assert p.pupils == ["P1", "P2"], p.evidence


@pytest.mark.parametrize("text", [
    "Nadia ko bukhar hai aaj ghar pe rahegi, Femi school gaya hai",
    "Bom dia, a Nadia tem febre e fica em casa hoje. O Femi já foi.",
    "Günaydın, Nadia hasta, bugün gelmeyecek. Femi okulda.",
])
def test_sibling_in_school_in_other_languages_is_left_out(text: str) -> None:
    p = run(text, children=TWO)
    assert p.pupils == ["P1"], p.evidence


def test_everyday_word_short_form_paired_with_a_sibling_is_that_child() -> None:
    p = run("jay and tia both have the sickness bug so off today, kayla's in", children=THREE)
    assert p.pupils == ["P1", "P3"], p.evidence


def test_a_common_word_alone_is_not_a_child() -> None:
    p = run("saw a jay in the garden this morning, tia is off with a cold", children=THREE)
    assert p.pupils == ["P3"], p.evidence


@pytest.mark.parametrize("text", [
    "Please can you approve Tomas leaving at 1pm on Friday 4th December for his grandad's funeral",
    "Could you approve Tomas missing school on Monday 7th December? We fly back that morning",
    "please can you approve tomas being off on the 10th, the letter from his club is on the app",
])
def test_please_can_you_approve_is_a_leave_request(text: str) -> None:
    p = run(text, children=ONE)
    assert p.intent == "leave_request", p.evidence


def test_an_ordinal_before_a_vaccine_is_not_a_date() -> None:
    p = run("Tomas has his 2nd MMR at the surgery at 8.40, will bring him in straight after", children=ONE)
    assert (p.code, p.sessions, p.first_day.isoformat()) == ("M", "AM", "2026-11-17"), p.evidence


@pytest.mark.parametrize("text", [
    "Dzień dobry, Tomas przyjdzie dziś później, około 10:30, bo jedzie do dentysty",
    "Tomas maanta ballan dhakhtar saacadda 9:00. Kadib waan keenayaa iskuulka",
])
def test_coming_in_later_in_other_languages_is_the_morning(text: str) -> None:
    p = run(text, children=ONE)
    assert p.sessions == "AM", p.evidence


@pytest.mark.parametrize("text", [
    "Bom dia, fomos despejados ontem e estamos a dormir no carro, o Tomas não vai hoje",
    "Tomas refuză să vină la școală, colegii râd de el în fiecare zi",
    "Tomas bu sabah panik atak geçirdi, okul yüzünden çok kaygılı, evde kalacak",
    "tomas will be late, he has his youth offending worker at 9",
])
def test_cues_in_other_languages_and_youth_justice_are_flagged(text: str) -> None:
    assert run(text, children=ONE).safeguarding is True
