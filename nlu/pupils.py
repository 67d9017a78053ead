"""Which linked pupils a message is about: names, nicknames, misspellings, "both", "my son".

Returns child ids, or ``"ask"`` when the bot cannot tell (several children and none
named or implied, or the only name given is not a linked child).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

from nlu import lexicon
from nlu.gate import compile_gated
from nlu.indic import indic_to_latin, is_indic
from nlu.names import BOY_NAMES, GIRL_NAMES, NICKNAME_GROUPS
from nlu.proposal import Child
from nlu.wordlist import alternation

#: A word: letters, with the vowel signs and viramas of Indian scripts (combining marks, not letters to ``re``)
#: but not their danda or digits, so that "प्रकृतिलाई" is one word and not four.
_LETTERS = r"(?:[^\W\d_]|[\u0900-\u0963\u0971-\u0d7f])"
_WORD = compile_gated(_LETTERS + r"+(?:[-'’]" + _LETTERS + r"+)*", re.UNICODE)
_CLAUSE_SPLIT = compile_gated(r"[.!?;\n。！；।॥]+|[,，、،]| but | - |\bwhile\b")
#: At most this many characters either side of a name count as its clause: an unpunctuated
#: 4,096-character message must not make every name's clause the whole message.
CLAUSE_REACH = 160
#: A child named more often than this: the first mentions decide whether they are off.
MAX_HITS_JUDGED = 12
COMMON_WORDS = frozenset(STOP_WORDS) | frozenset(
    """lay will may can art kit ted pat ray con des bill mark jay nat sue eve hope joy bel ed em jo mo ty
    cal fin dom rob bob sunny summer grace faith rose ruby lily holly ivy daisy poppy amber jade sky
    miss mrs mr ms dr sir madam dear hi hello morning afternoon evening good thanks thank regards love
    monday tuesday wednesday thursday friday saturday sunday today tomorrow school class teacher office
    head mum dad nan nanna nana grandad mummy daddy sorry please just also still off sick ill poorly
    salam salaam assalam alaikum bonjour merci hey hiya ok okay yes no
    """.split()
)
#: Illness and appointment words of the lexicon: a named child whose clause has one is the one off.
ILL_OR_MED = compile_gated(r"\b(" + alternation((*lexicon.ILL, *lexicon.MED)) + r")\b", re.IGNORECASE)
IN_SCHOOL = compile_gated(
    r"\b(in as normal|in as usual|as normal|as usual|is coming|will come|coming in|will be in|"
    r"is in|be in school|going in|gone in|is fine|fine and|is ok|is okay|'s in|’s in|s fine|'s fine|’s fine|"
    r"s coming|'s coming|’s coming|in school today|at school|already in|is already at|'s already at|’s already at|"
    r"are in|are both in|both in|are coming in|are going in|as always|як завжди|як зазвичай|буде в школі|йде до школи|"
    r"піде до школи|idzie do szkoły|idzie do szkoly|idzie normalnie|zostaje do końca|wuu imanayaa|way imanaysaa|imanayaa|imanaysaa|coming|staying|normal|normally|normalnie|normalmente|"
    r"przyjdzie|vine|vine la|vai|viene|sí va|si va|正常上学|照常上学|去上学了|在学校|jabe|aa rahi|aa raha|aayega|aayegi|is going|will go|goes|in today|"
    r"прийде|прийдуть|піде|придёт|придет|пойдёт|ستحضر|سيحضر|ستأتي|سيأتي|يحضر|تحضر|كالمعتاد|geliyor|gelecek|ateina|eina|"
    # round 12: "school gaya hai" (Urdu), "way imaan doontaa" (Somali), "já foi" (Portuguese), "okulda" (Turkish),
    # "স্কুলে যাবে" (Bengali), "في المدرسة" (Arabic)
    r"gaya hai|gayi hai|aa gaya|aa gayi|ja rahi|ja raha|jaa rahi|jaa raha|imaan doontaa|imaan doonaa|imaanaysaa|"
    r"já foi|ja foi|vai à escola|vai a escola|okulda|okula gitti|স্কুলে যাবে|স্কুলে গেছে|في المدرسة|"
    # round 14: "Lily will be on the bus", "Maddie will be." at the end, "Harry's already had them",
    # "a avut-o deja" (Romanian), "ateis normaliai" (Lithuanian), "ще дойде" (Bulgarian)
    r"on the bus|on the school bus|will be(?=\s*(?:[.!]|$))|will be too|already had|had it already|had them already|"
    r"has had it|s had it|a avut-o deja|avut-o deja|ateis|normaliai|ще дойде|ще отиде|отива|"
    r"will(?=\s*(?:[.!]|$))|walking in|dropping (?:him|her|them) in|on board|stay in school|will stay in|rahegi|rahega|"
    r"school mein hi|"
    # round 17: Bengali in Latin letters ("Tasnim school e ache", "Zainab shomoy moto ashbe"), Portuguese "já está"
    r"school e ache|school e ase|school e gese|school e geche|shomoy moto|ashbe(?! na)|asbe(?! na)|comin in|"
    r"já está|ja esta|está na escola|esta na escola|ذهب إلى المدرسة|ذهبت إلى المدرسة|ذهب للمدرسة|ذهبت للمدرسة|"
    # round 18: Slovak "pôjde normálne", Gujarati in Latin letters "Priya aavse", Kurmanji "Rojîn dê were"
    r"pôjde|pojde|príde normálne|pride normalne|aavse|aavshe|avse|dê were|de were)\b"
    # Nepali, Hindi, Bengali, Gujarati, Punjabi: comes, goes, is at school (no ``\b``: words end in vowel signs)
    r"|आउँछ|जान्छ|स्कुल गयो|स्कुल गइ|स्कूल जाएगा|स्कूल जाएगी|आएगा|आएगी|स्कूल गया|स्कूल गई|स्कूल में है"
    r"|স্কুলে আছে|স্কুলে যাবে|স্কুলে গেছে|আসবে(?! না)|যাবে(?! না)"
    r"|આવશે|શાળાએ જશે|સ્કૂલ જશે|સ્કૂલે જશે|શાળામાં છે|સ્કૂલમાં છે|ਆਵੇਗਾ|ਆਵੇਗੀ|ਸਕੂਲ ਜਾਵੇਗਾ|ਸਕੂਲ ਜਾਵੇਗੀ|ਸਕੂਲ ਗਿਆ|ਸਕੂਲ ਗਈ"
    # Urdu "will come (on time)" but not "will not come", Sorani Kurdish "comes"
    r"|(?<!نہیں )آئے (?:گا|گی)|وقت پر آ|(?<!\w)دێت|(?<!\w)دێن",
    re.IGNORECASE,
)
#: The sender introducing themselves by the children ("this is Mia and Riley's grandad"): group 2 holds the names.
INTRODUCTION = compile_gated(
    # "this is Mia and Riley's grandad", "its me Kaylas mum", and at the start: "Jakes mum. On earlies", "Oscar and Isla's dad here"
    r"(\b(?:this is|it's|it’s|it is|its|i am|i'm|i’m|im)\s+(?:me\s+)?|^\s*(?:(?:hi|hiya|hello|morning|good morning)[\s,!.]+)?)"
    r"((?:[^\W\d_]+(?:\s*,\s*|\s+and\s+|\s*&\s*)){0,3}[^\W\d_]+?)(?:['’]s|s)\s+"
    r"(mum|mam|mom|mummy|dad|daddy|grandma|grandad|granddad|grandpa|grandmother|grandfather|nan|nana|nanna|nanny|granny|gran|"
    r"mother|father|aunt|auntie|aunty|uncle|carer|foster carer|foster mum|foster dad|step ?mum|step ?dad|sister|brother|childminder)\b",
    re.IGNORECASE,
)
RELATIVE_AFTER = compile_gated(
    r"^\s+(dad|mum|mam|mom|father|mother|nan|nanna|nana|gran|grandad|grandma|brother|sister|teacher|friend|carer|"
    r"step ?dad|step ?mum|uncle|aunt|auntie)\b", re.IGNORECASE)
#: The words right after a name say the child is in ("mustafa in", "Darius in", "ana e deja la școală").
NAME_THEN_IN = compile_gated(
    r"^(?:'s|’s|s)?(?:\s+(?:and|&)\s+[^\W\d_]+(?=\s))?\s*(?:is\s+|are\s+|will be\s+|e\s+|jest\s+|est[aá]\s+)?"
    r"(?:(?:coming|going|already went|already gone|has gone|went)\s+(?:in|to school|into school)(?!\s+(?:late|later|after))"
    r"|in|at school|in school|deja la [șs]coal[ăa]|w szkole|na escola|en el cole|en clase"
    r"|s[ií] va al cole|va al cole|va a la escuela|у школі|в школі|way timid|wuu yimid|iskuulka way)\b"
    r"(?!\s+(?:bed|pain|hospital|a\b|agony|tears|isolation|the car|a state))",
    re.IGNORECASE,
)
#: A sibling mentioned in passing after the news ("Albie's had it already"): not one the message is about.
HAD_IT_ALREADY = compile_gated(r"^(?:'s|’s|s)?\s*(?:has\s+|have\s+)?(?:had\s+(?:it|them)\s+already|already\s+had\s+(?:it|them))\b", re.IGNORECASE)
#: In an update, a child coming back is news about that child ("coming in after all"), not a sibling in as normal.
RETURN_NEWS = compile_gated(r"\b(after all|back|better|ok now|okay now|fine now|recovered|well enough|feeling better)\b", re.IGNORECASE)
FINE = compile_gated(r"\b(fine|ok|okay)\b", re.IGNORECASE)
OFF_WORDS = compile_gated(
    r"\b(not|n't|wont|isnt|none|neither|off|sick|ill|poorly|unwell|late|appointment|appt|dentist|doctor|"
    r"\w+n['’]t|cannot|hospital|temperature|temp|fever|absent|home|collect|pick|flu|bug|virus|cough|cold|vomit\w*|"
    r"migraine|headache|rash|pain|infection|keeping|orthodontist|optician|clinic|hurt\w*|"
    r"не|ні|хвор\w*|лікар\w*|لن|ولن|لا|مريض\w*|موعد|nie|nu|nahi|nahin|jabe na|neis|gelmeyecek|gelmiyor|"
    r"faltar\w*|falta|faltará|fica em casa|queda en casa|lipse\w*|não vai|nao vai|no va|no viene|não vem|nao vem)\b"
    # "won't come", "not" in Nepali, Hindi, Bengali, Gujarati, Punjabi
    r"|आउँदैन|आउँदिन|जाँदैन|जाँदिन|नहीं|नही|নাই|না(?![\u0980-\u09ff])|নয়|નહીં|નહિ|નથી|ਨਹੀਂ|ਨਹੀ",
    re.IGNORECASE,
)
SUBJECT_AFTER = compile_gated(
    r"^\s*(?:'s|’s|s)?\s*(has|is|wont|won't|won’t|will|isnt|isn't|isn’t|got|not|off|cant|can't|"
    r"can’t|was|been|feels|woke|threw|had|needs|wants)\b",
    re.IGNORECASE,
)
NOT_A_CHILD_BEFORE = compile_gated(
    r"(mr|mrs|miss|ms|dr|dear|hi|hello|hey|sir|madam|thanks|thank you|regards|love|from|cheers|x)\W*$",
    re.IGNORECASE,
)
#: Words after an introduction that say the news is about every child ("can't get them in"), not a name like "Sick Kids".
ALL_OF_THEM = compile_gated(r"\b(them|they|both|all of them|all three|all 3)\b", re.IGNORECASE)
#: "Both" in the languages of the roll, in Latin letters and in scripts: with three or more linked children,
#: which two is unknown. Indian scripts end words in vowel signs, which ``\b`` does not see as letters.
_BOTH_LATIN = ("both", "neither", "amândoi", "amandoi", "ambii", "oboje", "obaj", "obie", "обоє", "обидва", "обидві",
               "ambos", "ambas", "os dois", "as duas", "los dos", "las dos", "ikisi de", "labada", "dono", "donon",
               "duijon", "dujon", "كلاهما")
_BOTH_SCRIPT = ("दोनों", "दुवै", "দুজনেই", "দুজন", "બંને", "બન્ને", "ਦੋਵੇਂ", "இருவரும்")
BOTH_WORDS = frozenset(_BOTH_LATIN + _BOTH_SCRIPT)
PLURAL = compile_gated(
    r"\b(" + "|".join(_BOTH_LATIN) + r"|kids|kiddies|children|childrens|the boys|the girls|twins|all of them|all three|all 3|"
    r"they|them|their|the little ones|my boys|my girls|none of mine|all of mine|my lot|"
    # round 17: "the children" in other languages ("Copiii nu vin", "dono bachay", "vaikai neateis")
    r"copiii|dzieci|діти|дітей|децата|двамата|vaikai|os meninos|as meninas|as crianças|as criancas|los niños|los ninos|"
    r"çocuklar|cocuklar|carruurta|bachay|bache|bachche|bacche|الأطفال|الاطفال|الأولاد|الاولاد|أولادي|اولادي)\b"
    r"|" + "|".join(_BOTH_SCRIPT) + r"|बच्चे|छोराछोरी|বাচ্চারা|বাচ্চাদের|બાળકો|ਬੱਚੇ|குழந்தைகள்"
    # Chinese runs its words together
    r"|孩子们|孩子們|两个孩子|兩個孩子|俩孩子|两个都|兩個都",
    re.IGNORECASE,
)
HE = compile_gated(r"\b(he|him|his|he's|hes|my son|my boy|our son|the boy|son)\b", re.IGNORECASE)
SHE = compile_gated(r"\b(she|her|hers|she's|shes|my daughter|my girl|our daughter|the girl|daughter)\b", re.IGNORECASE)
YOUNGEST = compile_gated(r"\b(little one|youngest|baby of|little man|little girl|little boy|smallest)\b", re.IGNORECASE)
ELDEST = compile_gated(r"\b(eldest|oldest|big one|older one|big girl|big boy)\b", re.IGNORECASE)


@dataclass
class PupilResult:
    """The pupils a message is about, with the reasons."""

    pupils: list[str] | str
    evidence: list[str] = field(default_factory=list)
    named: bool = False


@lru_cache(maxsize=4096)
def name_forms(name: str) -> frozenset[str]:
    """Return every nickname form linked to ``name`` (lower case)."""
    low = name.lower()
    forms = {low}
    for part in re.split(r"[-\s]", low):
        if part:
            forms.add(part)
    for group in NICKNAME_GROUPS:
        if low in group or any(p in group[:1] for p in forms):
            forms.update(group)
    return frozenset(forms)


def _names_of(child: Child) -> list[str]:
    names = [child.first_name]
    if child.preferred_name:
        names.append(child.preferred_name)
    return [n for n in names if n]


_CYRILLIC = dict(zip("абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "h", "g", "d", "e", "ye", "yo", "zh", "z", "y", "i", "yi", "y", "k", "l", "m", "n",
                      "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))
_ARABIC = {"ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
           "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
           "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ک": "k", "ی": "y", "گ": "g", "پ": "p", "چ": "ch"}


def _skeleton(latin: str) -> str:
    """Consonant skeleton of a Latin-script name (vowels, y, w and h dropped), for Arabic-script names."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyhw'\-\s]", "", latin.lower()))


