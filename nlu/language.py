"""A light guess at the language of a message, so staff know when to read it themselves.

Uses spaCy's bundled stop-word lists (no download) plus a few marker words per language,
and script detection for non-Latin alphabets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP

LANG_NAMES = {
    "pl": "Polish", "ro": "Romanian", "es": "Spanish", "fr": "French", "pt": "Portuguese",
    "it": "Italian", "de": "German", "ur": "Urdu", "so": "Somali", "tr": "Turkish", "lt": "Lithuanian",
    "ar": "Arabic", "bn": "Bengali", "ru": "Russian", "uk": "Ukrainian", "zh": "Chinese", "pa": "Punjabi",
    "hi": "Hindi", "other": "unknown",
}
# Distinctive everyday words; common English words are left out on purpose.
MARKERS: dict[str, set[str]] = {
    "pl": set("jest nie dzień dobry dzisiaj dziś jutro w domu szkoły szkoły chory chora ma ją go się i z że do na "
              "pozdrawiam dziękuję dziekuje bardzo przepraszam córka syn zostanie będzie gorączkę boli gardło wizyta u "
              "lekarza rano po".split()),
    "ro": set("este nu azi astăzi mâine la școală scoala școala bună buna dimineața dimineata mulțumesc multumesc "
              "are programare după dupa aceea pe ora îl il o va veni bolnav bolnavă febră acasă acasa și si fiul fiica "
              "rămâne".split()),
    "es": set("hoy mañana está esta enfermo enferma fiebre no va a ir al colegio escuela gracias buenos días dias mi "
              "hijo hija tiene cita con el médico medico dentista y que se queda en casa por favor".split()),
    "fr": set("bonjour merci aujourd'hui demain malade fièvre ne viendra pas il elle est mon ma fils fille école "
              "rendez-vous reste à la maison avec".split()),
    "pt": set("hoje amanhã está doente febre não vai à escola obrigado obrigada bom dia meu minha filho filha "
              "consulta médico".split()),
    "it": set("oggi domani malato malata febbre non verrà scuola grazie buongiorno mio mia figlio figlia".split()),
    "de": set("heute morgen krank fieber nicht kommt schule danke guten mein meine sohn tochter arzt".split()),
    "ur": set("hai nahi nahin aaj kal ki ka ke se aur bhi tabiyat theek thik bukhar ulti ho rahi raha sakega "
              "shukriya beta beti mera meri hain school nahi aa".split()),
    "so": set("maanta iskuulka ma imaan karto karo way waa xanuunsan qandho qufac ayay qabtaa mahadsanid "
              "subax wanaagsan hooyadeed wiilka gabadha berri".split()),
    "tr": set("bugün yarın hasta ateş okula gelemeyecek teşekkürler günaydın oğlum kızım doktor".split()),
    "lt": set("šiandien rytoj serga karščiuoja mokyklą ačiū labas rytas".split()),
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
ENGLISH_EXTRA = set(
    """sick ill poorly unwell school today tomorrow morning off won't wont will not be in late thanks thank
    appointment dentist doctor hospital temperature home keeping staying sorry hi hello please he she his her
    has got been being coming going bring collect pick up back week monday tuesday wednesday thursday friday
    x xx ok yeah mum dad son daughter kids children both""".split()
)


@dataclass(frozen=True)
class LanguageGuess:
    """Language code and whether the message is English."""

    code: str
    english: bool
    evidence: str | None


_BEYOND_LATIN = re.compile(r"[^\x00-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")


def _script(text: str) -> str | None:
    counts: dict[str, int] = {}
    for ch in _BEYOND_LATIN.findall(text):  # a Latin-script message is read by the regex alone, in C
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            key = name.split(" ")[0] if name else "OTHER"
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    script, n = max(counts.items(), key=lambda kv: kv[1])
    letters = sum(1 for ch in _LETTER.findall(text) if ch.isalpha())
    if n < max(3, letters * 0.3):
        return None
    return {"ARABIC": "ar", "BENGALI": "bn", "CYRILLIC": "ru", "CJK": "zh", "GURMUKHI": "pa",
            "DEVANAGARI": "hi", "HEBREW": "other", "GREEK": "other", "HANGUL": "other"}.get(script, "other")


@lru_cache(maxsize=20_000)
def guess_language(text: str) -> LanguageGuess:
    """Return the likely language of ``text`` ("en" when in doubt)."""
    script = _script(text)
    if script:
        if script == "ar" and re.search(r"[ٹڈڑںےۓپچژگ]", text):
            script = "ur"
        return LanguageGuess(script, False, f"language: not English ({LANG_NAMES.get(script, script)}?) - staff please read")
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 2:
        return LanguageGuess("en", True, None)
    english = sum(1 for w in words if w in EN_STOP or w in ENGLISH_EXTRA)
    scores = {lang: sum(1 for w in words if w in markers and w not in EN_STOP) for lang, markers in MARKERS.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    if re.search(r"[ąęłńśźż]", text.lower()):
        scores["pl"] += 3
    if re.search(r"[ășțâî]", text.lower()):
        scores["ro"] += 3
    if re.search(r"[ñ¿¡]", text.lower()):
        scores["es"] += 3
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    if best >= 2 and best > english:
        return LanguageGuess(lang, False, f"language: not English ({LANG_NAMES[lang]}?) - staff please read")
    if english == 0 and len(words) >= 4:
        return LanguageGuess("other", False, "language: possibly not English - staff please read")
    return LanguageGuess("en", True, None)
