"""SMS text in the GSM-7 alphabet where it can be: Latin letters with accents outside it are folded.

A single character outside GSM-7 makes a whole SMS UCS-2 (67 characters a
segment instead of 153). Polish, Romanian, Portuguese, Somali and Spanish are
commonly texted without the accents GSM-7 lacks ("Dzien dobry", "maine"), so
an SMS whose every other character is GSM-7 has those letters folded to their
base letter. Text in another script (Arabic, Bengali, Ukrainian) stays as it
is and goes as UCS-2. Only messages in one of the reply languages are folded
(`for_channel`): English replies keep names exactly as on the roll, and
Telegram messages are never folded.
"""

from __future__ import annotations

import unicodedata

GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: GSM-7's extension table (each costs two characters) and letters NFKD does not take apart.
EXTENSION = frozenset("^{}\\[~]|€")
SPECIAL = {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "ø", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."}


def fold(ch: str) -> str:
    if ch in GSM7 or ch in EXTENSION:
        return ch
    if ch in SPECIAL:
        return SPECIAL[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if base and all(c in GSM7 for c in base) else ch


def for_channel(text: str, channel: str, lang: str) -> str:
    """A message in one of the reply languages, folded for SMS; English and Telegram text exactly as written."""
    return gsm_text(text) if channel == "sms" and lang != "en" else text


def gsm_text(text: str) -> str:
    """`text` folded to GSM-7 when folding makes all of it GSM-7; else unchanged."""
    if all(c in GSM7 or c in EXTENSION for c in text):
        return text
    folded = "".join(fold(c) for c in text)
    return folded if all(c in GSM7 or c in EXTENSION for c in folded) else text
