"""A rough Latin spelling of a word in an Indian script, to match it to a child's name on the roll.

"अनिशलाई" (Nepali, "to Anish") reads as "anishlai", "সুশান্ত" (Bengali) as "sushant", "ਹਰਪ੍ਰੀਤ"
(Gurmukhi) as "harprit", "ગુજરાત" as "gujarat". The Unicode blocks of Devanagari, Bengali,
Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada and Malayalam share one layout (each letter at
the same offset from the start of its block), so one table of offsets reads them all. The
spelling is for fuzzy matching, not display: long and short vowels are one letter, retroflex and
dental consonants the same, and a consonant's inherent "a" is dropped at the end of a word, as
these names are said ("अनिश" is Anish, not Anisha).
"""

from __future__ import annotations

import re
from functools import lru_cache

#: The first code point of each script block that follows the Devanagari layout, U+0900 to U+0D7F.
FIRST_BLOCK = 0x0900
LAST_BLOCK = 0x0D7F
BLOCK = 0x80

_VOWELS = {0x05: "a", 0x06: "a", 0x07: "i", 0x08: "i", 0x09: "u", 0x0A: "u", 0x0B: "ri", 0x0E: "e", 0x0F: "e",
           0x10: "ai", 0x12: "o", 0x13: "o", 0x14: "au"}
_CONSONANTS = {0x15: "k", 0x16: "kh", 0x17: "g", 0x18: "gh", 0x19: "n", 0x1A: "ch", 0x1B: "chh", 0x1C: "j",
               0x1D: "jh", 0x1E: "n", 0x1F: "t", 0x20: "th", 0x21: "d", 0x22: "dh", 0x23: "n", 0x24: "t", 0x25: "th",
               0x26: "d", 0x27: "dh", 0x28: "n", 0x29: "n", 0x2A: "p", 0x2B: "ph", 0x2C: "b", 0x2D: "bh", 0x2E: "m",
               0x2F: "y", 0x30: "r", 0x31: "r", 0x32: "l", 0x33: "l", 0x34: "l", 0x35: "v", 0x36: "sh", 0x37: "sh",
               0x38: "s", 0x39: "h", 0x58: "q", 0x59: "kh", 0x5A: "gh", 0x5B: "z", 0x5C: "r", 0x5D: "rh", 0x5E: "f",
               0x5F: "y"}
_VOWEL_SIGNS = {0x3E: "a", 0x3F: "i", 0x40: "i", 0x41: "u", 0x42: "u", 0x43: "ri", 0x46: "e", 0x47: "e",
                0x48: "ai", 0x4A: "o", 0x4B: "o", 0x4C: "au"}
#: Candrabindu and anusvara (a nasal), visarga, and Gurmukhi's tippi and bindi.
_NASALS = {0x01: "n", 0x02: "n", 0x03: "h", 0x70: "n"}
_VIRAMA = 0x4D
#: Nukta (a dot that changes a letter: ज़ is z) and Gurmukhi's addak (the next consonant doubled): no letter of their own.
_SILENT = {0x3C, 0x71}


def is_indic(ch: str) -> bool:
    """Whether `ch` is in one of the scripts read here (danda and digits included: callers split words)."""
    return FIRST_BLOCK <= ord(ch) <= LAST_BLOCK


@lru_cache(maxsize=4096)
def indic_to_latin(word: str) -> str:
    """The word's rough Latin spelling, lower case; characters of other scripts are kept as they are."""
    units = _units(word)
    _drop_schwas(units)
    return "".join(text for _, text in units)


#: A unit of a spelt word: a consonant ("C"), a written vowel ("V"), the inherent vowel of a consonant ("A"),
#: or anything else ("X": a nasal, or a letter of another script).
Unit = list[str]


def _units(word: str) -> list[Unit]:
    units: list[Unit] = []
    for ch in word:
        code = ord(ch)
        offset = (code - FIRST_BLOCK) % BLOCK if FIRST_BLOCK <= code <= LAST_BLOCK else -1
        if offset in _CONSONANTS:
            units += [["C", _CONSONANTS[offset]], ["A", "a"]]
        elif offset in _VOWEL_SIGNS or offset == _VIRAMA:
            if units and units[-1][0] == "A":
                units.pop()
            if offset != _VIRAMA:
                units.append(["V", _VOWEL_SIGNS[offset]])
        elif offset in _SILENT:
            continue
        elif offset in _VOWELS:
            units.append(["V", _VOWELS[offset]])
        elif offset >= 0:
            units.append(["X", _NASALS.get(offset, "")])
        else:
            units.append(["X", ch.lower()])
    return units


def _drop_schwas(units: list[Unit]) -> None:
    """Drop the inherent vowels these names do not say, right to left: at the end of the word, and
    between a vowel and its consonant on one side and consonants and a vowel on the other
    ("तसनिम" ta-sa-nim is Tasnim, "ਹਰਪ੍ਰੀਤ" ha-ra-preet is Harpreet)."""
    kinds = [u[0] for u in units]
    for i in range(len(units) - 1, -1, -1):
        if kinds[i] != "A":
            continue
        after = "".join(kinds[i + 1 :]).replace("X", "")
        if not after:
            kinds[i] = "-"
            continue
        before = "".join(kinds[:i]).replace("X", "").replace("-", "")
        if before.endswith(("VC", "AC")) and re.match(r"C+[VA]", after):
            kinds[i] = "-"
    units[:] = [u for u, kind in zip(units, kinds) if kind != "-"]
