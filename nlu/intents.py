"""Intent of a message: absence, late, leave_request, update or other.

Hand-written rules find the clear cases (permission requests, "running late",
"still off", "ignore my last text"...); the project's trained text classifier decides
when the rules are not sure, and both feed the confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.context import MessageContext

INTENTS = ("absence", "late", "leave_request", "update", "other")

LEAVE_STRONG = re.compile(
    r"\b(permission|request|requesting|authoris\w*|authoriz\w*|leave of absence|give (him |her |them )?leave|"
    r"be excused|excused|term time holiday|holiday form)\b"
    r"|\b(could|can|may|might) (she|he|they|\w+) (please )?(have|take|miss|be off|be absent|be allowed)\b"
    r"|\b(would|we would|i would|i'd|we'd) like to (ask|take|request)\b|\bhead (would|will) agree\b"
    r"|\bcan i ask for\b|\bis it (ok|okay|possible) (for|if)\b"
)
LATE = re.compile(
    r"\b(late|running behind|on our way|on the way|walking in now|coming now|missed the bus|be there (in|by|about|around|at|asap|soon))\b"
)
LATE_NOT = re.compile(
    r"\b(late (message|text|msg|notice|reply|call)|late last night|very late|til late|till late|until late|"
    r"late night|late afternoon|late evening|late tonight|back late|late flight|late home|late back|"
    r"late in the day|late in replying|late in letting|late to let)\b"
)
UPDATE_STRONG = re.compile(
    r"\b(after all|ignore (my|the|that) (last|previous|earlier)|wrong child|made a mistake|my mistake|"
    r"just confirming|confirming|like i said|as i said|as mentioned|as discussed|still off|still not (in|well|better|coming)|"
    r"still poorly|still unwell|still ill|still sick|still in hospital|much better|feeling better|a lot better|"
    r"loads better|better now|on the mend|perked up|(is|are|feels|feeling) (ok|okay|fine) now|"
    r"(fit note|sick note|doctor's note|doctor note|appointment card|appointment letter|hospital letter|letter|evidence|proof|"
    r"prescription|note)\b.*\b(sent|emailed|uploaded|attached|handed|given|dropped|posted|on the app)|"
    r"(sent|emailed|uploaded|attached|handed in|given|dropped off|posted) .*\b(letter|note|card|evidence|proof|prescription)\b)"
)
BACK_ONLY = re.compile(r"\b(will be|be|is|are) back\b|\bback (on|tomorrow|monday|tuesday|wednesday|thursday|friday|in)\b|\breturn(ing)? (on|tomorrow)\b")
ABSENT = re.compile(
    r"\b(will not be in|not be in|not in\b|not coming|not come (in|to school|into school)|not going (in|to school)|not attend|not be attending|"
    r"off (today|school|sick|tomorrow|this|the rest|for|until|till|all)|be off|is off|been off|was off|absent|"
    r"stay(ing|s)? (at )?home|keep(ing)? (him|her|them) (home|off|in bed)|kept (him|her|them) (home|off)|"
    r"miss(ing)? (school|today|the day)|have to miss|not make it|not sending|not bringing|can not (bring|get|come|make)|"
    r"not be coming|taken (him|her|them) home|turned round|in bed|stay(ing|s)? off|home today|"
    r"zostanie w domu|nie przyjdzie|nu va veni|no va a ir|nahi aa|ma imaan|ne viendra|"
    r"not able to come|unable to (come|attend)|refus\w* to (come|go)|will not go (in|to school))\b"
)
OTHER = re.compile(
    r"\b(voucher|claim now|click|congratulations|winner|prize|wrong number|stop texting|stop messaging|"
    r"who is this|unsubscribe|parents evening|pe kit|uniform|dinner money|free school meals|school meals|"
    r"lunch money|trip money|jumper|costume|inhaler|collection list|new address|update (the|his|her|their|our) "
    r"(records|details|address|number)|phone number|email address|what time|did (he|she|they) get in|get in ok)\b"
    r"|^\s*/\w+|https?://|www\.|\.com\b"
)
COLLECT = re.compile(
    r"\b(collect(ing)? (him|her|them|\w+)|pick(ing)? (him|her|them|\w+) up|come for (him|her)|leave at|leaving at|"
    r"sign(ing)? (him|her) out|take (him|her) out at|leave early|leaving early)\b"
)
THANKS_ONLY = re.compile(r"^\W*(ok|okay|thanks|thank you|cheers|ta|great|lovely|perfect|no problem|will do|yes|no|👍|x+)\W*(thanks|thank you|x+)?\W*$")


@dataclass
class IntentDecision:
    """The intent with a rule strength and reason."""

    intent: str
    strength: float
    evidence: str


def rule_intent(ctx: MessageContext, has_child_reason: bool, has_appointment: bool, text: str) -> IntentDecision:
    """Decide the intent by rules; ``strength`` says how much the rules trust themselves."""
    t = ctx.norm_text
    if not re.search(r"[^\W\d_]", text) or THANKS_ONLY.match(t):
        return IntentDecision("other", 0.9, "intent: no absence content")
    if OTHER.search(t) and not ABSENT.search(t) and not (has_child_reason and re.search(r"\b(today|tomorrow)\b", t)):
        return IntentDecision("other", 0.85, f'intent: other ("{OTHER.search(t).group(0)}")')  # type: ignore[union-attr]
    leave = LEAVE_STRONG.search(t)
    if leave and not re.search(r"\b(today|this morning)\b", t):
        return IntentDecision("leave_request", 0.9, f'intent: leave request ("{leave.group(0)}")')
    update = UPDATE_STRONG.search(t)
    new_absence = ABSENT.search(t) and re.search(r"\b(again|today)\b", t) and has_child_reason and not re.search(r"\bstill (off|not in)\b", t)
    if update and not new_absence and not re.search(r"\b(to follow|will follow|will send (the|a|you))\b", t):
        return IntentDecision("update", 0.85, f'intent: update ("{update.group(0)[:40]}")')
    absent = ABSENT.search(t) or (COLLECT.search(t) if has_child_reason or re.search(r"\bat \d", t) else None)
    late = LATE.search(t)
    if late and absent and "late" not in late.group(0):
        late = None
    if late and not LATE_NOT.search(t[max(0, late.start() - 25) : late.end() + 25]):
        if has_appointment:
            return IntentDecision("absence", 0.7, "intent: absence (appointment, coming in late)")
        if not re.search(r"\b(not (be|coming|come) in (at all|today)|whole day|all day)\b", t):
            return IntentDecision("late", 0.85, f'intent: late ("{late.group(0)}")')
    if absent:
        return IntentDecision("absence", 0.8, f'intent: absence ("{absent.group(0)}")')
    if has_child_reason:
        return IntentDecision("absence", 0.8 if has_appointment or has_child_reason else 0.6, "intent: absence (reason given)")
    if BACK_ONLY.search(t):
        return IntentDecision("update", 0.6, "intent: update (back)")
    if "?" in text:
        return IntentDecision("other", 0.6, "intent: question")
    return IntentDecision("other", 0.3, "intent: unclear")


def combine(rule: IntentDecision, scores: dict[str, float] | None) -> tuple[str, float, str]:
    """Blend the rule decision with the text classifier's scores."""
    if not scores:
        return rule.intent, rule.strength, rule.evidence
    best = max(scores, key=lambda k: scores[k])
    if rule.strength >= 0.8 or best == rule.intent:
        agree = scores.get(rule.intent, 0.0)
        return rule.intent, min(0.99, 0.5 * rule.strength + 0.5 * agree), rule.evidence
    blended = {k: 0.55 * v + (0.45 * rule.strength if k == rule.intent else 0.0) for k, v in scores.items()}
    intent = max(blended, key=lambda k: blended[k])
    if intent == rule.intent:
        return intent, blended[intent], rule.evidence
    return intent, blended[intent], f"intent: {intent} (text classifier {scores[intent]:.2f})"
