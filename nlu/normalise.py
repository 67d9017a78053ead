"""Token normalisation: text-speak, contractions and common misspellings to one canonical form.

The spaCy component in :mod:`nlu.components` writes these norms onto ``token.norm_`` so
that the PhraseMatcher lexicons (matched on NORM) and the date/session rules (run on the
joined norms) see "wont", "won't" and "will not" alike.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

# Text-speak, abbreviations and misspellings seen in parent messages.
TEXT_SPEAK: dict[str, str] = {
    "u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please", "thx": "thanks",
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmoz": "tomorrow", "2moro": "tomorrow",
    "2morrow": "tomorrow", "tomoz": "tomorrow", "tomorow": "tomorrow", "tommorow": "tomorrow",
    "tommorrow": "tomorrow", "tomorro": "tomorrow", "tomorra": "tomorrow", "tomora": "tomorrow", "tmoro": "tomorrow", "2mora": "tomorrow", "2day": "today", "tday": "today",
    "todays": "today", "2nite": "tonight", "tonite": "tonight", "nite": "night",
    "appt": "appointment", "appts": "appointment", "apt": "appointment", "appoint": "appointment",
    "appointmnt": "appointment", "appoinment": "appointment", "apointment": "appointment",
    "appointement": "appointment", "appiontment": "appointment", "appontment": "appointment",
    "docs": "doctor", "doc": "doctor", "doctors": "doctor", "drs": "doctor", "dr": "doctor",
    "doctor's": "doctor", "gp's": "gp", "gps": "gp", "dentists": "dentist", "dentis": "dentist",
    "opticians": "optician", "orthodontists": "orthodontist", "ortho": "orthodontist",
    "orthodontic": "orthodontist", "temp": "temperature", "temprature": "temperature",
    "tempreture": "temperature", "temperture": "temperature", "temperatur": "temperature",
    "temperatue": "temperature", "feaver": "fever", "fevour": "fever",
    "poorley": "poorly", "pourly": "poorly", "pooly": "poorly", "sik": "sick", "sic": "sick",
    "vomitting": "vomiting", "vommiting": "vomiting", "vomitin": "vomiting", "vomited": "vomit",
    "vomitted": "vomit", "vommited": "vomit", "vomits": "vomit", "puked": "vomit",
    "puking": "vomiting", "spewing": "vomiting", "headach": "headache", "hedache": "headache",
    "tummy": "stomach", "stomache": "stomach", "belly": "stomach", "infeciton": "infection",
    "infction": "infection", "hosp": "hospital", "hospitol": "hospital", "hospial": "hospital",
    "physio": "physiotherapy", "opp": "operation", "op": "operation", "ops": "operation",
    "bcos": "because", "cos": "because", "coz": "because", "cuz": "because", "bc": "because",
    "b4": "before", "gonna": "going to", "wanna": "want to", "gotta": "got to",
    "wont": "will not", "dont": "do not", "cant": "can not", "isnt": "is not", "wasnt": "was not",
    "didnt": "did not", "doesnt": "does not", "couldnt": "could not", "shouldnt": "should not",
    "arent": "are not", "hasnt": "has not", "havent": "have not", "aint": "is not",
    "im": "i am", "ive": "i have", "id": "i would", "hes": "he is", "shes": "she is",
    "theyre": "they are", "theyll": "they will", "thats": "that is", "its": "it is",
    "youre": "you are", "wen": "when", "wiv": "with", "wid": "with", "wk": "week",
    "mins": "minutes", "min": "minutes", "hrs": "hours", "hr": "hours", "msg": "message",
    "txt": "text", "abt": "about", "approx": "about", "asap": "soon", "b": "be", "c": "see",
    "n": "and", "nd": "and", "&": "and", "+": "and", "w/": "with", "ty": "thanks",
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "weds": "wednesday", "wed": "wednesday",
    "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday",
    "sat": "saturday", "sun": "sunday", "weds.": "wednesday", "wednsday": "wednesday",
    "wensday": "wednesday", "wednesay": "wednesday", "tuseday": "tuesday", "thursay": "thursday",
    "thurday": "thursday", "fryday": "friday", "monady": "monday",
    "jan": "january", "feb": "february", "sept": "september", "sep": "september", "oct": "october",
    "nov": "november", "dec": "december", "xmas": "christmas", "mum's": "mum",
    "nt": "not", "n't": "not", "'ll": "will", "ll": "will", "'ve": "have", "ve": "have",
    "'re": "are", "re": "are", "'m": "am", "'d": "would", "wo": "will", "ca": "can",
}

# Words worth rescuing from typos by fuzzy matching (only tokens of 6+ letters are tried).
FUZZY_TARGETS: tuple[str, ...] = (
    "appointment", "temperature", "orthodontist", "optician", "vomiting", "headache",
    "stomach", "infection", "hospital", "dentist", "doctor", "tomorrow", "poorly",
    "diarrhoea", "tonsillitis", "chickenpox", "conjunctivitis", "migraine", "physiotherapy",
    "wednesday", "thursday", "tuesday", "saturday", "permission", "funeral", "wedding",
    "afternoon", "morning", "feeling", "unwell", "operation", "vaccination", "paediatrician",
    "antibiotics", "bullied", "bullying", "refusing", "anxious", "anxiety", "police",
    "sickness", "coughing",
)

_PRONOUN_BEFORE_S = {"he", "she", "it", "that", "there", "who", "what", "where"}
_WILL_VERBS = {
    "bring", "be", "take", "collect", "pick", "drop", "let", "call", "ring", "keep", "get",
    "see", "update", "send", "have", "come", "try", "need", "text", "message", "email",
    "phone", "pop", "walk", "drive", "do", "sort", "make", "contact", "give", "inform",
}


def _known_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    from nlu.lexicon import CUE_LEXICONS

    words = {w for phrases in CUE_LEXICONS.values() for p in phrases for w in p.split()}
    return frozenset(words | set(STOP_WORDS) | set(TEXT_SPEAK.values()) | set(FUZZY_TARGETS) | EXTRA_KNOWN)


EXTRA_KNOWN = frozenset(
    """injection infections infected infectious temple temper hospitals hospitality dentists
    mornings afternoons feelings operations stomachs wedding weddings funeral funerals doctors
    thursdays tuesdays wednesdays saturdays permissions settling setting bulling rubbing sickly
    moaning morninng""".split()
)
_KNOWN: frozenset[str] = frozenset()


@lru_cache(maxsize=50_000)
def fuzzy_norm(word: str) -> str:
    """Map a long unknown word to a key lexicon word when it is a near miss."""
    global _KNOWN
    if len(word) < 6 or not word.isalpha():
        return word
    if not _KNOWN:
        _KNOWN = _known_words()
    if word in _KNOWN:
        return word
    found = process.extractOne(word, FUZZY_TARGETS, scorer=fuzz.ratio, score_cutoff=86)
    if found:
        return found[0]
    found = process.extractOne(word, _illness_targets(), scorer=fuzz.ratio, score_cutoff=LEXICON_CUTOFF)
    return found[0] if found else word


#: Misspelt illness and appointment words ("pnuemonia", "impetago", "bronchitus") are read as the
#: lexicon's word when this close (fuzz.ratio) and at least LEXICON_MIN_LEN letters long: one
#: letter wrong in a 9-letter word scores 88.9, while a 7- or 8-letter word one letter from a
#: common word ("fainted" / "painted", "infected" / "infested") scores 87.5 or less and is left alone.
LEXICON_CUTOFF = 88
LEXICON_MIN_LEN = 9
#: Lexicon words with a common English word one letter away ("inspection"), never a fuzzy target.
_NOT_FUZZY = frozenset({"injection", "injections", "depressed", "specialist", "assessment", "assessments"})


@lru_cache(maxsize=1)
def _illness_targets() -> tuple[str, ...]:
    from nlu.lexicon import ILL, MED

    return tuple(sorted({p for p in (*ILL, *MED) if " " not in p and p.isalpha() and len(p) >= LEXICON_MIN_LEN}
                        - _NOT_FUZZY))


def norm_token(lower: str, prev: str, nxt: str) -> str:
    """Return the canonical form of one lowercased token given its neighbours."""
    if lower in ("s", "'s", "’s") and prev in _PRONOUN_BEFORE_S:
        return "is"
    if lower == "ill" and (prev in ("", ".", ",", "and", "so", "then", "i") and nxt in _WILL_VERBS):
        return "i will"
    if lower == "m" and prev == "i":
        return "am"
    if lower == "d" and prev in ("i", "we", "she", "he"):
        return "would"
    mapped = TEXT_SPEAK.get(lower)
    if mapped is not None:
        return mapped
    if "’" in lower:
        return norm_token(lower.replace("’", "'"), prev, nxt)
    return fuzzy_norm(lower)
