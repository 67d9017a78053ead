"""Return-to-school guidance for common infectious illnesses, from UKHSA's exclusion table.

The table is data (`store/data/exclusions.toml`, with its source and date);
this module finds the illness a message names and the earliest day the child
may return. A message naming several illnesses takes the longest exclusion.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from store.schools import is_school_day

DATA = Path(__file__).parent / "data" / "exclusions.toml"
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Exclusion:
    key: str
    name: str
    exclusion: str
    days: int | None
    words: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    updated: str
    url: str


@lru_cache(maxsize=1)
def table() -> tuple[Source, dict[str, Exclusion]]:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    source = Source(**raw["source"])
    entries = {
        key: Exclusion(key, e["name"], e["exclusion"], e.get("days"), tuple(w.lower() for w in e["words"]))
        for key, e in raw["illness"].items()
    }
    return source, entries


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    _, entries = table()
    owner = {w: e.key for e in entries.values() for w in e.words}
    words = sorted(owner, key=len, reverse=True)
    # Chinese is written without spaces: its words match anywhere, the others as whole words.
    alternatives = [re.escape(w) if _CJK.search(w) else rf"(?<!\w){re.escape(w)}(?!\w)" for w in words]
    return re.compile("(" + "|".join(alternatives) + ")", re.IGNORECASE), owner


def illness_in(text: str | None) -> Exclusion | None:
    """The illness of UKHSA's table a message names (the longest exclusion if several), or None."""
    if not text:
        return None
    pattern, owner = _pattern()
    _, entries = table()
    found = {entries[owner[m.group(1).lower()]] for m in pattern.finditer(text)}
    if not found:
        return None
    return max(found, key=lambda e: (e.days or 0, e.key))


def exclusion(key: str) -> Exclusion | None:
    """The table's entry for `key` (None for a key no longer in the table)."""
    return table()[1].get(key)


def return_day(exclusion: Exclusion, first_day: dt.date, closed: set[dt.date] | None = None) -> dt.date | None:
    """The earliest school day the child may return: `days` calendar days after the first day off, then the next school day."""
    if exclusion.days is None:
        return None
    closed = closed or set()
    day = first_day + dt.timedelta(days=exclusion.days)
    while not is_school_day(day, closed):
        day += dt.timedelta(days=1)
    return day
