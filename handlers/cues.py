"""Safeguarding cues in a parent's message, and small talk that must never raise one.

A cue goes to the DSLs of the school of each pupil it may be about, whatever
else happens; the parent is told nothing of it and the office card does not
quote it. A message that is only thanks, an acknowledgement, an emoji or one
of a few bare words ("yes", "no", "help", "ok", "tap") is small talk: it closes
the conversation quietly and never raises an alert.
"""

from __future__ import annotations

import re
import unicodedata

from handlers.alerts import pupil_label, raise_alert
from handlers.turn import Turn
from store.models import Pupil

SMALL_TALK_WORDS = frozenset(
    """
    thanks thank thankyou thx ty ta tq cheers ok okay okey okie k kk great lovely perfect brilliant fab fabulous fine
    cool super nice good yes yeah yep yup yea no nope nah sure noted got it will do done received understood
    appreciated appreciate much so very many again you u all right alright np problem worries help info tap
    bye goodbye hi hello morning x xx xxx the that thats that's sounds lots for your a bit
    """.split()
)
MAX_SMALL_TALK_WORDS = 6
HELP_WORDS = frozenset({"help", "info", "?"})


def is_small_talk(text: str) -> bool:
    """Thanks, acknowledgements, emoji and bare words: nothing to record and nothing to alert on."""
    cleaned = "".join(ch for ch in text.lower() if unicodedata.category(ch)[0] in ("L", "N", "Z") or ch in "'")
    words = re.findall(r"[a-z0-9']+", cleaned)
    if not text.strip():
        return False
    if not words:
        return True  # emoji and punctuation only
    return len(words) <= MAX_SMALL_TALK_WORDS and all(w in SMALL_TALK_WORDS for w in words)


def asks_for_help(text: str) -> bool:
    return text.strip().lower().strip("!.") in HELP_WORDS


def raise_cue(turn: Turn, pupils: list[Pupil]) -> None:
    """Alert the DSLs of each pupil's school; with no pupil named, every school of the family (its own pupils only)."""
    turn.sensitive = True
    c = turn.contact
    details = f"Message from {c.name or 'a contact'} ({c.relationship or 'contact'}) by {turn.msg.channel} at {turn.local:%H:%M %a %d %b}: “{turn.msg.text}”"
    key = f"cue:{turn.msg.inbound_id}"
    for pupil in pupils:
        turn.out += raise_alert(
            turn.session, school=turn.school_of(pupil), pupil=pupil, kind="cue", details=details,
            dedupe_key=f"{key}:{pupil.id}", now=turn.now,
        )
    if pupils:
        return
    for school in turn.sender.family_schools:
        linked = "; ".join(pupil_label(p) for p in turn.sender.pupils_at(school.id))
        extra = f" Linked pupils: {linked}" if linked else ""
        turn.out += raise_alert(
            turn.session, school=school, pupil=None, kind="cue", details=details + extra,
            dedupe_key=f"{key}:contact:{school.id}", now=turn.now,
        )
