"""Relative and absolute dates in parent messages, resolved to school days.

Everything works on the normalised text (token norms joined by spaces, so "tmrw" is
"tomorrow" and "thurs" is "thursday") and on the received date in Europe/London.
A calendar of non-school dates (holidays, closures, INSET) is honoured besides weekends.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from nlu.gate import compile_gated
from nlu.wordlist import alternation

LONDON = ZoneInfo("Europe/London")
CLAUSE_REACH = 200
SCHOOL_DAY_END_HOUR = 16  # after this, an undated message is about the next school day

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)
NUMBER_WORDS = {
    "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "couple": 2, "couple of": 2,
}
FOREIGN_DAY_WORDS = {
    # "comes back" in other languages ("revine mâine" = back tomorrow)
    "revine": "back", "revin": "back", "wraca": "back", "wróci": "back", "wroci": "back", "vuelve": "back",
    "regresa": "back", "revient": "back", "reviendra": "back", "torna": "back", "rientra": "back",
    "dzisiaj": "today", "dziś": "today", "dzis": "today", "jutro": "tomorrow", "azi": "today",
    "astăzi": "today", "astazi": "today", "mâine": "tomorrow", "maine": "tomorrow",
    "hoy": "today", "mañana": "tomorrow", "aaj": "today", "maanta": "today",
    "berri": "tomorrow", "aujourd'hui": "today", "demain": "tomorrow", "heute": "today",
    "morgen": "tomorrow", "oggi": "today", "domani": "tomorrow", "hoje": "today",
    "amanhã": "tomorrow", "bugün": "today", "yarın": "tomorrow", "šiandien": "today", "siandien": "today",
    "rytoj": "tomorrow", "اليوم": "today", "غدا": "tomorrow", "سبتمبر": "september",
    "grudnia": "december", "grudzień": "december", "listopada": "november", "decembrie": "december",
    "noiembrie": "november", "diciembre": "december", "noviembre": "november", "dezembro": "december",
    "novembro": "november", "décembre": "december", "novembre": "november",
    # today / tomorrow in more languages (Ukrainian, Russian, Hindi-Urdu-Punjabi and Bengali in Latin letters,
    # Bengali, Pashto, Sorani and Kurmanji Kurdish, Tigrinya, Portuguese "volta" = comes back)
    "сьогодні": "today", "сегодня": "today", "завтра": "tomorrow", "aj": "today", "ajj": "today", "ajke": "today",
    "aajke": "today", "আজ": "today", "আজকে": "today", "আগামীকাল": "tomorrow", "نن": "today", "سبا": "tomorrow",
    "ئەمڕۆ": "today", "îro": "today", "sibê": "tomorrow", "ሎሚ": "today", "ጽባሕ": "tomorrow", "volta": "back",
    "volverá": "back",
    # weekdays (French, Spanish, Italian, Portuguese, Polish, Romanian, Turkish, Lithuanian)
    "lundi": "monday", "mardi": "tuesday", "mercredi": "wednesday", "jeudi": "thursday", "vendredi": "friday",
    "lunes": "monday", "martes": "tuesday", "miércoles": "wednesday", "miercoles": "wednesday", "jueves": "thursday",
    "viernes": "friday", "lunedì": "monday", "martedì": "tuesday", "mercoledì": "wednesday", "giovedì": "thursday",
    "venerdì": "friday", "segunda": "monday", "terça": "tuesday", "quarta": "wednesday", "quinta": "thursday",
    "sexta": "friday", "poniedziałek": "monday", "poniedziałku": "monday", "wtorek": "tuesday", "środę": "wednesday",
    "środa": "wednesday", "czwartek": "thursday", "piątek": "friday", "piątku": "friday", "luni": "monday",
    "marți": "tuesday", "miercuri": "wednesday", "joi": "thursday", "vineri": "friday", "pazartesi": "monday",
    "perşembe": "thursday", "cuma": "friday", "pirmadienį": "monday", "pirmadienis": "monday",
    "penktadienį": "friday",
    # months, weekdays and yesterday in Arabic, Ukrainian and Russian
    "ديسمبر": "december", "نوفمبر": "november", "كانون الأول": "december", "تشرين الثاني": "november",
    "الاثنين": "monday", "الإثنين": "monday", "الثلاثاء": "tuesday", "الأربعاء": "wednesday", "الاربعاء": "wednesday",
    "الخميس": "thursday", "الجمعة": "friday", "غداً": "tomorrow", "بكرة": "tomorrow", "أمس": "yesterday", "امس": "yesterday",
    "грудня": "december", "листопада": "november", "декабря": "december", "ноября": "november",
    "понеділок": "monday", "понеділка": "monday", "вівторок": "tuesday", "вівторка": "tuesday", "середу": "wednesday",
    "середа": "wednesday", "четвер": "thursday", "четверга": "thursday", "п'ятницю": "friday", "п'ятниця": "friday",
    "п'ятниці": "friday", "пʼятницю": "friday", "пʼятниця": "friday", "пʼятниці": "friday", "понедельник": "monday",
    "вторник": "tuesday", "среду": "wednesday", "среда": "wednesday", "четверг": "thursday", "пятницу": "friday",
    "пятница": "friday", "вчора": "yesterday", "вчера": "yesterday",
    "повернеться": "back", "повернуться": "back", "вернется": "back", "вернётся": "back", "سيعود": "back",
    "ستعود": "back", "سيرجع": "back", "سترجع": "back", "منذ": "since", "до кінця тижня": "till the end of the week",
    "до конца недели": "till the end of the week",
    # round 17: today, tomorrow and the weekdays in Nepali, Hindi, Bengali, Gujarati, Punjabi, Tamil and Urdu script
    # ("kal" and its scripts are both yesterday and tomorrow: left to the tense words, not read here)
    "आज": "today", "भोलि": "tomorrow", "आजे": "today", "આજે": "today", "આજ": "today", "ਅੱਜ": "today",
    "இன்று": "today", "நாளை": "tomorrow", "آج": "today",
    "सोमबार": "monday", "मंगलबार": "tuesday", "बुधबार": "wednesday", "बिहीबार": "thursday", "शुक्रबार": "friday",
    "सोमवार": "monday", "मंगलवार": "tuesday", "बुधवार": "wednesday", "गुरुवार": "thursday", "शुक्रवार": "friday",
    "সোমবার": "monday", "মঙ্গলবার": "tuesday", "বুধবার": "wednesday", "বৃহস্পতিবার": "thursday", "শুক্রবার": "friday",
    "સોમવાર": "monday", "મંગળવાર": "tuesday", "બુધવાર": "wednesday", "ગુરુવાર": "thursday", "શુક્રવાર": "friday",
    "ਸੋਮਵਾਰ": "monday", "ਮੰਗਲਵਾਰ": "tuesday", "ਬੁੱਧਵਾਰ": "wednesday", "ਵੀਰਵਾਰ": "thursday", "ਸ਼ੁੱਕਰਵਾਰ": "friday",
    "منگل": "tuesday", "بدھ": "wednesday", "جمعرات": "thursday", "جمعہ": "friday",
    # Vietnamese, Albanian, Turkish, Somali and Tamil in Latin letters (round 17)
    "hôm nay": "today", "hom nay": "today", "ngày mai": "tomorrow", "ngay mai": "tomorrow", "hôm qua": "yesterday",
    "thứ hai": "monday", "thứ ba": "tuesday", "thứ tư": "wednesday", "thứ năm": "thursday", "thứ sáu": "friday",
    "sot": "today", "nesër": "tomorrow", "neser": "tomorrow", "dje": "yesterday", "të hënën": "monday", "e hënë": "monday",
    "të martën": "tuesday", "të mërkurën": "wednesday", "të enjten": "thursday", "të premten": "friday",
    "dhjetor": "december", "dhjetorit": "december", "nëntor": "november", "nëntorit": "november",
    "salı": "tuesday", "çarşamba": "wednesday", "aralık": "december", "kasım": "november",
    "ocak": "january", "dün": "yesterday", "isniinta": "monday", "talaadada": "tuesday", "arbacada": "wednesday",
    "khamiista": "thursday", "jimcaha": "friday", "shalay": "yesterday", "innaiku": "today", "inniki": "today",
    "indru": "today", "naalaiki": "tomorrow", "nalaiki": "tomorrow", "naalai": "tomorrow",
    # "comes back" after the day, in Somali, Tamil, Vietnamese, Turkish and Albanian
    "soo laaban doonaa": "back", "soo laaban doontaa": "back", "soo laabanaysaa": "back", "soo laabanayaa": "back",
    "varuva": "back", "varuvan": "back", "varuvaa": "back", "đi học lại": "back", "okula dönecek": "back",
    "kthehet": "back",
}
# Arabic joins "and" to the next word: "الاثنين والثلاثاء" is Monday and Tuesday.
FOREIGN_DAY_WORDS.update({"و" + k: "and " + v for k, v in list(FOREIGN_DAY_WORDS.items())
                          if k.startswith("ال") and v in ("monday", "tuesday", "wednesday", "thursday", "friday")})
#: Chinese writes no spaces: day words and dates are set apart as English words before the scan.
CJK_DAYS = [
    (re.compile(r"今天|今日|今朝|今早"), " today "), (re.compile(r"明天|明日"), " tomorrow "), (re.compile(r"昨天|昨日"), " yesterday "),
    (re.compile(r"(下)?(?:星期|周|礼拜|禮拜)([一二三四五])"),
     lambda m: f" {'next ' if m.group(1) else ''}{WEEKDAYS['一二三四五'.index(m.group(2))]} "),
    (re.compile(r"(\d{1,2})月(\d{1,2})[日号]?"), lambda m: f" {m.group(2)} {MONTHS[int(m.group(1)) - 1]} "
     if 1 <= int(m.group(1)) <= 12 else m.group(0)),
    (re.compile(r"(?:至|到|－|～)(?=\s*\d)"), " to "),
    (re.compile(r"(?<=day )(?:和|及|与|跟|、)(?= (?:next )?\w+day)"), "and"),
    # "明天可以正常上学", "明天回学校": back at school tomorrow
    (re.compile(r" tomorrow (?=[^。，,！!]{0,6}(?:回学校|回學校|上学|上學|返學|回校))"), " back tomorrow "), (re.compile(r"(\d{1,2})[日号]"), r" \1 "),
]
_FOREIGN_DAY = compile_gated(r"(?<!\w)" + alternation(FOREIGN_DAY_WORDS) + r"(?!\w)")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
_FWD = "(?:(?:monday|tuesday|wednesday|thursday|friday) )?"
FOREIGN_RANGES = [
    (compile_gated(rf"\bod {_FWD}(\d{{1,2}}) do {_FWD}(\d{{1,2}})\b"), r"from \1 to \2"),
    (compile_gated(rf"\bde la {_FWD}(\d{{1,2}}) (?:până la|pana la) {_FWD}(\d{{1,2}})\b"), r"from \1 to \2"),
    (compile_gated(rf"\bdel {_FWD}(\d{{1,2}}) al {_FWD}(\d{{1,2}})\b"), r"from \1 to \2"),
    (compile_gated(rf"\bdu {_FWD}(\d{{1,2}}) au {_FWD}(\d{{1,2}})\b"), r"from \1 to \2"),
    (compile_gated(rf"\bde {_FWD}(\d{{1,2}}) (?:a|até|ate) {_FWD}(\d{{1,2}})\b"), r"from \1 to \2"),
    (compile_gated(r"(?<!\w)(?:з|с|від|от) (\d{1,2}) (?:по|до) (\d{1,2})\b"), r"from \1 to \2"),
    (compile_gated(rf"(?<!\w)(?:з|с|від|от) (\d{{1,2}}) (?=(?:{'|'.join(MONTHS)})\b)"), r"from \1 "),
    (compile_gated(r"(?<!\w)من (\d{1,2}) (?:إلى|الى|حتى|لـ) ?(\d{1,2})\b"), r"from \1 to \2"),
    # "19 și 20 noiembrie", "9 i 10 grudnia" -> "19 and 20 november"
    (compile_gated(rf"\b(\d{{1,2}}) (?:și|si|i|y|e|и|і|та|و) ?(\d{{1,2}}) (?=(?:de |do )?(?:{'|'.join(MONTHS)})\b)"), r"\1 and \2 "),
    # "11 de diciembre", "4 de dezembro" -> "11 december"
    (compile_gated(r"\b(\d{1,2}) (?:de|do) (january|february|march|april|may|june|july|august|september|october|november|december)\b"), r"\1 \2"),
]
EVIDENCE = compile_gated(r"\b(letter|note|card|evidence|proof|prescription|fit note|sick note|"
                         r"zaświadczeni\w*|zaswiadczeni\w*|atestado|justificante|adeverin\w*|довідк\w*)\b")
STILL_OFF = compile_gated(r"\bstill (off|not (in|well|better|coming|ready)|poorly|unwell|ill|sick|in hospital)\b")
FOR_GOOD = compile_gated(r"\b(any ?more|for good|not coming back|permanently|indefinitely|not be coming back|until further notice)\b")

_WD = "|".join(WEEKDAYS)
_MON = "|".join(MONTHS)
_ORD = r"(\d{1,2})(?:st|nd|rd|th)"
_DOM = rf"(?:(?:{_WD}) )?(?:the )?(?:{_ORD}|(\d{{1,2}})(?= (?:of )?(?:{_MON})))(?: of)?(?: ({_MON}))?"
_DAYWORD = rf"today|tomorrow|yesterday|this morning|this afternoon|(?:next |this |last |on |coming )?(?:{_WD})"

PAST_WORDS = compile_gated(
    r"\b(had|was|were|broke|fell|came|went|happened|did|took|sent|emailed|uploaded|"
    r"forgot|since|ago|last|missed|started|woke|landed|admitted|got back|injured|hurt|twisted|sprained|banged|began|caught)\b"
)
FUTURE_WORDS = compile_gated(r"\b(will|going to|be off|be in|not be|can|could|please|may|might|next|need)\b")
COMMS_WORDS = compile_gated(
    r"\b(said|told|messaged|texted|rang|ring|phoned|called|mentioned|let you know|update|updated|inform|"
    r"keep you posted|keep you updated|email|emailed|text|message|chance to ring|chance to call) (you |me |him |her |them |"
    r"the school |school |the office )?((on|by|first thing|re|are|about|regarding|how (he|she|they) (is|are|gets on|get on)) )*$"
    # "(we will) see how he is tomorrow": a check-in, not a day of absence
    r"|\bsee how (he|she|they|it|things) (is|are|goes|go|feels|feel|gets on|get on|does|do) $"
)
# "he will not be back monday", "won't return today": the return words are negated
NEGATED_BEFORE = compile_gated(r"\bnot(?: [\w']+){0,3} $")
# ordinals that are not dates ("in for 2nd lesson", "her 3rd appointment")
NOT_A_DATE_AFTER = compile_gated(r"^ ?(?:lesson|period|time|appointment|dose|jab|year|birthday|place|class|session|week|day|visit|attempt|mmr|booster|"
                                  r"vaccination|vaccine|injection|round|set|child|one|grade)\b")
# a day mention only sets the span of an absence when its clause speaks of being off / back
ABSENCE_CLAUSE = compile_gated(
    r"\b(off|not|no|home|absent|miss\w*|stay\w*|keep\w*|kept|school|away|out|back|return\w*|until|till|either|"
    r"as well|in|again|both|sick|ill|poorly|unwell)\b"
)
#: Before a past day, words that say the child was already off then ("been off since tuesday", "was off yesterday
#: with earache"): a late first report, so the absence starts on that day.
OFF_SINCE = compile_gated(
    r"\b(?:(?:been|was|were|is|are|'s|has been|have been) (?:off|absent|at home|home|out of school)|kept (?:him|her|them) (?:off|home)"
    r"|(?:has|have|was|were)n't (?:been )?in|(?:has|have|was|were) not (?:been )?in)(?: school| sick| ill| poorly| unwell)?"
    r"(?: with [\w' ]{1,30}?)? (?:since |from |on )?$"
)
#: A message names a handful of days; past this many mentions (a message pasted again and again), the rest are
#: not read, so the time per message stays bounded.
MAX_MENTIONS = 40
#: How far back a late first report may reach (calendar days).
BACKDATE_REACH = 15
#: "finish on wednesday 9th", "break up on friday": the leave starts the school day after.
FINISH_BEFORE = compile_gated(r"\b(?:finish|finishing|finishes|break up|breaking up|breaks up)(?: school| term| for christmas)? (?:on )?$")
HEDGE_WORDS = compile_gated(
    r"\b(probably|see how|might|or so|could be|maybe|not sure|do not know|don't know|"
    r"possibly|depending|depends|hopefully not|fingers crossed not)\b"
)

#: The words that may stand between the day and "back": who, will, should, school ("on Monday he'll be back").
_BETWEEN_DAY_AND_BACK = (r"(?:he|she|they|he'll|she'll|they'll|hell|shell|will|be|should|can|hopefully|is|are|it|"
                         r"ayuu|ayay|ayey|wuu|way|dugsiga|ku|school|cháu|con|em|sẽ|okula|na|la)")
DAY_THEN_BACK = compile_gated(
    rf"\b(?:on )?((?:next )?(?:{_WD})|tomorrow)\b((?: {_BETWEEN_DAY_AND_BACK}){{0,4}}) (?:back|return|returns|returning)\b"
    rf"(?! (?:on |to school on |in on |by |for )?(?:{_WD}|tomorrow|next))")



@dataclass
class DateMention:
    """One date expression found in a message."""

    kind: str  # day | range | return | until | duration | week_rest
    start: date | None
    end: date | None
    text: str
    pos: int
    past: bool = False
    hedged: bool = False
    open_ended: bool = False


@dataclass
class ResolvedDays:
    """First and last day for a proposal, with evidence strings."""

    first_day: date | None
    last_day: date | None
    evidence: list[str] = field(default_factory=list)
    explicit: bool = False


def local_received(received_at: datetime) -> datetime:
    """Return ``received_at`` in Europe/London (naive datetimes are taken as London time)."""
    if received_at.tzinfo is None:
        return received_at.replace(tzinfo=LONDON)
    return received_at.astimezone(LONDON)


def is_school_day(day: date, calendar: Container[date] | None) -> bool:
    """Tell whether ``day`` is a weekday not listed as a non-school day."""
    return day.weekday() < 5 and not (calendar is not None and day in calendar)


def next_school_day(day: date, calendar: Container[date] | None, inclusive: bool = True) -> date:
    """Return the first school day on or after (or strictly after) ``day``."""
    current = day if inclusive else day + timedelta(days=1)
    for _ in range(400):
        if is_school_day(current, calendar):
            return current
        current += timedelta(days=1)
    return day


def prev_school_day(day: date, calendar: Container[date] | None) -> date:
    """Return the last school day strictly before ``day``."""
    current = day - timedelta(days=1)
    for _ in range(400):
        if is_school_day(current, calendar):
            return current
        current -= timedelta(days=1)
    return day


def nth_school_day(first: date, n: int, calendar: Container[date] | None) -> date:
    """Return the ``n``-th school day counting ``first`` as day one."""
    current = next_school_day(first, calendar)
    for _ in range(max(0, n - 1)):
        current = next_school_day(current, calendar, inclusive=False)
    return current


def end_of_week(day: date, calendar: Container[date] | None) -> date:
    """Return the last school day of the week holding ``day``."""
    friday = day + timedelta(days=4 - day.weekday()) if day.weekday() <= 4 else day
    current = friday
    while current >= day and not is_school_day(current, calendar):
        current -= timedelta(days=1)
    return current if current >= day else day


def default_day(received: datetime, calendar: Container[date] | None) -> date:
    """Return the school day an undated message is about."""
    today = received.date()
    if is_school_day(today, calendar) and received.hour < SCHOOL_DAY_END_HOUR:
        return today
    return next_school_day(today, calendar, inclusive=False)


class DateReader:
    """Find and resolve date mentions in one normalised message."""

    def __init__(self, text: str, received: datetime, calendar: Container[date] | None) -> None:
        self.text = _prepare(text)
        self.received = received
        self.today = received.date()
        self.calendar = calendar
        self.mentions: list[DateMention] = []
        self._taken: list[tuple[int, int]] = []

    # -- resolution of single expressions -------------------------------------------
    def _school(self, day: date) -> date:
        return next_school_day(day, self.calendar)

    def _weekday(self, name: str, modifier: str, past: bool) -> date:
        target = WEEKDAYS.index(name)
        today = self.today
        if modifier == "last" or past:
            delta = (today.weekday() - target) % 7 or 7
            return today - timedelta(days=delta)
        delta = (target - today.weekday()) % 7
        if delta == 0 and not (self.received.hour < SCHOOL_DAY_END_HOUR and is_school_day(today, self.calendar)):
            delta = 7
        day = today + timedelta(days=delta)
        if modifier == "next":
            this_monday = today - timedelta(days=today.weekday())
            if day < this_monday + timedelta(days=7) and today.weekday() < 5:
                day += timedelta(days=7)
        return day

    def _day_of_month(self, dom: int, month_name: str | None, past: bool) -> date | None:
        today = self.today
        if month_name:
            month = MONTHS.index(month_name) + 1
            year = today.year
            try:
                day = date(year, month, dom)
            except ValueError:
                return None
            if (today - day).days > 180:
                day = date(year + 1, month, dom)
            return day
        year, month = today.year, today.month
        if dom < today.day and not past:
            month += 1
            if month == 13:
                year, month = year + 1, 1
        try:
            return date(year, month, dom)
        except ValueError:
            return None

    def _dayword(self, phrase: str, past: bool) -> date | None:
        phrase = phrase.strip()
        if phrase in ("today", "tonight", "this morning", "this afternoon", "this evening"):
            return self.today
        if phrase == "tomorrow":
            return self.today + timedelta(days=1)
        if phrase == "yesterday":
            return prev_school_day(self.today, self.calendar)
        parts = phrase.split()
        modifier = parts[0] if len(parts) == 2 else ""
        return self._weekday(parts[-1], modifier, past)

    # -- scanning ----------------------------------------------------------------------
    def _free(self, start: int, end: int) -> bool:
        if len(self._taken) >= MAX_MENTIONS:
            return False
        return all(end <= a or start >= b for a, b in self._taken)

    # A clause reaches at most CLAUSE_REACH characters either side of a date: an unpunctuated
    # 4,096-character message must not make every mention's clause the whole message.
    def _clause(self, pos: int) -> str:
        floor = max(0, pos - CLAUSE_REACH)
        left = max(max(self.text.rfind(c, floor, pos) for c in ".!?;\n,"), floor - 1)
        ceiling = min(len(self.text), pos + CLAUSE_REACH)
        right_candidates = [i for i in (self.text.find(c, pos, ceiling) for c in ".!?;\n") if i >= 0]
        right = min(right_candidates) if right_candidates else ceiling
        return self.text[left + 1 : right]

    def _before_clause(self, pos: int) -> str:
        floor = max(0, pos - CLAUSE_REACH)
        left = max(max(self.text.rfind(c, floor, pos) for c in ".!?;\n,"), floor - 1)
        return self.text[left + 1 : pos]

    def _before(self, pos: int) -> str:
        floor = max(0, pos - CLAUSE_REACH)
        left = max(max(self.text.rfind(c, floor, pos) for c in ".!?;\n"), floor - 1)
        return self.text[left + 1 : pos]

    def _is_past(self, pos: int) -> bool:
        before = self._before(pos)
        clause = self._clause(pos)
        if re.search(r"\blast week\b", clause):
            return True
        return bool(PAST_WORDS.search(before)) and not FUTURE_WORDS.search(before)

    def _add(self, m: re.Match[str], kind: str, start: date | None, end: date | None, past: bool) -> None:
        self._taken.append((m.start(), m.end()))
        clause = self._clause(m.start())
        self.mentions.append(
            DateMention(
                kind=kind, start=start, end=end, text=m.group(0).strip(), pos=m.start(),
                past=past, hedged=bool(HEDGE_WORDS.search(clause)),
            )
        )

    def scan(self) -> list[DateMention]:
        """Collect every date mention, longest forms first."""
        self._scan_ranges()
        self._scan_weeks()
        self._scan_returns()
        self._scan_come_back()
        self._scan_durations()
        self._scan_dom()
        self._scan_daywords()
        self.mentions.sort(key=lambda m: m.pos)
        for m in self.mentions:
            if m.kind == "day" and m.start and not m.past and FINISH_BEFORE.search(self._before_clause(m.pos)) \
                    and not re.match(r" ?(?:at|by) \d", self.text[m.pos + len(m.text) : m.pos + len(m.text) + 6]):
                m.start = next_school_day(m.start, self.calendar, inclusive=False)
                m.open_ended = True
        return self.mentions

    def _scan_ranges(self) -> None:
        dom_range = compile_gated(
            rf"(?:from )?(?:(?:{_WD}) )?(?:the )?(\d{{1,2}})(?:st|nd|rd|th)?(?: ({_MON}))?"
            rf" (?:to|till|until|-|and|or|until the|to the) (?:(?:{_WD}) )?(?:the )?"
            rf"(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? ?({_MON})?"
        )
        for m in dom_range.finditer(self.text):
            if not (m.group(2) or m.group(4) or re.search(r"st|nd|rd|th", m.group(0))):
                continue
            if re.search(r"\d[.:]\d", self.text[max(0, m.start() - 3) : m.end() + 3]):
                continue
            month = m.group(2) or m.group(4)
            past = self._is_past(m.start())
            a = self._day_of_month(int(m.group(1)), month, past)
            b = self._day_of_month(int(m.group(3)), m.group(4) or month, past)
            if a and b and a <= b and (b - a).days < 60 and self._free(m.start(), m.end()):
                self._add(m, "range", self._school(a), b, past)
        day_range = compile_gated(
            rf"\b((?:next |this |last |on )?(?:{_WD}|today)) (?:to|till|until|-|and|or|through) "
            rf"((?:next |this )?(?:{_WD}|tomorrow))\b"
        )
        for m in day_range.finditer(self.text):
            if not self._free(m.start(), m.end()):
                continue
            if re.match(r"\s*(either|as well)?\s*(not|either)\b", self.text[m.end():m.end() + 12]) and "not" in self.text[m.start():m.end()]:
                continue
            # "last Thursday and Friday": both days are last week's
            past = self._is_past(m.start()) or m.group(1).startswith("last")
            a = self._dayword(m.group(1), past)
            b = self._dayword(m.group(2), past)
            if a and b and b < a:
                b = b + timedelta(days=7 * ((a - b).days // 7 + 1))
            if a and b:
                self._add(m, "range", self._school(a), b, past)

    def _scan_weeks(self) -> None:
        week_of = compile_gated(rf"(?:the )?week (?:of|beginning|commencing|starting) (?:monday )?(?:the )?{_ORD}?(\d{{1,2}})?(?: of)?(?: ({_MON}))?")
        for m in week_of.finditer(self.text):
            dom = m.group(1) or m.group(2)
            if not dom:
                continue
            start = self._day_of_month(int(dom), m.group(3), False)
            if start:
                self._add(m, "range", self._school(start), end_of_week(start, self.calendar), False)
        rest = compile_gated(r"\b(?:the )?(?:rest of )?(?:the |this )week\b|\brest of the week\b|\ball (?:of )?(?:this )?week\b|\bthe whole week\b")
        for m in rest.finditer(self.text):
            if not self._free(m.start(), m.end()):
                continue
            before = self.text[max(0, m.start() - 12) : m.start()]
            if "end of" in before or "last" in before or "next" in before:
                continue
            if re.search(r"\bevery \w+ $|\b(been|was|were) (off|away|ill|sick|poorly|unwell|at home) (all |for )?$", self._before_clause(m.start())):
                continue  # "he's been sick every morning this week": a past span, not the absence
            ref = default_day(self.received, self.calendar)
            self._add(m, "week_rest", None, end_of_week(ref, self.calendar), False)
        next_week = compile_gated(r"\b(?:all of |all )?next week\b")
        for m in next_week.finditer(self.text):
            before = self.text[max(0, m.start() - 14) : m.start()]
            if "end of" in before or re.search(r"back|return", before) or not self._free(m.start(), m.end()):
                continue
            monday = self.today + timedelta(days=7 - self.today.weekday())
            self._add(m, "range", self._school(monday), end_of_week(monday, self.calendar), False)
        end_of = compile_gated(r"\b(?:until |till |til |to )?(?:the )?end of (?:the |this )?(next )?week\b")
        for m in end_of.finditer(self.text):
            base = self.today + timedelta(days=7 - self.today.weekday()) if m.group(1) else self.today
            self._add(m, "until", None, end_of_week(base, self.calendar), False)
        last_week = compile_gated(rf"\b((?:{_WD}) (?:to|till|-|and) (?:{_WD})) last week\b|\blast week\b")
        for m in last_week.finditer(self.text):
            if not m.group(1):
                continue
            a_name, b_name = re.split(r" (?:to|till|-|and) ", m.group(1))
            monday = self.today - timedelta(days=self.today.weekday() + 7)
            a = monday + timedelta(days=WEEKDAYS.index(a_name))
            b = monday + timedelta(days=WEEKDAYS.index(b_name))
            self._taken = [t for t in self._taken if not (t[0] >= m.start() and t[1] <= m.end())]
            self.mentions = [x for x in self.mentions if not (m.start() <= x.pos < m.end())]
            self._add(m, "range", a, b, True)

    def _scan_day_then_back(self) -> None:
        """The day before the return word: "on Monday he'll be back", and the word order of Somali, Tamil or
        Vietnamese ("Isniinta ayuu dugsiga soo laaban doonaa" reads "monday ayuu dugsiga back")."""
        for m in DAY_THEN_BACK.finditer(self.text):
            if not self._free(m.start(), m.end()) or re.search(r"\b(not|never|n't)\b", m.group(2)):
                continue
            day = self._target_day(m.group(1))
            if day is not None and day > self.today:
                self._add(m, "return", None, prev_school_day(self._school(day), self.calendar), False)

    def _scan_returns(self) -> None:
        target = rf"(?:(?:on |next |this |in on |in |to school |to school on |at school on )*)(?:{_DOM}|{_DAYWORD}|after the weekend|next week)"
        pattern = compile_gated(
            rf"\b(?:back|return|returning|returns|in|fine for|ok for|okay for|better for|see you|"
            rf"until|till|til|up to) (?:to school |in school |at school |again |in )?(?:on )?({target})"
        )
        self._scan_day_then_back()
        for m in pattern.finditer(self.text):
            if not self._free(m.start(), m.end()):
                continue
            word = m.group(0).split()[0]
            phrase = re.sub(r"^(?:(?:on|in on|in|to school|to school on|at school on) )+", "", m.group(1).strip())
            before = self.text[max(0, m.start() - 16) : m.start()]
            if word == "in" and not re.search(r"\b(be|come|coming|bring|go|going|get)\s*$|\b(bring|get|take|send|have) (him|her|them) $", before):
                continue
            if word in ("in", "back", "return", "returning", "returns") and NEGATED_BEFORE.search(self._before_clause(m.start())):
                continue
            if word == "in" and not phrase.startswith(("tomorrow", "on", *WEEKDAYS, "next")):
                continue
            day = self._target_day(phrase)
            if day is None:
                continue
            kind = "until" if word in ("until", "till", "til", "up to") else "return"
            if kind == "until" and re.search(r"\bend\b", phrase):
                continue
            self._add(m, kind, None, prev_school_day(self._school(day), self.calendar), False)

    def _scan_come_back(self) -> None:
        target = rf"(?:{_DAYWORD})"
        patterns = [
            compile_gated(rf"\b(?:will|can|should|is going to|are going to|he|she|they) (?:come|go|be coming|be going) "
                       rf"(?:back |in |to school |into school |back to school )?(?:on )?({target})\b"),
            compile_gated(rf"\bfrom ({target}) (?:he|she|they|\w+) (?:will |can |should )?(?:come|go|be in|return|be back)\b"),
            compile_gated(rf"\b({target}) (?:he|she|they) (?:will |can |should |is |are |will be )?(?:come|go|coming|going) (?:back |in |to school|into school)"),
        ]
        for pattern in patterns:
            for m in pattern.finditer(self.text):
                if not self._free(m.start(), m.end()):
                    continue
                before = self.text[max(0, m.start() - 16) : m.start()]
                if re.search(r"\bnot\s*$", before) or " not " in m.group(0):
                    continue
                phrase = re.sub(r"^(?:on|from) ", "", m.group(1).strip())
                day = self._target_day(phrase)
                if day is None or day <= self.today and phrase not in ("tomorrow",):
                    continue
                self._add(m, "return", None, prev_school_day(self._school(day), self.calendar), False)

    def _target_day(self, phrase: str) -> date | None:
        if phrase.startswith("after the weekend") or phrase.startswith("next week"):
            return self.today + timedelta(days=7 - self.today.weekday())
        dom = re.search(rf"{_ORD}|(\d{{1,2}})(?= (?:of )?(?:{_MON}))", phrase)
        if dom:
            month = re.search(rf"({_MON})", phrase)
            return self._day_of_month(int(dom.group(1) or dom.group(2)), month.group(1) if month else None, False)
        word = re.search(rf"(?:next |this )?(?:{_WD})|tomorrow|today", phrase)
        return self._dayword(word.group(0), False) if word else None

    def _scan_durations(self) -> None:
        words = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
        pattern = compile_gated(rf"\bfor (?:the )?(?:next )?(\d+|{words}) (?:more )?(?:school )?(days?|weeks?)\b")
        for m in pattern.finditer(self.text):
            raw = m.group(1)
            n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
            days = n * 5 if m.group(2).startswith("week") else n
            if re.search(r"\b(been|had|was|were|since)\b", self._before_clause(m.start())):
                continue  # "he's been in his room for three days": how long something has lasted
            if 0 < days <= 60:
                self._add(m, "duration", None, None, False)
                self.mentions[-1].start = None
                self.mentions[-1].end = None
                self.mentions[-1].text = f"{days}"

    def _scan_dom(self) -> None:
        pattern = compile_gated(rf"\b(from )?{_DOM}")
        for m in pattern.finditer(self.text):
            if not self._free(m.start(), m.end()):
                continue
            dom = m.group(2) or m.group(3)
            if dom is None or not 1 <= int(dom) <= 31:
                continue
            if not m.group(4) and NOT_A_DATE_AFTER.match(self.text[m.end():m.end() + 14]):
                continue
            past = self._is_past(m.start())
            day = self._day_of_month(int(dom), m.group(4), past)
            if day is None:
                continue
            self._add(m, "day", self._school(day) if not past else day, None, past)
            if m.group(1):
                self.mentions[-1].open_ended = True

    def _scan_daywords(self) -> None:
        pattern = compile_gated(rf"\b(?:from )?({_DAYWORD})\b")
        for m in pattern.finditer(self.text):
            if not self._free(m.start(), m.end()):
                continue
            before = self.text[max(0, m.start() - 8) : m.start()]
            if re.search(r"\bnot\s*$", before):
                continue
            phrase = re.sub(r"^from ", "", m.group(0))
            if phrase.endswith(("saturday", "sunday")) and "back" not in before:
                continue
            past = phrase == "yesterday" or (
                phrase not in ("today", "tonight", "tomorrow", "this morning", "this afternoon", "this evening")
                and self._is_past(m.start())
            )
            if phrase.startswith("last"):
                past = True
            day = self._dated_weekday(phrase, past) or self._dayword(phrase, past)
            if day is None:
                continue
            if not past:
                day = self._school(day)
            self._add(m, "day", day, None, past)
            if m.group(0).startswith("from"):
                self.mentions[-1].open_ended = True

    def _dated_weekday(self, phrase: str, past: bool) -> date | None:
        """A bare weekday after the same weekday with its date ("Friday 11th December off ... our flight is Friday lunchtime"): that date."""
        name = re.sub(r"^on ", "", phrase)
        if past or name not in WEEKDAYS:
            return None
        target = WEEKDAYS.index(name)
        dated = [m.start for m in self.mentions if m.kind == "day" and m.start and not m.past
                 and re.search(r"\d", m.text) and m.start.weekday() == target]
        if dated:
            return dated[0] if len(set(dated)) == 1 else None
        return self._weekday_by_date(target)

    def _weekday_by_date(self, target: int) -> date | None:
        """A bare weekday that would fall more than a week before the dates the message names, all in one week ("finish
        on Wednesday 9th? the flights are Thursday morning", sent a fortnight before): that weekday of that week."""
        anchors = {m.start for m in self.mentions if m.kind == "day" and m.start and not m.past and re.search(r"\d", m.text)}
        weeks = {d - timedelta(days=d.weekday()) for d in anchors}
        if len(weeks) != 1:
            return None
        monday = weeks.pop()
        if self._weekday(WEEKDAYS[target], "", False) >= min(anchors) - timedelta(days=6):
            return None
        return monday + timedelta(days=target)

    def _aside(self, m: DateMention, earliest: DateMention) -> bool:
        """A day named in a clause about something else (the letter, the GP, a wedding, payday)."""
        left = max(self.text.rfind(c, 0, m.pos) for c in ".!?;\n,")
        if earliest.pos > left:
            return False  # "today and tomorrow": the same clause as the first day
        right = [i for i in (self.text.find(c, m.pos) for c in ".!?;\n,") if i >= 0]
        clause = self.text[left + 1 : min(right) if right else len(self.text)]
        clause = clause.replace(m.text, " ")
        return bool(EVIDENCE.search(clause)) or not ABSENCE_CLAUSE.search(clause)

    # -- the answer --------------------------------------------------------------------
    def resolve(self, intent: str, part_day: bool, has_appointment: bool) -> ResolvedDays:
        """Choose first and last day for ``intent`` from the mentions found."""
        mentions = [m for m in self.mentions if not COMMS_WORDS.search(self.text[max(0, m.pos - 40) : m.pos]) or m.kind in ("return", "until")]
        for m in mentions:
            if m.past and m.kind in ("day", "range") and m.start and m.start > self.today and m.text[:1].isdigit() is False and re.search(r"\d", m.text):
                m.past = False
        if intent == "other":
            return ResolvedDays(None, None)
        if intent == "update" and EVIDENCE.search(self.text) and not any(m.kind == "return" and not m.past for m in mentions):
            for m in mentions:
                if (m.kind == "day" and not m.past and re.fullmatch(rf"(?:on )?(?:{_WD})", m.text)
                        and not re.search(r"\bback\b", self.text[max(0, m.pos - 25) : m.pos])
                        and WEEKDAYS.index(m.text.replace("on ", "")) != self.today.weekday()):
                    # a note for "Tuesday" is for the one gone; one for today's weekday is for today
                    m.past = True
                    m.start = self._dayword(m.text.replace("on ", ""), True)
                both = re.fullmatch(rf"(?:on )?({_WD}) (?:and|to|till|until|-|through) ({_WD})", m.text)
                if m.kind == "range" and not m.past and both:
                    # the note for "Tues & Weds": the last ones, not the coming ones
                    first, last = self._dayword(both.group(1), True), self._dayword(both.group(2), True)
                    if first and last and first <= last:
                        m.past, m.start, m.end = True, first, last
        if intent == "update":
            # "back in tomorrow - the meeting is on Thursday": days after the return say nothing about the absence
            returns = [m.end for m in mentions if m.kind == "return" and m.end]
            if returns:
                mentions = [m for m in mentions if not (m.kind == "day" and m.start and m.start > max(returns))]
        future = [m for m in mentions if not m.past]
        past = [m for m in mentions if m.past]
        if intent == "update" and past and not any(m.kind in ("day", "range") for m in future):
            spans = [m for m in past if m.kind in ("day", "range")]
            if spans:
                first = min(m.start for m in spans if m.start)
                last = max((m.end or m.start) for m in spans if m.start)
                return ResolvedDays(first, last, [_ev(m) for m in spans], True)
        days = self._resolve_future(intent, future, part_day, has_appointment)
        if intent == "absence" and days.first_day:
            late_report = [m for m in past if m.kind in ("day", "range") and m.start and m.start < days.first_day
                           and (self.today - m.start).days <= BACKDATE_REACH and OFF_SINCE.search(self._before_clause(m.pos))]
            if late_report:
                first = min(late_report, key=lambda m: m.start or self.today)
                days.first_day, days.explicit = first.start, True
                days.evidence.append(f'date: already off "{first.text}" -> {first.start:%a %d %b}')
        return days

    def _resolve_future(self, intent: str, mentions: list[DateMention], part_day: bool, has_appointment: bool) -> ResolvedDays:
        days = [m for m in mentions if m.kind in ("day", "range") and m.start]
        if intent == "absence" and len(days) > 1:
            # "won't be in today ... we're seeing the GP tomorrow / she'll bring the letter in tomorrow":
            # a later day in a clause that does not speak of being off is not part of the absence
            earliest = min(days, key=lambda m: m.pos)
            days = [m for m in days if m is earliest or not self._aside(m, earliest)]
        ranges = [m for m in days if m.kind == "range"]
        if intent == "leave_request" and ranges:
            days = ranges
        evidence = [_ev(m) for m in mentions]
        first = min((m.start for m in days if m.start), default=None)
        explicit = first is not None
        firm = [m for m in days if m.text not in ("this morning", "this afternoon")]
        if first is None:
            first = default_day(self.received, self.calendar)
        last: date | None = None
        closing = [m for m in mentions if m.kind in ("return", "until", "week_rest") and m.end]
        duration = next((m for m in mentions if m.kind == "duration"), None)
        if closing:
            last = max(m.end for m in closing if m.end)
        elif duration is not None:
            last = nth_school_day(first, int(duration.text), self.calendar)
        elif ranges:
            last = max(m.end for m in ranges if m.end)
        elif days:
            last = max(m.start for m in days if m.start)
            if intent in ("absence", "leave_request") and any(m.open_ended for m in days) and len(days) == 1:
                last = None
        if last is not None and last < first:
            if closing and intent in ("absence", "update"):
                first = last if not explicit else first
                last = max(last, first)
            else:
                last = first
        if intent == "late" or part_day:
            last = first
        elif intent == "absence" and not firm and not closing and duration is None and not re.search(r"\b(all day|whole day|in at all)\b", self.text):
            last = None
        elif intent == "update" and last is None and (explicit or has_appointment):
            last = first
        if intent == "update" and not closing and duration is None and first == self.today and all(m.start == first for m in days):
            # "still off today, will let you know": the end of the absence is not known yet;
            # "coming in as normal today": no day is missed at all
            if STILL_OFF.search(self.text) or re.search(r"\b(in|back) as (normal|usual)\b", self.text):
                last = None
        if (intent == "update" and not closing and duration is None and NO_DAY_MISSED.search(self.text)
                and not PART_WAY_IN.search(self.text) and all(m.start == first for m in days)):
            # "the appointment tomorrow has been cancelled so she'll be in all day", "bringing him in after all":
            # the news is that no day is missed, so there is no end of an absence to give
            last = None
        if last is not None and any(m.hedged for m in mentions if m.kind != "return") and intent == "absence":
            hedged_only = all(m.hedged for m in mentions if m.kind in ("day", "range"))
            if hedged_only or len(days) > 1:
                last = None
        if last is None and intent == "absence" and re.search(r"\b(all day|whole day|in at all)\b", self.text):
            last = first
        if intent == "absence" and FOR_GOOD.search(self.text):
            last = None
        if last is not None and last.weekday() >= 5:
            last = prev_school_day(last, self.calendar) if last > first else first
        return ResolvedDays(first, last, evidence, explicit)


#: An update saying the child comes in after all: no day missed, so no last day (round 16, unseen_x).
NO_DAY_MISSED = re.compile(
    r"\b(after all|cancell?ed|postponed|called off|in (school )?as (normal|usual)|in all day|in school all day|"
    r"jednak|totu[sș]i|al final|mesmo assim)\b")
#: ... unless the child comes in part-way through the day ("bring him in for 11 after all", "in this afternoon").
PART_WAY_IN = re.compile(r"\b(\d{1,2}([.:]\d\d)?\s*(am|pm)?|afternoon|after lunch|lunch ?time|period \d|registration|late|half (nine|ten|eleven)|ten|eleven)\b")


def _prepare(text: str) -> str:  # noqa: C901 - a flat list of rewrites
    text = text.lower()
    text = re.sub(r"(\d)(st|nd|rd|th)?-(\d)", r"\1\2 - \3", text)
    if _HAS_CJK.search(text):
        for pattern, repl in CJK_DAYS:
            text = pattern.sub(repl, text)
    text = re.sub(r"\s+", " ", text)
    # Urdu "kal" is tomorrow or yesterday: yesterday when a past word or "raat" (last night) follows it
    text = re.sub(r"\bkal\b(?! ?(?:raat|se|(?:\w+ ){0,3}(?:tha|thi|the|gaya|gayi|hua|hui|nikla|nikli))\b)", "tomorrow", text)
    text = _FOREIGN_DAY.sub(lambda m: FOREIGN_DAY_WORDS[m.group(0)], text)
    for pattern, repl in FOREIGN_RANGES:
        text = pattern.sub(repl, text)
    # Polish "w piątek", Portuguese "na quarta", Spanish "el viernes": "on" before a weekday
    text = re.sub(rf"(?<!\w)(?:w|na|no|el|le|il|в|у|во|يوم) (?=(?:{_WD})\b)", "on ", text)
    # "should be right as rain for monday", "fine by tuesday": back that day
    text = re.sub(rf"\b(?:fine|ok|okay|right|better|good|well enough)(?: as rain)? (?:for|by) (?=(?:{_WD})\b)", "back ", text)
    # "hopefully both in monday", "should be in on tuesday": back that day
    text = re.sub(rf"\b(both|all|be|hopefully) in (?:on |for )?(?=(?:{_WD})\b)", r"\1 back ", text)
    # "off wed thur fri": the tokenizer read "wed" as "we'd" (normalised "we would")
    text = re.sub(rf"\bwe would(?= (?:and |or |to |till |until |- |, )?(?:{_WD})\b)", "wednesday", text)
    text = re.sub(rf"\b(on|by|till|until|from|next|this|off|{_WD}) we would\b(?! (?:like|love|be|have|appreciate|need|prefer|rather|not|ask|take|go))",
                  r"\1 wednesday", text)
    # "tuesday off next week", "thursday and friday next week" -> "next tuesday", "next thursday and next friday"
    text = re.sub(
        rf"\b({_WD})( (?:and|or|to|till|until|-) ({_WD}))?((?: off| off school| as well)?) next week\b",
        lambda m: f"next {m.group(1)}" + (f" to next {m.group(3)}" if m.group(3) else "") + m.group(4),
        text,
    )
    # "2 weeks off", "three days off school" -> "for 2 weeks"
    words = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    text = re.sub(rf"(?<!for )(?<!for the )\b(\d+|{words}) (school )?(days?|weeks?) (off|at home|out)\b", r"for \1 \3 \4", text)
    return text


def _ev(m: DateMention) -> str:
    when = ""
    if m.start and m.end and m.start != m.end:
        when = f"{m.start:%a %d %b} to {m.end:%a %d %b}"
    elif m.start or m.end:
        day = m.start or m.end
        assert day is not None
        when = f"{day:%a %d %b}"
    if m.kind == "duration":
        when = f"{m.text} school days"
    label = {"return": "back", "until": "until"}.get(m.kind, "date")
    return f'{label}: "{m.text}" -> {when}' if when else f'date: "{m.text}"'