def _latin_names(latin: str, child: Child, also: Callable[[str], bool]) -> bool:
    """Whether a transliterated word is close to one of the child's names or nicknames, or `also` holds for one."""
    return len(latin) >= 3 and any(fuzz.ratio(latin, form) >= 75 or also(form)
                                   for name in _names_of(child) for form in {name.lower(), *name_forms(name)})


def _foreign_script_match(word: str, child: Child) -> str | None:
    """Match a Cyrillic- or Arabic-script word to a Latin-script child name (transliteration)."""
    low = word.lower()
    if any(is_indic(ch) for ch in low):
        # a case ending joined on ("प्रकृतिलाई", to Prakriti): the word starts with the name
        latin = indic_to_latin(low)
        return "transliterated" if _latin_names(latin, child, lambda form: len(form) >= 3 and latin.startswith(form)) else None
    if any(ch in _CYRILLIC for ch in low):
        # an inflected ending ("Софійка", "Даринки"): the name starts with the word less its last letter
        latin = "".join(_CYRILLIC.get(ch, ch) for ch in low)
        return "transliterated" if _latin_names(latin, child, lambda form: len(latin) >= 5 and form.startswith(latin[:-1])) else None
    if any("\u0600" <= ch <= "\u06ff" for ch in low):
        skeleton = _skeleton("".join(_ARABIC.get(ch, "") for ch in low))
        if len(skeleton) < 2:
            return None
        for name in _names_of(child):
            if _skeleton(name) == skeleton:
                return "transliterated"
    return None


