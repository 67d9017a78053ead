"""Issue 15 point 6: every template in every language, placeholders kept, each within 2 SMS segments; a Polish
report answered in Polish, the chaser in the contact's language, English unchanged."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from handlers.gsm import gsm_text
from handlers.i18n import LANGUAGES, TEMPLATES, catalogue, day, reply_language, tr
from store.db import session_scope
from store.languages import roll_language
from store.models import Contact
from store.settings import Settings
from tests.handlers.parent_dialogue import MONDAY_0745, SARAH_PHONE, SARAH_TG, Dialogue, seed_families, sms_segments

MON = dt.date(2026, 11, 23)
#: Realistic values for every placeholder: long-ish names, a school name, a date in the language.
SAMPLE = {
    "name": "Aleksandra", "names": "Aleksandra (3B) i Kuba (5C)", "school": "Oakfield Primary School", "code": "O",
    "n": 3, "choices": "1 = Aleksandra, 2 = Kuba, 3 = oboje", "part": "", "reason": "", "when": "",
}


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _values(lang: str) -> dict[str, object]:
    d = day(lang, MON)
    return SAMPLE | {"day": d, "first": d, "last": day(lang, MON + dt.timedelta(days=4)), "days": f"{d} - {d}",
                     "thanks": tr(lang, "thanks_name", name="Małgorzata"), "when": tr(lang, "when_today", day=d),
                     "reason": tr(lang, "reason_I"), "part": tr(lang, "part_am"), "term": "94.5", "year": "89.5",
                     "meaning": max((tr(lang, k) for k in ("attendance_good", "attendance_low", "attendance_pa")), key=len)}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_is_translated_with_its_placeholders(lang: str) -> None:
    cat = catalogue(lang)
    missing = [key for key, english in TEMPLATES.items() if english not in cat]
    assert missing == [], f"{lang}: untranslated {missing}"
    for key, english in TEMPLATES.items():
        assert _fields(cat[english]) == _fields(english), (lang, key)
        if english[:1] in " ,":
            assert cat[english][:1] in " ,،", (lang, key)  # glued into a sentence


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_fits_two_sms_segments(lang: str) -> None:
    values = _values(lang)
    too_long = {}
    for key in TEMPLATES:
        text = gsm_text(tr(lang, key, **values))
        if sms_segments(text) > 2:
            too_long[key] = (len(text), text)
    assert too_long == {}, too_long


def test_fallbacks_and_choice_of_language() -> None:
    assert tr("xx", "thanks") == "Thanks." and tr("en", "thanks_name", name="Dan") == "Thanks, Dan."
    assert reply_language("pl", None) == "pl" and reply_language("en", "pl") == "en"
    assert reply_language("other", "ro") == "ro" and reply_language(None, None) == "en" and reply_language("fr", None) == "en"
    assert roll_language("Polish") == "pl" and roll_language("ukr") == "uk" and roll_language("English") is None
    assert roll_language("Bengali (Bangla)") == "bn" and roll_language("") is None
    assert re.search(r"\d", day("ar", MON))


@pytest.mark.parametrize("channel", ["sms", "telegram"])
def test_a_polish_report_is_answered_in_polish_and_remembered(sqlite_engine: Engine, settings: Settings, channel: str) -> None:
    seed_families(sqlite_engine)
    parent = Dialogue(sqlite_engine, settings, channel, SARAH_PHONE, SARAH_TG)
    reply = parent.reply("Dzień dobry, Oliver ma gorączkę i zostanie dziś w domu. Pozdrawiam")
    expected = tr("pl", "recorded", thanks=tr("pl", "thanks_name", name="Sarah"), names="Oliver (3B)", part="",
                  when=tr("pl", "when_today", day=day("pl", MON)), reason=tr("pl", "reason_I"))
    assert reply == (gsm_text(expected) if channel == "sms" else expected)
    assert "Smith" not in reply
    with session_scope(sqlite_engine) as s:
        assert {c.language for c in s.exec(select(Contact).where(Contact.phone == SARAH_PHONE)).all()} == {"pl"}
    # a short "ok" keeps Polish; an English sentence is answered in English
    later = parent.reply("dziekuje", MONDAY_0745 + dt.timedelta(minutes=3))
    assert later == "" or "Thanks" not in later
    english = parent.reply("Amelia has a dentist appointment at 2pm today, I will collect her at 1.30", MONDAY_0745 + dt.timedelta(minutes=9))
    assert english.startswith("Thanks, Sarah.")


def test_english_replies_are_unchanged(sqlite_engine: Engine, settings: Settings) -> None:
    seed_families(sqlite_engine)
    reply = Dialogue(sqlite_engine, settings, "sms", SARAH_PHONE, SARAH_TG).reply("Oliver has a temperature, keeping him home today")
    assert reply.startswith("Thanks, Sarah. Oliver (3B) is recorded as absent today, Mon 23 Nov, because of illness.")
