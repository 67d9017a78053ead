"""Families from round 18 of error analysis (sessions and the days of a part-day appointment), in our own
wording, with names the unseen sets do not use."""

from __future__ import annotations

import pytest

from nlu import Child
from tests.nlu.nlu_helpers import run

ONE = [Child("P1", "Wren", "Hollis", "5")]


@pytest.mark.parametrize("text", [
    "Wren has the orthodontist at 8.50, I'll get him to reception for about 10.15",
    "Wren at the dentist for 9.20 will have him back for 11ish",
    "optician half 9 then back in",
    "Wren has his hearing check at the clinic at 9.15. He will resume lessons straight after",
    "Wren has his hearing check this morning, he will come after",
    "Wren has a dentist appt at 8.40 so he'll be a bit late",
    "Wren won't be in till lunchtime, he has his jabs at the surgery",
    "Bom dia, o Wren tem consulta no oftalmologista às 9h, levo ele para a escola depois",
    "Доброго ранку, Wren сьогодні прийде пізніше, о 9:00 у нього прийом у лікаря",
    "Dzień dobry, Wren będzie dzisiaj później, ma wizytę u dentysty o 9:00",
    "Labas rytas, Wren šiandien vėluos, turi vizitą pas gydytoją 9.00",
    "Buna dimineata, Wren are programare la medic la ora 9, apoi il aduc la scoala",
    "Salam, Wren ki aaj 9 baje dentist ki appointment hai, phir school le aaungi",
    "Wren er aaj 9 tay doctor appointment, tarpor school e niye ashbo",
])
def test_a_morning_appointment_then_school_is_the_morning_only_and_that_one_day(text: str) -> None:
    p = run(text, when="2026-11-18 07:40", children=ONE)
    assert (p.intent, p.code, p.sessions) == ("absence", "M", "AM"), p.evidence
    assert (str(p.first_day), str(p.last_day)) == ("2026-11-18", "2026-11-18"), p.evidence


@pytest.mark.parametrize("text", [
    "Wren has a GP appointment at 9.30 and then he'll be at home for the rest of the day",
    "Wren has the dentist at 10, he won't be in at all today",
    "Wren has the dentist at 9 and I'm collecting him at 1.45 for his eye test",
])
def test_an_appointment_with_the_whole_day_or_leaving_is_not_the_morning_only(text: str) -> None:
    p = run(text, when="2026-11-18 07:40", children=ONE)
    assert p.sessions != "AM", p.evidence


@pytest.mark.parametrize(("text", "code"), [
    ("Dobrý deň, Wren dnes nepríde, má chrípku a vysoké teploty.", "I"),
    ("Dobrý deň, Wren má dnes očkovanie u lekára, nepríde do školy.", "M"),
    ("Roj baş, Wren îro nayê dibistanê, serma bûye û kokey heye", "I"),
    ("ሰላም፡ Wren ሎሚ ኣይክመጽእን እዩ፡ ሰዓል ሒዝዎ ኣሎ።", "I"),
    ("sat sri akal, Wren da gitta mud gaya, ajj school nahi aauga", "I"),
    ("Buna ziua, Wren a fost operat de apendicita, sta acasa azi", "I"),
    ("Wren has impertigo round his mouth so he's off today", "I"),
])
def test_illness_and_appointment_words_in_more_languages_give_the_code(text: str, code: str) -> None:
    p = run(text, when="2026-11-18 07:40", children=ONE)
    assert (p.intent, p.code) == ("absence", code), p.evidence


def test_a_grandparent_ill_in_slovak_is_not_the_childs_illness() -> None:
    p = run("Dobrý deň, babka je chorá, letíme na Slovensko, Wren nepríde do školy.", when="2026-11-18 07:40",
            children=ONE)
    assert p.code == "N", p.evidence


TWO = [Child("P1", "Wren", "Hollis", "5"), Child("P2", "Ayla", "Hollis", "2")]


@pytest.mark.parametrize("text", [
    "Dobrý deň, Wren dnes nepríde, má chrípku. Ayla pôjde normálne.",
    "Wren ne ulti thay che, aaje school nai aave. Ayla aavse.",
    "Silav, Wren îro nikare were dibistanê, nexweş e. Ayla dê were.",
    "Wren کو بخار ہے، آج سکول نہیں آئے گا۔ Ayla وقت پر آئے گی۔",
])
def test_the_sibling_coming_in_in_another_language_is_not_off(text: str) -> None:
    p = run(text, when="2026-11-18 07:40", children=TWO)
    assert (p.intent, p.pupils) == ("absence", ["P1"]), p.evidence
