"""Families from round 14 of error analysis (unseen_u and unseen_v, first scored before any tuning), in our own wording."""

from __future__ import annotations

import pytest

from nlu import Child
from nlu.parser import clean_text
from tests.nlu.nlu_helpers import run

ONE = [Child("P1", "Tomek", "Wrona", "6")]


@pytest.mark.parametrize("text", [
    "Dzien dobry, Tomek ma goraczke i zostaje dzisiaj w domu",
    "Tomek ma zapalenie ucha, dzisiaj nie przyjdzie",
    "Buna dimineata, Tomek si-a rupt mana aseara, azi nu vine",
    "Bom dia, o Tomek está com virose e vomitou a noite toda, fica em casa hoje",
    "tomek off today. Ear.",
    "Tomek was up all night with his ear, keeping him home today",
    "Tomek had two hypos in the night so the diabetes nurse said keep him home today",
    "Tomek is having his grommets put in tomorrow so he won't be in",
    "tomek has a really bad year ache comma he won't be in today full stop",
])
def test_illness_words_of_round_14_are_I(text: str) -> None:
    p = run(text, children=ONE)
    assert (p.intent, p.code) == ("absence", "I"), p.evidence


@pytest.mark.parametrize("text", [
    "Tomek won't be in today, he has his hospital app in Leeds for his kidneys, letter to follow",
    "Dzien dobry, Tomek ma dzisiaj kontrole u kardiologa w szpitalu o 11, nie przyjdzie",
    "Labas, Tomek siandien neateis, vaziuojam pas gydytoja 10 val",
    "Здравейте, Томек има час при зъболекар днес в 11, няма да дойде",
    "Tomek has his cochlear implant mapping at 10 so he'll be off all day",
])
def test_appointments_of_round_14_are_M(text: str) -> None:
    p = run(text, children=ONE)
    assert (p.intent, p.code) == ("absence", "M"), p.evidence


def test_a_grommets_check_stays_an_appointment() -> None:
    p = run("Tomek has his grommets check at ENT at 11.20, I'll collect him at 10.45", children=ONE)
    assert p.code == "M", p.evidence


def test_an_educational_assessment_is_not_medical() -> None:
    p = run("Tomek has his dyslexia assessment with the educational psychologist at 9, back for lunch", children=ONE)
    assert p.code == "N", p.evidence


def test_spoken_punctuation_is_read_as_marks() -> None:
    assert clean_text("he has a bug full stop won't be in comma sorry") == "he has a bug. won't be in, sorry"


def test_a_sure_classifier_keeps_the_illness_as_the_reason() -> None:
    # the rules read "if he is better tomorrow" as an update; the classifier is sure of a new absence with the flu
    p = run("Buenos días, Tomek no va a ir hoy al colegio porque tiene gripe y fiebre alta. Mañana les aviso si ya está mejor",
            children=ONE)
    assert (p.intent, p.code) == ("absence", "I"), p.evidence


TWO = [Child("P1", "Tomek", "Wrona", "6"), Child("P2", "Hania", "Wrona", "2")]


@pytest.mark.parametrize("text", [
    "Tomek has a temperature so he's staying home today. Hania will be on the bus",
    "Tomek's got tonsillitis, won't be in today. Hania will",
    "Tomek has got chickenpox, he's off this week. Hania's already had it",
    "Tomek has a migraine and won't be in today. Hania is walking in with her friend",
    "Tomek has a fever, keeping him home. Hania's dad is dropping her in",
    "Buna seara, Tomek are varicela, sta acasa. Hania a avut-o deja, vine normal",
    "Labas, Tomek serga, siandien neateis. Hania ateis normaliai",
])
def test_a_sibling_going_in_as_usual_is_left_out(text: str) -> None:
    p = run(text, children=TWO)
    assert (p.intent, p.pupils) == ("absence", ["P1"]), p.evidence


@pytest.mark.parametrize("text", [
    "Buna ziua, va rog sa aprobati ca Tomek sa lipseasca vineri 11 decembrie, mergem la o nunta",
    "Zdraveite, molia za razreshenie Tomek da otsastva ot 7 do 9 dekemvri, patuvame",
])
def test_leave_requests_of_round_14(text: str) -> None:
    p = run(text, children=ONE)
    assert p.intent == "leave_request", p.evidence


@pytest.mark.parametrize("text", [
    "Boa noite, amanhã o Tomek vai chegar atrasado, chega por volta das 9h30",
    "Dzien dobry, Tomek spozni sie dzisiaj, autobus sie zepsul",
    "Dzien dobry, Tomek bedzie w szkole o 9.40, autobus sie zepsul",
])
def test_late_arrivals_of_round_14(text: str) -> None:
    p = run(text, children=ONE)
    assert p.intent == "late", p.evidence


def test_a_consulate_is_not_a_consultation() -> None:
    p = run("Buna ziua, Tomek nu vine azi, mergem la consulat la Londra pentru pasaport", children=ONE)
    assert (p.intent, p.code) == ("absence", "N"), p.evidence


@pytest.mark.parametrize("text", [
    "Sorry, Tomek's dentist is actually Friday 11th not today, I got my dates muddled",
    "Sorry I put the wrong date on my message, Tomek's eye test is next week, so he's in today as normal",
    "Tomek's temperature is back to normal, he'll be back tomorrow. Thanks for ringing",
    "Tomek will be back on Monday, the GP said the spots are not contagious",
])
def test_dates_put_right_and_recovery_news_are_updates(text: str) -> None:
    p = run(text, children=ONE)
    assert (p.intent, p.code) == ("update", None), p.evidence
