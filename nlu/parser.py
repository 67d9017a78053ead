"""``parse``: turn one parent message into a provisional Proposal.

Order of work: clean the text, run the spaCy pipeline (norms, cue spans, intent scores),
then the rule modules for intent, pupils, code, days, sessions, safeguarding and language.
Never reads the clock: every relative date is resolved against ``received_at``.
"""

from __future__ import annotations

import gc
import logging
import re
import unicodedata
from collections.abc import Container, Sequence
from datetime import date, datetime, timezone

from nlu.codes import CodeDecision, decide_code
from nlu.components import SAFEGUARDING_LABEL
from nlu.context import MessageContext
from nlu.dates import DateReader, default_day, local_received
from nlu.intents import combine, rule_intent
from nlu.language import guess_language
from nlu.pipeline import get_pipeline
from nlu.proposal import Child, Proposal
from nlu.pupils import find_pupils, name_forms
from nlu.safeguarding import find_safeguarding
from nlu.sessions import guess_sessions

logger = logging.getLogger(__name__)

MAX_CHARS = 3000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


#: spaCy's tokenizer strips a suffix mark one at a time and searches the rest again each time: a word-free run
#: of marks ("!!!!..." 2,400 long) took a second. Four or more of one mark are read as three ("!!!" says as
#: much), and of a run of 40+ marks or emoji of any kind ("😷🤒😷🤒..."), the first 40 are kept, in pieces of 20.
MARK_RUN_KEPT = 40
_REPEATED_MARK = re.compile(r"([^\w\s])\1{3,}")
#: Arabic-Indic and Persian digits read as 0-9, so that times and dates in Arabic, Urdu or Pashto messages are read.
_WESTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: spaCy keeps a full stop on a word with "&" ("D&V." and "A&E." are one token, unknown to the lexicon): split it off.
_AMPERSAND_STOP = re.compile(r"(\w&\w{1,3})\.(?=\s|$)")
_MARK_RUN = re.compile(r"[^\w\s]{40,}")
#: Voice-to-text writes punctuation as words ("he's got a bug full stop won't be in"): the marks they name.
_SPOKEN_MARK = re.compile(r"\s+(full stop|comma|question mark|exclamation mark)\b(?=\s|$)", re.IGNORECASE)
_SPOKEN = {"full stop": ".", "comma": ",", "question mark": "?", "exclamation mark": "!"}


#: Chinese and Japanese write no spaces: a Latin name against them ("Leo今天发烧") is set apart so it is a word.
_LATIN_CJK = re.compile(r"(?<=[A-Za-z])(?=[\u3040-\u30ff\u4e00-\u9fff])|(?<=[\u3040-\u30ff\u4e00-\u9fff])(?=[A-Za-z])")


