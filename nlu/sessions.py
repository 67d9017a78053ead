"""Which sessions of the first day an absence covers: ALL, AM (then coming in) or PM (leaving)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.gate import compile_gated

_TIME = compile_gated(r"\b(?:at |for |by |about |around |from |until |till |الساعة |às |as |a las )?(\d{1,2})(?:[.:h](\d{2}))? ?(am|pm|a\.m\.|p\.m\.|h(?![a-z]))?(?!\d|st|nd|rd|th| ?(?:minutes|hours|days|weeks|years|mins|%|degrees))")

# Coming in after a morning appointment or event.
RETURN_IN = compile_gated(
    r"\b(bring|take|drop|dropping|bringing|taking|drive) (him|her|them|\w+) (off )?(straight )?(in|back|to school|into school|at school|straight)\b"
    r"|\b(be|come|coming|get|go|going) (straight )?(in|into school|to school|back to school|back) "
    r"(by|for|at|about|around|after|afterwards|straight|late|later|before|in time)\b"
    r"|\bin (after|afterwards|for (break|lunch|the afternoon|period|registration|afternoon))\b"
    r"|\b(back to school|to school|come back|back) (after|afterwards|straight after)\b"
    r"|\bstraight (in|after|to school|back)\b|\bin late\b|\bin later\b|\bthen (in|to school|i will bring)\b"
    r"|\b(after|afterwards),? (i will|we will|will) (bring|drop|take)\b|\bdrop (him|her) back\b"
    r"|\bwill (be|come) in (about|around|at|by)\b|\bin for (about )?\d|\bfor the afternoon\b|\bin the afternoon\b"
    r"|\bbe in school (by|for|at|about|around|after)\b|\bin (till|until|til) after (lunch|dinner|lunchtime|dinnertime)\b|(送|带|帶)(她|他|他们|他們)?(去|到|回)(学校|學校)|\bприведу\w* (його |її |їх )?до школи|\bdupa aceea|după aceea|\bdespués|\bdepois (eu )?(levo|vou levar|trago)\b|\bpotem\b|\bpo wizycie"
    r"|\bbe there (by|for|about|around|at)\b|\bmiss (the )?(morning|registration)\b"
    r"|\b(drop|bring|take|dropping|bringing|taking) (him|her|them) (in |to school )?(after|afterwards|later|straight after)\b"
    r"|\bthen (he|she|they|he will|she will|they will|he is|she is|they are|will) (be in|come in|go in|go to school|in|be at school|come to school|be back)\b"
    r"|\b(uske|uskey|iske|us ke) baad\b|\bbaad (school|mein school)\b|\bafter (that|it) (to school|in|school)\b"
    # "get her in by break", "return him to school after lunch", "arrive about 10.30", "come at school after"
    r"|\bget (him|her|them) (in|to school|into school) (by|for|after|before|about|around)\b"
    r"|\breturn (him|her|them) (to school|in|back)\b|\b(arrive|arriving) (at school |in school )?(by|about|around|at|after|for)\b"
    r"|\bcome (at|to) school after\b|\b(chegar|vai chegar|llegará|llegara|va arriver|arriverà|arrivera)\b"
    r"|بعد الموعد|على المدرسة بعد|إلى المدرسة بعد"
    # "back in school for 12ish", "I bring her school after", "a bit late in", "coming in now" (after the visit),
    # Romanian/Polish "comes to school after / at about"
    r"|\bback in school (by|for|at|about|around|after)\b|\bbring (him|her|them) (to )?school after\b|\blate in\b|\bcoming in now\b"
    r"|\bla (școală|scoala) (după|dupa)\b|\b(przyjdzie|będzie|bedzie) (do szkoły|do szkoly|w szkole) (około|okolo|o|po)\b"
    # "then I'll bring him", Polish "I'll bring her to school at about", Turkish "then I'll bring (her) to school"
    r"|\bthen (i will |il |ill )?bring (him|her|them)\b|\bprzyprowadz\w* (go|ją|ja|je)? ?do szko\w*|\bokula getir\w*"
    # round 12: Polish "will come later today", Somali "afterwards I'll bring (her)", "after she come school"
    r"|\bprzyjdzie (dziś |dzisiaj )?(później|pozniej)\b|\bkadib\b|\b(waan|ayaan) keenayaa\b"
    r"|\bafter (she|he|they) (come|comes|coming) (to |in )?school\b"
    # Urdu "then I'll drop him at school", "will come to school by 12"
    r"|\bschool (chhor|chor|chod|chhod|le ja|bhej)\w*|\bschool aa (jaye|jayega|jayegi|jaega|jaegi|jaaye)\b|\bschool (jaye|jayega|jayegi|jaega|jaegi) ?(ga|gi)?\b"
    # Chinese "back to school in the afternoon", "then to school", "school after the visit"
    r"|(下午|中午|然后|然後|之后|之後|看完)(再)?(回|去|上|到)(学校|學校|学|學)"
)
# Leaving during the day.
LEAVE_EARLY = compile_gated(
    r"\b(collect|collecting|collected|pick (\w+ )?up|picking (\w+ )?up|pick-up|picked up|come for (him|her|them)|"
    r"coming for (him|her|them)|leave at|leaving at|leave early|leaving early|take (him|her|them) out|"
    r"taking (him|her|them) out|sign (him|her|them) out|signing (him|her|them) out|on my way to (get|collect)|"
    r"leave school|take (him|her|them) from school|taking (him|her|them) from school)\b"
    r"|\b(he|she|they|he will|she will|they will) not (come|be coming|be) back (today|this afternoon|after|that day|to school today)\b"
    r"|\bnot be back after\b|\bnot (be )?back (that|this) (day|afternoon)\b|\bafternoon off\b|\bthis afternoon\b|\bat lunch ?time\b"
    r"|\bpicked (\w+ )?up (after|at|before) (lunch|dinner|lunchtime|dinnertime|\d)"
    # Portuguese and Spanish "I'll fetch him at 2", "I pick her up at 1"
    r"|\b(vou buscá-l[oa]|vou buscar|buscá-l[oa]|vou apanhá-l[oa]|lo recojo|la recojo|voy a recoger|recogerla|recogerlo)\b"
    r"|\bcome and (get|collect) (him|her|them) (at|before|after)\b"
    r"|(中午|提前|早点|下午\d{0,2}点?)(来|去)?接(她|他|他们|他們)?|早退"
    r"|\bodbior\w* (go|ją|ja|je) ze szkoły\b|\bodbiorę\b|ولن يرجع|ولن ترجع|آخذها من المدرسة|آخذه من المدرسة|اخذها من المدرسة|اخذه من المدرسة"
)
WEAK_BACK = {"in the afternoon", "for the afternoon"}
WEAK_LEAVE = {"this afternoon", "at lunch time", "at lunchtime"}
WHOLE_DAY = compile_gated(
    r"\b(still off|off with|be off today|all day|whole day|full day|at all|the day off|not be in|not come to school|not coming in|not in\b|"
    r"not going in|not attend|absent|miss the day|keeping (him|her|them) (home|off)|stay(ing)? (at )?home|off today|off school)"
)


@dataclass
class SessionGuess:
    """Sessions decision with the words that led to it."""

    sessions: str
    evidence: str | None


def parse_hour(hour: int, minute: int, suffix: str | None) -> float:
    """Return a 24-hour clock value for a time as parents write it (1.30 = 13:30)."""
    if suffix and suffix.startswith("p") and hour < 12:
        hour += 12
    elif not suffix and 1 <= hour <= 6:
        hour += 12
    return hour + minute / 60


def times_in(text: str) -> list[float]:
    """Return clock times mentioned in ``text`` (normalised, lower case)."""
    found: list[float] = []
    for m in _TIME.finditer(text):
        hour = int(m.group(1))
        minute = int(m.group(2) or 0)
        has_marker = m.group(0).startswith(("at", "for", "by", "about", "around", "from", "until", "till", "الساعة", "às", "as ", "a las"))
        if not (m.group(2) or m.group(3) or has_marker) or hour > 23 or minute > 59:
            continue
        found.append(parse_hour(hour, minute, m.group(3)))
    return found


# A part-day cue in a sentence about another day ("he has the orthodontist on Thursday so he'll need to
# leave at 1.45 that day", "back after the weekend") says nothing about the sessions of the first day.
OTHER_DAY = compile_gated(r"\b(monday|tuesday|wednesday|thursday|friday|that day|the weekend|after \d+ hours)\b")


_STOP = compile_gated(r"[!?;,\n]|\.(?!\d)")  # not the dot of a time ("at 1.45")


def _sentence(text: str, pos: int) -> str:
    left = max((m.end() for m in _STOP.finditer(text, 0, pos)), default=0)
    right = _STOP.search(text, pos)
    return text[left : right.start() if right else len(text)]


def guess_sessions(text: str, after_school: bool = False, appointment: bool = False) -> SessionGuess:
    """Decide ALL/AM/PM for an absence from the normalised message text.

    ``appointment``: the message names an appointment, so a whole day read from no session cue is checked
    for the child coming in after it (``appointment_then_in``).
    """
    guess = _cued_sessions(text, after_school)
    if guess.sessions == "ALL" and appointment:
        then_in = appointment_then_in(text)
        if then_in:
            return SessionGuess("AM", f'sessions: AM (appointment, then "{then_in}")')
    return guess


def _cued_sessions(text: str, after_school: bool) -> SessionGuess:
    """ALL/AM/PM from the session cues of the text alone.

    ``after_school``: the message came after the school day or at a weekend, so "this
    afternoon" / "this morning" tell what already happened, not which session is missed.
    """
    leave = LEAVE_EARLY.search(text)
    if leave and after_school and leave.group(0) in WEAK_LEAVE | {"this afternoon"}:
        leave = None
    back = RETURN_IN.search(text)
    # "will not be in till after dinner" says when the child comes in; "can not bring him in after" does not
    if back and not back.group(0).startswith(("in till", "in until", "in til ")) and re.search(
            r"\b(not|no one|nobody|can not|unable)\b[^.,;!?]*$", text[max(0, back.start() - 30) : back.start()]):
        back = None
    whole = WHOLE_DAY.search(text)
    if whole:
        if leave and OTHER_DAY.search(_sentence(text, leave.start())) and not OTHER_DAY.search(_sentence(text, whole.start())):
            leave = None
        if back and OTHER_DAY.search(_sentence(text, back.start())) and not OTHER_DAY.search(_sentence(text, whole.start())):
            back = None
    if leave and whole and leave.group(0) in WEAK_LEAVE:
        leave = None
    if back and whole and back.group(0) in WEAK_BACK:
        back = None
    if re.search(r"\b(all day|whole day|full day|at all)\b", text):
        return SessionGuess("ALL", "sessions: whole day")
    if leave and not back:
        return SessionGuess("PM", f'sessions: PM ("{leave.group(0)}")')
    if back and not leave:
        return SessionGuess("AM", f'sessions: AM ("{back.group(0)}")')
    if leave and back:
        morning_out = any(8 <= h < 12 for h in times_in(text[leave.start():back.start()])) if leave.start() < back.start() else False
        am = (back.start() < leave.start() or morning_out) and not whole
        return SessionGuess("AM" if am else "PM", "sessions: leaving and returning")
    times = times_in(text)
    times = [h for h in times if h <= 15.5]  # a time after school ("at work till 8pm") is no session
    if times and not whole and min(times) >= 12.5:
        return SessionGuess("PM", "sessions: PM (afternoon time)")
    return SessionGuess("ALL", None)


# Coming in after a morning appointment, as parents put it in English and other languages (round 18): "will
# have him back for 10ish", "she'll be in school from lunchtime", "then back in", Portuguese "levo ela pra
# escola", Ukrainian "прийде до школи пізніше", Polish "będzie później", Lithuanian "ateis į mokyklą",
# Romanian "o aduc", Urdu "school le aaungi", Bengali "tarpor school e niye ashbo", Tamil "kootitu varen",
# Nepali "school lyauchu", Somali "galabta way iman", Pashto "ښوونځي ته راولم", Chinese "十点半到学校".
COMING_IN = compile_gated(
    r"\bhave (him|her|them) back (for|by|to|in|at)\b|\bthen back (in|to school)\b|\bdrop (him|her|them) off after\b"
    r"|\bin school from\b|\bresume (school )?(immediately |straight )?after\b|\bbe brought (in|to school|back)\b"
    r"|\b(will )?come (to )?school (around|about|at|after|by)\b|\bafter (i|we) (bring|drop|take)\b"
    r"|\b(he|she|they) (will )?(come|comes) (after|around|about|in after)\b|\bafter that (he|she|they) (comes?|will come)\b"
    r"|\bbe there before (lunch|lunchtime|dinner|dinnertime|break|\d)"
    r"|\blevo (ela|ele|a|o)? ?(pra|para|para a|à|a) escola\b|\bchega (à|a) escola\b"
    r"|\bta sjell\b|\bsjell në shkollë\b|đến trường (khoảng|lúc|sau|muộn)"
    r"|\b(kootitu|koottitu|kootittu|kooti) (varen|varuven|poren)\b|\bappuram school\b"
    r"|\btarpor (ami )?(oke |ke )?school\b|\bschool e (niye ashbo|pathiye dibo)\b|স্কুলে নিয়ে আসব|তারপর স্কুলে"
    r"|прийде (до школи |в школу )?(пізніше|після|близько|десь|о )|буде в школі (з |після|тільки|о |близько)"
    r"|\bпривезу\b|придет (в школу )?(позже|после|к )|запізниться|спізниться|опоздает"
    r"|\b(będzie|bedzie) (dziś |dzis |dzisiaj )?(później|pozniej)\b|\bprzyprowadz\w* (go|ją|ja|je)\b|\bspóźni|\bspozni"
    r"|\bateis (i|į) mokykl|\bv[eė]luos"
    r"|\b(o|il|îl|ii|îi) aduc\b"
    r"|\bschool (lyauchu|lyaunchu|lyaidinchu)\b|ल्याइदिन्छु|ल्याउँछु"
    r"|\b(school )?le (aaungi|aaun gi|aaunga|aaun ga|aungi|aunga)\b|\bpohanch (jayega|jayegi|jaega|jaegi)\b"
    r"|\bder se (aayega|aayegi|ayega|ayegi|aaega|aaegi)\b"
    r"|\bgalabta (way |wuu )?(iman|imaan)|\bdib (ayaan|baan) (dugsiga|iskuulka)|\bsoo daahi doon|\bkadibna\b"
    r"|ته راولم"
    r"|(左右|点半|點半|点|點)(到|回|返)(学校|學校|学|學)|先返學"
)
LATE_WORD = compile_gated(r"\b(be|is|are|running|coming) (a )?(bit |little )?late\b|\blate (today|this morning)\b")
#: "will not be in till lunchtime": the child comes in later, whatever the "not be in" says.
IN_LATER = compile_gated(r"\bnot (be )?in (till|until|til|before) (after )?(lunch|lunchtime|dinner|dinnertime|break|\d)")


def appointment_then_in(text: str) -> str | None:
    """For a message with an appointment and no session cue: the words that say the child comes in after it.

    A morning time followed by a later one up to early afternoon ("orthodontist at 9.40 ... drop him at
    reception about 11"), a coming-in phrase, or "late" (a morning appointment then school is AM even when
    the parent calls it late). None when the message says the whole day, or the child leaves during it.
    """
    if LEAVE_EARLY.search(text):
        return None
    later = IN_LATER.search(text)
    if later:
        return later.group(0)
    if WHOLE_DAY.search(text):
        return None
    times = times_in(text)
    for i, first in enumerate(times):
        if 7.5 <= first < 12 and any(first < then <= 14 for then in times[i + 1:]):
            return "a morning time, then a later one"
    found = COMING_IN.search(text) or LATE_WORD.search(text)
    return found.group(0) if found else None
