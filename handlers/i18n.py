"""Replies in the parent's language, from gettext catalogues (`handlers/locale/<lang>.po`), English the fallback.

The parent's language is the one their message is written in, when it is one
of `LANGUAGES`; else the one the roll gives for the contact (optional
`language` column, kept on `Contact.language`); else English. English replies
keep their own wording in `handlers.replies`; every other language renders
the templates below (msgids are the English text), with day names from
Babel's CLDR data. A template missing from a catalogue falls back to English.
Catalogues are read with Babel at first use; nothing is compiled at install.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.pofile import read_po

from store.languages import LANGUAGES

LOCALE_DIR = Path(__file__).parent / "locale"

#: Urdu is answered in Latin script (how parents write it to the school), with English day names.
LATIN_DATES = frozenset({"ur"})
UCS2_SCRIPTS = frozenset({"ar", "bn", "uk"})

#: Every parent-facing template, by key: the English msgid. Placeholders in braces.
TEMPLATES: dict[str, str] = {
    "thanks_name": "Thanks, {name}.",
    "thanks": "Thanks.",
    "recorded": "{thanks} Absence recorded for {names}{part}, {when}{reason}. The office will confirm.",
    "part_am": " (morning)",
    "part_pm": " (afternoon)",
    "reason_I": ", because of illness",
    "reason_M": ", for a medical appointment",
    "when_today": "today, {day}",
    "when_tomorrow": "tomorrow, {day}",
    "when_on": "on {day}",
    "when_range": "from {first} to {last}",
    "and": " and ",
    "already": "{thanks} We already have this absence of {names} recorded and have added your message. The office will confirm.",
    "reason_added": "{thanks} We have added that to the absence record. The office will confirm.",
    "late_noted": "{thanks} Noted: {names} will be late {when}. Please sign in at the school office on arrival.",
    "late_after_close": "The register has closed, so this may count as an unauthorised late.",
    "late_already": "{thanks} We already have a note that {names} will be late {when}.",
    "leave_requested": "{thanks} The office has your request. Leave in term time is decided by the school; you will get an answer.",
    "update_passed": "{thanks} Your update about {names} has been passed to the school office.",
    "passed_to_office": "{thanks} Your message has been passed to the school office.",
    "question_queued": "{thanks} We have your message and will look at it once you have answered our first question.",
    "reason_question": "Can you tell us the reason {names} is off? A short reply is fine.",
    "which_child": "Which child is this about? Reply {choices}, or their name.",
    "which_child_short": "Which child is this about?",
    "choice": "{n} for {name}",
    "choice_both": "{n} for both",
    "choice_all": "{n} for all",
    "or": " or ",
    "button_both": "Both",
    "button_all": "All of them",
    "school_closed": "{thanks} School is closed on {day}, so there is nothing to record for {name}.",
    "return_day": "Health advice (UKHSA): the earliest return to school is {day}.",
    "return_recovered": "Health advice (UKHSA): stay at home until recovered.",
    "chaser": "{school}: {name} is not in school today ({day}) and we have not been told why. Please reply with the reason.",
    "chaser_pm": "{school}: {name} is not in school this afternoon ({day}) and we have not been told why. Please reply with the reason.",
    "unauthorised": "{school}: the absence of {name} on {days} is being recorded as unauthorised ({code}). If this is wrong, please contact the office.",
    "leave_approved": "{school}: the leave of absence for {name} on {days} is approved. It will be recorded as authorised ({code}).",
    "leave_refused": "{school}: the leave of absence for {name} on {days} is not approved. If {name} is absent then, it will be unauthorised ({code}).",
    "attendance_report": "{school}: attendance of {name} this half-term {term}%, this school year {year}%. {meaning}",
    "attendance_good": "Thank you, that is good attendance.",
    "attendance_low": "Every day counts: the school aims for 96% or more.",
    "attendance_pa": "Below 90% is persistent absence; the school will be in touch to help.",
    "evidence_request": "{school}: please send evidence for the absence of {name} on {days}, such as an appointment card or letter. A photo is fine.",
    "evidence_received": "{thanks} We have added it to the absence record of {name} ({day}) for the office.",
    "unknown_sender": "Thank you for your message. We could not match this number to our records, so it has been passed to the school office.",
    "help": "Tell us here if your child is off, e.g. 'Oliver is ill today', and why. For anything urgent, phone the school office.",
}


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """msgid -> msgstr of one language (empty when it has no catalogue)."""
    path = LOCALE_DIR / f"{lang}.po"
    if lang not in LANGUAGES or not path.exists():
        return {}
    with path.open("rb") as handle:
        cat = read_po(handle, locale=None)
    return {str(m.id): str(m.string) for m in cat if m.id and m.string and not m.fuzzy}


def tr(lang: str, key: str, **values: object) -> str:
    """Template `key` in `lang` (English when the catalogue lacks it), formatted with `values`."""
    english = TEMPLATES[key]
    text = catalogue(lang).get(english, english) if lang != "en" else english
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return english.format(**values)


def day(lang: str, value: dt.date) -> str:
    """A day as the replies write it: "Mon 23 Nov" in English, the CLDR short form in the others."""
    if lang == "en" or lang in LATIN_DATES:
        return f"{value:%a} {value.day} {value:%b}"
    # In a script SMS sends as UCS-2 (67 characters a segment) the weekday is left out: "23 نوفمبر"
    return format_date(value, "d MMM" if lang in UCS2_SCRIPTS else "EEE d MMM", locale=lang)


def reply_language(message_language: str | None, contact_language: str | None) -> str:
    """The language to answer in: the message's when supported, else the contact's, else English."""
    if message_language in LANGUAGES:
        return message_language  # type: ignore[return-value]
    if message_language == "en":
        return "en"
    if contact_language in LANGUAGES:
        return contact_language  # type: ignore[return-value]
    return "en"
