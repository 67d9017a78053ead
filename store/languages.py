"""The languages replies are written in besides English, and how a roll's `language` column names them."""

from __future__ import annotations

#: ISO 639-1 codes, as the NLU reports a message's language (issue 15).
LANGUAGES = ("pl", "ro", "ur", "bn", "ar", "so", "pt", "es", "uk")
NAMES = {
    "polish": "pl", "romanian": "ro", "urdu": "ur", "bengali": "bn", "bangla": "bn", "arabic": "ar", "somali": "so",
    "portuguese": "pt", "spanish": "es", "ukrainian": "uk",
}

ISO_639_2 = {"pol": "pl", "rum": "ro", "ron": "ro", "urd": "ur", "ben": "bn", "ara": "ar", "som": "so", "por": "pt", "spa": "es", "ukr": "uk"}


def roll_language(value: str | None) -> str | None:
    """A roll's language value ("Polish", "pol", "pl", "Polish (Polski)") as a code we answer in; None for English or any other."""
    if not value:
        return None
    word = value.strip().lower().split("(")[0].strip()
    if word in LANGUAGES:
        return word
    if word in NAMES:
        return NAMES[word]
    return ISO_639_2.get(word)