@lru_cache(maxsize=8192)
def _forms_of(first_name: str, preferred_name: str | None) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    """Each of a child's names in lower case, with its parts ("Ava-Mae": ava, mae) and nickname forms."""
    names = [n for n in (first_name, preferred_name) if n]
    return tuple((n.lower(), frozenset(re.split(r"[-\s]", n.lower())), name_forms(n)) for n in names)


def match_word(word: str, child: Child, capitalised: bool, possessive: bool = True) -> str | None:
    """Return how ``word`` names ``child`` (exact, nickname, prefix, fuzzy, transliterated) or None."""
    if not word.isascii() and re.search(r"[\u0400-\u04ff\u0600-\u06ff\u0900-\u0d7f]", word):
        return _foreign_script_match(word, child)
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    if len(low) < 2:
        return None
    names = _forms_of(child.first_name, child.preferred_name)
    if low[-1] in "ęą" and capitalised:
        # Polish accusative/instrumental of a name ending in -a: "odbiorę Lenę" is Lena, "z Zosią" is Zosia
        base = low[:-1] + "a"
        if any(base == full or base in forms for full, _, forms in names):
            return "inflected"
    common = low in COMMON_WORDS
    if possessive and len(low) > 3 and low.endswith("s") and not common:
        # a possessive written without its apostrophe: "harpers still poorly", "carters still off"
        if any(low[:-1] == full for full, _, _ in names):
            return "possessive"
    for full, parts, forms in names:
        if low == full or low in parts:
            if common and not capitalised and low in ("will", "may", "can", "an", "is"):
                continue
            return "name"
        if common and not capitalised:
            continue
        if low in forms:
            return "nickname"
        if len(low) >= 3 and full.startswith(low) and len(full) - len(low) <= 5:
            return "short form"
        if not capitalised:
            continue
        if len(low) >= 4 and full.endswith(low) and len(full) - len(low) <= 3:
            return "short form"
        if len(low) >= 4 and len(full) >= 4 and fuzz.ratio(low, full) >= 80:
            return "spelling"
    return None


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from nlu.normalise import _known_words

    return _known_words()


