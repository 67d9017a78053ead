"""STOP / START / HELP on the SMS line, as a carrier-compliant messaging service handles them.

A message that is exactly one of these keywords is not an absence report.
STOP (and its synonyms) opts the sender's contacts out of SMS; Twilio sends
the opt-out confirmation itself and blocks further messages, so no reply is
queued. START opts back in and confirms; HELP says what the line is for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.models import Contact

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
START_WORDS = frozenset({"START", "UNSTOP", "OPTIN"})
HELP_WORDS = frozenset({"HELP", "INFO"})


def keyword(text: str | None) -> str | None:
    """'stop', 'start' or 'help' when the whole message is such a keyword, else None."""
    word = re.sub(r"[^A-Za-z]", "", (text or "").strip()).upper()
    if not word or len((text or "").split()) > 1:
        return None
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    if word in HELP_WORDS:
        return "help"
    return None


def apply_keyword(word: str, contacts: Sequence[Contact], school_name: str) -> str | None:
    """Change the contacts' opt-out state for the keyword; return the reply text, if any."""
    if word == "stop":
        for contact in contacts:
            contact.sms_opted_out = True
        return None
    if word == "start":
        for contact in contacts:
            contact.sms_opted_out = False
        return f"{school_name}: you will get absence messages from us again. Reply STOP to opt out."
    return (
        f"{school_name} absence line: text your child's name and why they are off, e.g. "
        "'Oliver is ill today'. Reply STOP to opt out. For anything urgent, phone the school office."
    )
