"""Phone numbers from a roll: normalised to E.164, or kept raw and marked unusable.

libphonenumber does not treat Ofcom's drama ranges (07700 900000–900999,
01632 960000–960999) as valid, yet they are the only numbers fictional data
may use; they are accepted here as if valid so the sample roll, the demo and
the tests behave like real rolls.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

DEFAULT_REGION = "GB"
#: Ofcom numbers reserved for drama (E.164 prefix, full length), accepted as valid.
FICTIONAL_RANGES = (("+447700900", 13), ("+441632960", 13))


@dataclass(frozen=True)
class Phone:
    """A roll phone number: `e164` is None when the number is missing or unusable."""

    e164: str | None
    raw: str | None
    status: str  # ok | missing | invalid
    detail: str | None = None


def _fictional(e164: str) -> bool:
    return any(e164.startswith(prefix) and len(e164) == n for prefix, n in FICTIONAL_RANGES)


@lru_cache(maxsize=65536)
def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> Phone:
    """Parse a number written in any UK or international form ("07700 900123", "+44 7700 900123")."""
    raw = raw.strip()
    if not raw:
        return Phone(None, None, "missing")
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return Phone(None, raw, "invalid", "not a phone number")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not phonenumbers.is_possible_number(number):
        return Phone(None, raw, "invalid", "too short or too long")
    if not (phonenumbers.is_valid_number(number) or _fictional(e164)):
        return Phone(None, raw, "invalid", "not a number in use")
    return Phone(e164, raw, "ok")