def _gender(child: Child) -> str | None:
    name = (child.preferred_name or child.first_name).lower()
    first = child.first_name.lower()
    girl = name in GIRL_NAMES or first in GIRL_NAMES
    boy = name in BOY_NAMES or first in BOY_NAMES
    if not girl and not boy:
        forms = name_forms(name) | name_forms(first)
        girl = any(f in GIRL_NAMES for f in forms)
        boy = any(f in BOY_NAMES for f in forms)
    if girl and not boy:
        return "F"
    if boy and not girl:
        return "M"
    return None


def _year(child: Child) -> float | None:
    if child.year is None:
        return None
    m = re.search(r"\d+", str(child.year))
    if m:
        return float(m.group(0))
    return -1.0 if str(child.year).strip().lower() in ("r", "reception", "n", "nursery") else None


class PupilFinder:
    """Resolve the pupils of one message."""

    def __init__(self, text: str, children: Sequence[Child]) -> None:
        self.text = text
        self.children = list(children)
        self.words = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
        self.all_caps = text.isupper()

    def _clause_span(self, pos: int) -> tuple[int, int]:
        """The clause around `pos` (split once per message, so a long message stays linear), at most CLAUSE_REACH each side."""
        if not hasattr(self, "_splits"):
            self._splits = [(m.start(), m.end()) for m in _CLAUSE_SPLIT.finditer(self.text)]
            self._split_ends = [end for _, end in self._splits]
        i = bisect.bisect_right(self._split_ends, pos)
        start = self._splits[i - 1][1] if i else 0
        j = i
        while j < len(self._splits) and self._splits[j][0] <= pos:
            j += 1
        end = self._splits[j][0] if j < len(self._splits) else len(self.text)
        if pos - start > CLAUSE_REACH:
            cut = self.text.find(" ", pos - CLAUSE_REACH)
            start = cut + 1 if 0 <= cut < pos else start
        if end - pos > CLAUSE_REACH:
            cut = self.text.rfind(" ", pos, pos + CLAUSE_REACH)
            end = cut if cut > pos else end
        return start, end

    def _spans(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """Every match of `pattern` in the whole message, found once (sorted by start)."""
        cache = self.__dict__.setdefault("_span_cache", {})
        if pattern not in cache:
            cache[pattern] = [m.span() for m in pattern.finditer(self.text)]
        return cache[pattern]

    def _in_span(self, pattern: re.Pattern[str], start: int, end: int, skip: Sequence[tuple[int, int]] = ()) -> bool:
        """Whether `pattern` matches inside text[start:end], apart from matches overlapping `skip`."""
        spans = self._spans(pattern)
        k = bisect.bisect_left(spans, (start, -1))
        while k < len(spans) and spans[k][0] < end:
            a, b = spans[k]
            if b <= end and not any(a < y and x < b for x, y in skip):
                return True
            k += 1
        return False

    def named(self) -> tuple[dict[str, list[tuple[str, int, str]]], list[str]]:
        """Return matches per child id, and names that match no linked child."""
        found: dict[str, list[tuple[str, int, str]]] = {}
        unknown: list[str] = []
        matches: dict[str, list[tuple[str, str]]] = {}
        for i, (word, pos) in enumerate(self.words):
            if word not in matches:
                capitalised = word[:1].isupper()
                matches[word] = [(c.id, how) for c in self.children if (how := match_word(word, c, capitalised))]
            hits = matches[word]
            if any(how == "possessive" for _, how in hits) and RELATIVE_AFTER.match(self.text[pos + len(word) : pos + len(word) + 20]):
                # "jaylens dad turned up": about the relative; only the older rules (a capitalised spelling) may name the child
                capitalised = word[:1].isupper()
                hits = [(c.id, how) for c in self.children if (how := match_word(word, c, capitalised, possessive=False))]
            for child_id, how in hits:
                found.setdefault(child_id, []).append((word, pos, how))
            if not hits and self._looks_like_child_name(word, pos, i):
                unknown.append(word)
        self._paired_short_forms(found, matches)
        return found, unknown

    def _paired_short_forms(self, found: dict[str, list[tuple[str, int, str]]], matches: dict[str, list[tuple[str, str]]]) -> None:
        """A lower-case everyday word that is a short form of a linked child, paired with another child's
        name ("jay and tia both badly", "tia and jay"), is that child."""
        for i, (word, pos) in enumerate(self.words):
            if matches.get(word) or word.lower() not in COMMON_WORDS:
                continue
            for a, b in ((i + 1, i + 2), (i - 1, i - 2)):
                if not (0 <= b < len(self.words)) or self.words[a][0].lower() != "and":
                    continue
                partner = {cid for cid, _ in matches.get(self.words[b][0], [])}
                if not partner:
                    continue
                for c in self.children:
                    how = match_word(word, c, True)
                    if c.id not in partner and how in ("nickname", "short form") and c.id not in found:
                        found[c.id] = [(word, pos, how)]

    def _looks_like_child_name(self, word: str, pos: int, index: int) -> bool:
        low = word.lower().replace("’", "'")
        base = low.split("'", 1)[0]
        if low in COMMON_WORDS or base in COMMON_WORDS or len(base) < 3:
            return False
        if low not in GIRL_NAMES and low not in BOY_NAMES and (base in _english_words() or self.all_caps):
            return False
        in_lexicon = low in GIRL_NAMES or low in BOY_NAMES
        capitalised = word[:1].isupper()
        if not (in_lexicon or capitalised):
            return False
        if NOT_A_CHILD_BEFORE.search(self.text[max(0, pos - 14) : pos]):
            return False
        after = self.text[pos + len(word) : pos + len(word) + 12]
        if not SUBJECT_AFTER.match(after) and not (in_lexicon and re.match(r"^\s*(and|&)\s", after)):
            return False
        return in_lexicon or index == 0 or capitalised

    def resolve(self, intent: str) -> PupilResult:
        """Return the pupils for a message of the given intent."""
        found, unknown = self.named()
        found = self._without_introductions(found, intent)
        if found:
            kept = self._drop_children_in_school(found, intent)
            if kept is None:
                others = [c for c in self.children if c.id not in found]
                rest = PupilFinder(self.text, others)._unnamed(intent) if others else None
                if rest is not None and isinstance(rest.pupils, list) and rest.pupils:
                    return PupilResult(rest.pupils, ["pupil: named children are in school", *rest.evidence])
                kept = set(found)
            ids = [c.id for c in self.children if c.id in kept]
            evidence = [f'pupil: "{found[i][0][0]}" -> {self._child(i).first_name} ({found[i][0][2]})' for i in ids]
            return PupilResult(ids, evidence, named=True)
        if unknown:
            return PupilResult("ask", [f'pupil: "{unknown[0]}" is not a linked child - ask'])
        return self._unnamed(intent)

    def _without_introductions(self, found: dict[str, list[tuple[str, int, str]]], intent: str) -> dict[str, list[tuple[str, int, str]]]:
        """Names in the sender's introduction ("this is Mia and Riley's grandad") do not count when a child is named after it.

        A bare introduction at the start ("Jakes mum. Ben has croup") counts only in news of a day missed or
        a late: in a note to the office ("Lewis and Eva's dad here ... Eva needs her reading book") it names both.
        """
        spans = [m.span(2) for m in INTRODUCTION.finditer(self.text) if intent != "other" or m.group(1).lower().startswith(("this", "it", "i"))]
        if not spans:
            return found
        def introducing(pos: int) -> bool:
            return any(a <= pos < b for a, b in spans)

        later = {cid: [h for h in hits if not introducing(h[1])] for cid, hits in found.items()}
        if not any(later.values()):
            # "its Kaylas mum ... I can't get them in": only the introduction names a child, and the news is about them all
            after = self.text[max(b for _, b in spans):]
            return {} if len(self.children) > len(found) and ALL_OF_THEM.search(after) else found
        if len(found) < 2:
            return found
        return {cid: hits for cid, hits in later.items() if hits}

    def _child(self, child_id: str) -> Child:
        return next(c for c in self.children if c.id == child_id)

    def _drop_children_in_school(self, found: dict[str, list[tuple[str, int, str]]], intent: str) -> set[str] | None:
        if len(found) < 2 and not (intent in ("absence", "late") and len(self.children) > len(found)):
            return set(found)
        if intent not in ("absence", "late", "leave_request", "update"):
            negated = {cid for cid, hits in found.items() if any(
                re.search(r"\bnot\s*$", self.text[max(0, p - 5) : p].lower()) for _, p, _ in hits)
                or all(HAD_IT_ALREADY.match(self.text[p + len(w) : p + len(w) + 30]) for w, p, _ in hits)}
            return (set(found) - negated) or set(found)
        kept = set()
        for child_id, hits in found.items():
            in_school = True
            names = [(p, p + len(w)) for w, p, _ in hits]
            for word, pos, _ in hits[:MAX_HITS_JUDGED]:
                start, end = self._clause_span(pos)
                before = self.text[max(0, pos - 5) : pos].lower()
                if re.search(r"\bnot\s*$", before):
                    in_school = True
                    break
                if NAME_THEN_IN.match(self.text[pos + len(word) : pos + len(word) + 40]):
                    continue  # "ava-mae in as normal", "rory in": this mention says the child is in
                off = self._in_span(OFF_WORDS, start, end, names) or self._in_span(ILL_OR_MED, start, end, names)
                if intent == "update" and self._in_span(RETURN_NEWS, start, end):
                    off = True  # "Izzy coming in after all", "Sam is back in today": the news is about this child too
                if not self._in_span(IN_SCHOOL, start, end) or off:
                    if not self._in_span(FINE, start, end) or off:
                        in_school = False
            if not in_school:
                kept.add(child_id)
        if not kept and intent in ("absence", "late") and len(self.children) > len(found):
            return None
        return kept or set(found)

    def _unnamed(self, intent: str) -> PupilResult:
        children = self.children
        if not children:
            return PupilResult("ask" if intent != "other" else [])
        text = self.text
        if intent == "other":
            if re.search(r"\b(kids|children|both|their (mother|mum|father|dad))\b", text, re.IGNORECASE) and len(children) > 1:
                return PupilResult([c.id for c in children], ["pupil: all linked children"])
            if HE.search(text) or SHE.search(text):
                if len(children) == 1:
                    return PupilResult([children[0].id], ["pupil: only linked child"])
                picked = self._by_gender()
                return PupilResult([picked.id] if picked else "ask", ["pupil: by pronoun" if picked else "pupil: unclear which child - ask"])
            return PupilResult([], ["pupil: about no particular child"])
        if len(children) == 1:
            return PupilResult([children[0].id], ["pupil: only linked child"])
        plural = PLURAL.search(text)
        if plural:
            word = plural.group(0).lower()
            if word in BOTH_WORDS and len(children) > 2:
                # "both" with three or more linked children: which two is unknown.
                return PupilResult("ask", [f'pupil: "{word}" but {len(children)} linked children - ask'])
            chosen = self._plural(word)
            return PupilResult([c.id for c in chosen], [f'pupil: "{plural.group(0)}" -> all linked children'])
        by_age = self._by_age()
        if by_age is not None:
            return PupilResult([by_age.id], [f"pupil: by age -> {by_age.first_name}"])
        picked = self._by_gender()
        if picked is not None:
            return PupilResult([picked.id], [f"pupil: by pronoun -> {picked.first_name}"])
        return PupilResult("ask", ["pupil: several linked children and none named - ask"])

    def _plural(self, word: str) -> list[Child]:
        if "twins" in word:
            by_year: dict[float | None, list[Child]] = {}
            for c in self.children:
                by_year.setdefault(_year(c), []).append(c)
            pairs = [g for y, g in by_year.items() if y is not None and len(g) >= 2]
            if len(pairs) == 1:
                return pairs[0]
        if "boys" in word or "girls" in word:
            want = "M" if "boys" in word else "F"
            chosen = [c for c in self.children if _gender(c) in (want, None)]
            if chosen:
                return chosen
        return self.children

    def _by_age(self) -> Child | None:
        years = [(y, c) for c in self.children if (y := _year(c)) is not None]
        if len(years) != len(self.children) or len({y for y, _ in years}) != len(years):
            return None
        if YOUNGEST.search(self.text):
            return min(years, key=lambda p: p[0])[1]
        if ELDEST.search(self.text):
            return max(years, key=lambda p: p[0])[1]
        return None

    def _by_gender(self) -> Child | None:
        he = HE.search(self.text)
        she = SHE.search(self.text)
        if bool(he) == bool(she):
            return None
        want = "M" if he else "F"
        matches = [c for c in self.children if _gender(c) == want]
        unknown = [c for c in self.children if _gender(c) is None]
        if len(matches) == 1 and not unknown:
            return matches[0]
        return None


def find_pupils(text: str, children: Sequence[Child], intent: str) -> PupilResult:
    """Return the pupils ``text`` is about, given the sender's linked children."""
    return PupilFinder(text, children).resolve(intent)
