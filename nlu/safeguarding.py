"""Safeguarding cues a designated safeguarding lead would want to see today.

High recall matters more than precision: a missed cue is worse than a false alarm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.context import MessageContext

# Cue phrases that need context the lexicon cannot give.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("leaving the country", re.compile(
        r"\b(going|go|moving|move|fly|flying|travel|travelling|returning|leaving) (back )?(to|for) "
        r"(pakistan|india|bangladesh|somalia|nigeria|ghana|poland|romania|lithuania|latvia|bulgaria|"
        r"albania|iraq|iran|syria|afghanistan|eritrea|ethiopia|sudan|yemen|turkey|jamaica|portugal|spain|"
        r"italy|brazil|morocco|algeria|egypt|kenya|uganda|zimbabwe|ukraine|russia|home|abroad|[a-z]+ country)"
        r"\b.*\b(for good|do not know how long|not sure how long|for (a few|2|3|two|three|some|several) months?|"
        r"months?|indefinitely|not coming back|permanently)\b")),
    ("young carer", re.compile(
        r"\b(no one|nobody) (else )?(to|who can) (help|look after|care for|see to) (me|his|her|my|the)\b"
        r"|\b(look|looking|care|caring|see|seeing) (after|for|to) (me|his mum|her mum|his dad|her dad|"
        r"his little|her little|his baby|her baby|the baby|his sister|her sister|his brother|her brother|mum|dad)\b")),
    ("protective instruction", re.compile(
        r"\b(do not|please do not|not) let (their|his|her|the) (dad|father|mum|mother|stepdad|step dad)\b"
        r"|\b(do not|please do not) (tell|give) (anyone|him|her|them) (where|our|the address)\b")),
    ("not come home", re.compile(r"\b(did not|has not|not) (come|came|been) home\b|\bstayed out all night\b")),
    ("hurt by an adult", re.compile(
        r"\b(dad|father|stepdad|step dad|boyfriend|partner|uncle|mum|mother) (hit|pushed|hurt|slapped|"
        r"punched|kicked|grabbed|threw|attacked|beat)\b")),
    ("bullying", re.compile(r"\b(picking on|saying (things )?about|nasty to|ganging up|being horrible|"
                            r"spreading|threatening) (him|her|them)\b|\bonline\b.*\b(saying|messages|photos)\b")),
    ("refusing or anxious", re.compile(r"\b(refus\w* to|will not) (get out of|leave) (the |his |her )?(car|house|bed|room|bathroom)\b|\brefus\w* to (come|go|attend)\b")),
]
EXCLUDE = re.compile(r"\bmissing (school|lessons|the bus|it|out|his|her|a|the)\b|\bpolice (officer )?visit(ed)? (the )?school\b")


@dataclass
class SafeguardingResult:
    """Whether there is a cue, and which words."""

    flagged: bool
    evidence: list[str]


def find_safeguarding(ctx: MessageContext) -> SafeguardingResult:
    """Return the safeguarding cues in a message."""
    text = ctx.norm_text
    hits: list[str] = []
    for cue in ctx.get("SAFEGUARDING"):
        if cue.text.lower().startswith("missing") and EXCLUDE.search(text):
            continue
        hits.append(cue.text)
    for label, pattern in PATTERNS:
        m = pattern.search(text)
        if m:
            hits.append(f"{label}: {m.group(0)[:60]}")
    if not hits:
        return SafeguardingResult(False, [])
    unique = list(dict.fromkeys(hits))
    return SafeguardingResult(True, [f'safeguarding: "{h}" - DSL please read' for h in unique[:3]])
