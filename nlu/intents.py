"""Intent of a message: absence, late, leave_request, update or other.

Hand-written rules find the clear cases (permission requests, "running late",
"still off", "ignore my last text"...); the project's trained text classifier decides
when the rules are not sure, and both feed the confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.context import MessageContext
from nlu.sessions import times_in

INTENTS = ("absence", "late", "leave_request", "update", "other")

LEAVE_STRONG = re.compile(
    r"\b(permission|request|requesting|authoris\w*|authoriz\w*|leave of absence|give (him |her |them )?leave|"
    r"be excused|excused|term time holiday|holiday form)\b"
    r"|\b(could|can|may|might) (she|he|they|\w+) (please )?(have|take|miss|be off|be absent|be allowed)\b"
    r"|\b(would|we would|i would|i'd|we'd) like to (ask|take|request)\b|\bhead (would|will) agree\b"
    r"|\bcan i ask for\b|\b(is|would|will) it be (ok|okay|possible|alright|all right) (for|if)\b|\bis it (ok|okay|possible|alright) (for|if)\b"
    r"|\b(zgod\w*|pozwoleni\w*|nieobecno\w*|permiso|permisiune|învoire|invoire|ijazat|autorisation|autorización)\b"
)
LEAVE_DAYOFF = re.compile(
    r"\b(day off|days off|week off|time off|the day|take (him|her|them|the kids|the children) out|be absent|miss school|to miss|"
    r"leave of absence|holiday|off school|finish (on|early)|finish school|nieobecno\w*)\b"
)
LEAVE_PAST = re.compile(
    r"\b(yesterday|last week|last (monday|tuesday|wednesday|thursday|friday)|was off|was absent|were off|were absent|"
    r"in (his|her|their) bag|for (his|her|their) absence)\b"
)
LATE = re.compile(
    r"\b(late|running behind|on our way|on the way|walking in now|coming now|missed the bus|be there (in|by|about|around|at|asap|soon)"
    r"|be in (by|for|around|about|at) \d+|be in soon|in as soon as|as soon as (i|we) can|get (him|her|them) in as soon|"
    r"atrasad\w*|spóźni\w*|spozni\w*|întârzi\w*|intarzi\w*|llegará tarde|llegara tarde|en retard|in ritardo|verspätet|spät|geç kalacak|vėluos|der hi ho|der se)\b"
)
LATE_EXPLICIT = re.compile(r"\b(will be|going to be|is going to be|be a bit|be|running|is running|are running) late\b")
LATE_NOT = re.compile(
    r"\b(late (message|text|msg|notice|reply|call)|late last night|very late|til late|till late|until late|"
    r"late night|late afternoon|late evening|late tonight|back late|late flight|late home|late back|"
    r"late in the day|late in replying|late in letting|late to let)\b"
)
UPDATE_STRONG = re.compile(
    r"\b(after all|ignore (my|the|that|this) (last|previous|earlier|message|text|msg)|just to update|to update you|quick update|"
    r"(temp|temperature|fever|high temperature|sickness|rash|cough|vomiting|bug) (is |has )?(finally |now |properly )?(gone|come down|gone down|broken|broke|settled|cleared|passed|stopped)|"
    r"(is|are|feels|feeling|seems|looks) (fine|ok|okay|better|well|much better|loads better|back to normal|back to (himself|herself)) (now|again|today)|"
    r"fine now|recovered|begging to (go|come) (in|to school|back)|still not ready|"
    r"czuje się lepiej|czuje sie lepiej|wraca do szkoły|wraca do szkoly|se simte mai bine|e mai bine|está mejor|esta mejor|"
    r"se encuentra mejor|vuelve al colegio|va mieux|sta meglio|daha iyi|jau geriau|"
    r"wrong child|made a mistake|my mistake|"
    r"just confirming|confirming|like i said|as i said|as mentioned|as discussed|still off|still not (in|well|better|coming)|"
    r"still poorly|still unwell|still ill|still sick|still in hospital|much better|feeling better|a lot better|"
    r"loads better|better now|on the mend|perked up|(is|are|feels|feeling) (ok|okay|fine) now|"
    r"(fit note|sick note|doctor's note|doctor note|appointment card|appointment letter|hospital letter|letter|evidence|proof|"
    r"prescription|note)\b.*\b(sent|emailed|uploaded|attached|handed|given|dropped|posted|on the app|in the post|on its way|covers|covering)|"
    r"(sent|emailed|uploaded|attached|handed in|given|dropped off|posted) .*\b(letter|note|card|evidence|proof|prescription)\b)"
)
BACK_ONLY = re.compile(r"\b(will be|be|is|are) back\b|\bback (on|tomorrow|monday|tuesday|wednesday|thursday|friday|in)\b|\breturn(ing)? (on|tomorrow)\b")
ABSENT = re.compile(
    r"\b(will not be in|not be in|not in\b|not coming|not come (in|to school|into school|today|tomorrow)|not going (in|to school)|not attend|not be attending|"
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
    r"(records|details|address|number)|phone number|email address|what time|did (he|she|they) get in|get in ok|"
    r"(what is|what's|whats) the (school's |schools |school )?(policy|rule|procedure)|policy on)\b"
    r"|^\s*/\w+|https?://|www\.|\.com\b"
)
COLLECT = re.compile(
    r"\b(collect(ing)? (him|her|them|\w+)|(be|being|get|getting|is|was) collected|pick(ing)? (him|her|them|\w+) up|come for (him|her)|leave at|leaving at|"
    r"sign(ing)? (him|her) out|take (him|her) out at|leave early|leaving early)\b"
)
THANKS_FOR = re.compile(r"^\W*(hi|hello|hiya|morning|good morning|good afternoon|good evening|dear \w+( \w+)?)?\W*(just )?(wanted to say )?(thank you|thanks|thankyou|thank u|many thanks)( so much| very much| again| all)? (for|to)\b")
IN_SCHOOL_TODAY = re.compile(
    r"\b(she is|he is|they are|she will be|he will be|they will be|is|are) (in|coming in|in school|at school) (today|as normal|as usual|now)\b"
    r"|\b(she is|he is|they are) (still )?(going|coming) in\b(?! late)"
)
THIRD_SUBJECT = re.compile(
    r"\b(my|his|her|their|our) (mum|mom|mother|dad|father|nan|nana|gran|granny|grandma|grandad|husband|wife|partner|"
    r"aunt|auntie|uncle|sister|brother|cousin|childminder)( and \w+)? (will |would |is |has |just )?$"
)
CHILD_REF = re.compile(r"\b(he|she|him|her|his|hers|they|them|their|son|daughter|child|kids|children|boy|girl|boys|girls|twins|both)\b")
THANKS_ONLY = re.compile(r"^\W*(ok|okay|thanks|thank you|cheers|ta|great|lovely|perfect|no problem|will do|yes|no|👍|x+)\W*(thanks|thank you|x+)?\W*$")


@dataclass
class IntentDecision:
    """The intent with a rule strength and reason."""

    intent: str
    strength: float
    evidence: str


def _absent(t: str) -> re.Match[str] | None:
    """The first absence phrase whose subject is not another person ("my mum can't make it")."""
    for m in ABSENT.finditer(t):
        if THIRD_SUBJECT.search(t[max(0, m.start() - 40) : m.start()]):
            continue
        return m
    return None


def _collect_means_absence(t: str, has_child_reason: bool) -> re.Match[str] | None:
    """A collection is an absence when it comes before the end of the day or is for a reason."""
    m = COLLECT.search(t)
    if not m:
        return None
    if re.search(r"(early|lunch ?time|lunch|dinner ?time|before (lunch|dinner|the end))", t):
        return m
    times = [h for h in times_in(t) if h >= 8]
    if times:
        return m if min(times) < 15 else None
    if re.search(r"(after school|end of (the )?(school )?day|home time|usual time)\b", t):
        return None
    return m if has_child_reason else None


def rule_intent(
    ctx: MessageContext, has_child_reason: bool, has_appointment: bool, text: str,
    child_names: frozenset[str] | set[str] = frozenset(), has_illness: bool = False,
) -> IntentDecision:
    """Decide the intent by rules; ``strength`` says how much the rules trust themselves."""
    t = ctx.norm_text
    if not re.search(r"[^\W\d_]", text) or THANKS_ONLY.match(t):
        return IntentDecision("other", 0.9, "intent: no absence content")
    absent_m = _absent(t)
    late_explicit = LATE_EXPLICIT.search(t) and not LATE_NOT.search(t)
    leave = LEAVE_STRONG.search(t)
    leave_dayoff = leave and LEAVE_DAYOFF.search(t)
    if (OTHER.search(t) and not absent_m and not late_explicit and not leave_dayoff
            and not (has_child_reason and re.search(r"\b(today|tomorrow)\b", t))):
        return IntentDecision("other", 0.85, f'intent: other ("{OTHER.search(t).group(0)}")')  # type: ignore[union-attr]
    if THANKS_FOR.search(t) and not absent_m and not re.search(r"\b(tomorrow|will not|not be|keeping|keep)\b", t):
        return IntentDecision("other", 0.8, "intent: other (thanks)")
    if leave and LEAVE_PAST.search(t) and not re.search(r"\b(next|coming)\b", t):
        return IntentDecision("update", 0.75, f'intent: update (evidence or past absence, "{leave.group(0)}")')
    if leave and not re.search(r"\b(today|this morning)\b", t):
        return IntentDecision("leave_request", 0.9, f'intent: leave request ("{leave.group(0)}")')
    update = UPDATE_STRONG.search(t)
    new_absence = (absent_m and re.search(r"\b(again|today)\b", t) and (has_child_reason or has_illness)
                   and not re.search(r"\bstill (off|not in)\b", t))
    if update and not new_absence and not re.search(r"\b(to follow|will follow|will send (the|a|you))\b", t):
        return IntentDecision("update", 0.85, f'intent: update ("{update.group(0)[:40]}")')
    absent = absent_m or _collect_means_absence(t, has_child_reason)
    late = LATE.search(t)
    if late and absent and "late" not in late.group(0):
        late = None
    if late and not LATE_NOT.search(t[max(0, late.start() - 25) : late.end() + 25]):
        if has_appointment:
            return IntentDecision("absence", 0.85, "intent: absence (appointment, coming in late)")
        if not re.search(r"\b(not (be|coming|come) in (at all|today)|whole day|all day)\b", t):
            return IntentDecision("late", 0.85, f'intent: late ("{late.group(0)}")')
    if IN_SCHOOL_TODAY.search(t) and not absent and not has_appointment:
        return IntentDecision("other", 0.6, f'intent: other (child in school: "{IN_SCHOOL_TODAY.search(t).group(0)}")')  # type: ignore[union-attr]
    if absent:
        return IntentDecision("absence", 0.8, f'intent: absence ("{absent.group(0)}")')
    if "?" in text and not CHILD_REF.search(t) and not any(re.search(rf"\b{re.escape(n)}\b", t) for n in child_names):
        return IntentDecision("other", 0.7, "intent: question about no child")
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