def clean_text(text: str) -> str:
    """Remove control and direction characters, normalise Unicode, cap the length."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text).replace("\r", "\n")
    text = text.translate(_WESTERN_DIGITS)
    text = text.replace("’", "'").replace("‘", "'").replace("؟", "?").replace("？", "?")
    text = _REPEATED_MARK.sub(r"\1\1\1", text)
    text = _AMPERSAND_STOP.sub(r"\1 .", text)
    text = _MARK_RUN.sub(lambda m: m.group(0)[:20] + " " + m.group(0)[20:MARK_RUN_KEPT], text)
    text = _SPOKEN_MARK.sub(lambda m: _SPOKEN[m.group(1).lower()], text)
    text = _LATIN_CJK.sub(" ", text)
    return text[:MAX_CHARS].strip()


def _child_names(children: Sequence[Child]) -> set[str]:
    names: set[str] = set()
    for child in children:
        for name in (child.first_name, child.preferred_name):
            if name:
                names |= set(name_forms(name))
    return names


#: Fictional messages parsed once at start-up, so that no parent's message pays for the lazily built parts.
WARM_UP_MESSAGES = (
    "Morning, Ada has a temperature and won't be in today, sorry",
    "Ben has the dentist at 10.30 tomorrow, I'll bring him in after",
    "please can you approve Ada missing Friday for a family wedding?",
)


def warm_up() -> None:
    """Load the pipeline and parse a few messages; then keep the long-lived objects out of the collector's way.

    The first parse builds patterns and caches (about half a second). The model leaves some 85,000
    objects that every full collection walks (60 ms, landing on whichever message is being read);
    ``gc.freeze`` moves what exists now out of reach of later collections.
    """
    children = [Child("1", "Ada", "Okafor", year="3"), Child("2", "Ben", "Okafor", year="5")]
    received = datetime(2026, 11, 16, 7, 45, tzinfo=timezone.utc)
    for message in WARM_UP_MESSAGES:
        parse(message, received_at=received, children=children)
    gc.collect()
    gc.freeze()


def parse(
    text: str,
    *,
    received_at: datetime,
    children: Sequence[Child],
    calendar: Container[date] | None = None,
) -> Proposal:
    """Propose intent, pupils, code, days, sessions and safeguarding for one message."""
    try:
        return _parse(clean_text(text), received_at, list(children), calendar)
    except Exception:  # a bad message must never stop the absence line
        logger.exception("NLU failed on a message; proposing 'other' for staff to read")
        return Proposal("other", "ask" if len(children) != 1 else [children[0].id], None, None, None, None,
                        False, 0.0, ["error: could not read the message - staff please read"], "other")


#: The text classifier's confidence in an absence above which its illness or appointment is taken as the reason,
#: where the rules read another intent (round 14: of 38 such messages in dev + a-v, 34 were I or M, 2 N; all
#: those 34 but three had the classifier at 0.90 or more).
SURE_ABSENCE = 0.8


def _parse(text: str, received_at: datetime, children: list[Child], calendar: Container[date] | None) -> Proposal:
    received = local_received(received_at)
    nlp = get_pipeline()
    doc = nlp(text)
    ctx = MessageContext.from_doc(doc)
    lang = guess_language(text)
    names = _child_names(children)

    after_school = received.weekday() >= 5 or received.hour + received.minute / 60 >= 15.5
    session_guess = guess_sessions(ctx.norm_text, after_school, appointment=bool(ctx.get("MED")))
    part_day = session_guess.sessions != "ALL"
    code = decide_code(ctx, names, part_day)
    reason_given = code.code in ("I", "M") or any(not ctx.overlaps(c, "SAFEGUARDING") for c in ctx.get("NONMED_STRONG"))
    has_illness = any(not ctx.negated(c) for c in ctx.get("ILL"))
    late_in_day = received.weekday() >= 5 or received.hour >= 12
    rule = rule_intent(ctx, reason_given, code.code == "M", text, names, has_illness, late_in_day)
    foreign_question = "?" in text and not ctx.get("ILL")
    if not lang.english and rule.strength < 0.7 and text and not foreign_question:
        rule.intent, rule.strength, rule.evidence = "absence", 0.5, "intent: absence assumed (not English)"
    intent_cats = {k: v for k, v in doc.cats.items() if k != SAFEGUARDING_LABEL}
    intent, intent_conf, intent_ev = combine(rule, intent_cats or None)

    if intent == "absence" and rule.intent != "absence" and code.code in ("I", "M") and intent_conf < SURE_ABSENCE:
        # Safety net: the rules did not read this as a new absence and the text classifier is not sure it is
        # one, so the illness/appointment is not clearly the reason for an absence: N pending review.
        code = CodeDecision("N", 0.4, [f"code: N for review - {code.code} words found, but not clearly the reason for an absence",
                                       *code.evidence])
    pupils = find_pupils(text, children, intent)
    evidence = [intent_ev, *pupils.evidence]

    reader = DateReader(ctx.norm_text, received, calendar)
    reader.scan()
    # part of the day missed (an absence, or an update "I'll bring her in for 11"): the span is that one day
    days = reader.resolve(intent, part_day and intent in ("absence", "update"), code.code == "M")
    sessions = session_guess.sessions if intent == "absence" else None
    proposed_code = code.code if intent == "absence" else None
    if intent == "absence":
        evidence += code.evidence
        if session_guess.evidence:
            evidence.append(session_guess.evidence)
    evidence += days.evidence
    if intent != "other" and days.first_day and not days.explicit:
        evidence.append(f"date: none given -> {days.first_day:%a %d %b}")

    safeguarding = find_safeguarding(ctx)
    evidence += safeguarding.evidence
    if lang.evidence:
        evidence.append(lang.evidence)

    confidence = intent_conf
    if intent == "absence":
        confidence *= code.certainty
    if pupils.pupils == "ask":
        confidence *= 0.7
    if not lang.english:
        confidence *= 0.6
    first_day, last_day = (days.first_day, days.last_day) if intent != "other" else (None, None)
    if intent != "other" and first_day is None:
        first_day = default_day(received, calendar)
    return Proposal(
        intent=intent,
        pupils=pupils.pupils,
        code=proposed_code,
        first_day=first_day,
        last_day=last_day,
        sessions=sessions,
        safeguarding=safeguarding.flagged,
        confidence=max(0.0, min(1.0, confidence)),
        evidence=[e for e in evidence if e],
        language=lang.code,
    )
