"""A cheap pre-check in front of a regular expression: skip the text where it cannot match.

Most cue patterns start with a word boundary and an alternation (``\\b(going|moving|fly...)``).
Python's ``re`` cannot use its fast first-character scan for such a pattern, so it tries a full
match at every position of the text: 40-odd patterns over every message, and the main cost of a
long one. Every match of such a pattern starts with one of a few literal strings (its *prefixes*,
read off the parsed pattern). ``gated`` puts one regex of those strings, built as a trie (which
``re`` does scan fast), in front: no prefix in the text means no match; otherwise the pattern is
tried only where a prefix starts (a long message repeating a cue word no longer costs a full try at
every one of its 4,096 positions). The answer is always the pattern's own (``\\b`` and lookbehinds
see the text before the start position, as ``re`` defines them).
"""

from __future__ import annotations

import re
import re._constants as C  # type: ignore[import-not-found]
import re._parser as P  # type: ignore[import-not-found]
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from nlu.wordlist import alternation

_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}
#: A prefix this short is in nearly every message: the pre-check would cost more than it saves.
MIN_PREFIX = 2
MAX_PREFIXES = 400
#: Past the first prefix, a text this short is cheaper searched by the pattern itself (one call in C) than
#: tried prefix by prefix; a longer one is tried only where its prefixes start.
SHORT_RUN = 1000


#: Stands for "the start of the text" among prefixes: an alternative anchored with ``^`` can match only there.
AT_START = ""
_BEGINNINGS = {C.AT_BEGINNING, C.AT_BEGINNING_STRING}


def prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The literal strings that every match of `pattern` starts with, or None if they cannot be told.

    `AT_START` among them: some matches can only start at the beginning of the text. Under
    ``re.IGNORECASE`` the strings are as written; the gate is compiled with the same flag.
    """
    if pattern.flags & re.VERBOSE or not isinstance(pattern.pattern, str):
        return None
    try:
        found = _sequence(list(P.parse(pattern.pattern, pattern.flags).data))
    except Exception:  # an internal parser the stdlib may change: no gate, never a wrong answer
        return None
    return frozenset(found) if found else None


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    i = 0
    anchored = False
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        anchored = anchored or (items[i][0] is C.AT and items[i][1] in _BEGINNINGS)
        i += 1
    if anchored:
        rest = _sequence(items[i:]) if i < len(items) else None
        return rest if rest is not None else {AT_START}
    if i == len(items):
        return None
    # a run of items that each match one of a few fixed strings ("his|her", "[送带]", "(a|the) fine"):
    # every match starts with one of their concatenations, read on into what follows where it can be
    head, used = _exact_head(items[i:])
    i += used
    if used:
        rest = _sequence(items[i:]) if i < len(items) else None
        if rest is not None and len(head) * len(rest) <= MAX_PREFIXES:
            return {h + r for h in head for r in rest}
        return head
    op, av = items[i]
    if op is C.SUBPATTERN:
        return _sequence(list(av[3].data))
    if op is C.BRANCH:
        return _union(av[1], _sequence)
    if op in _REPEATS:
        low, _high, item = av
        return _sequence(list(item.data)) if low >= 1 else None
    return None


def _exact(item: tuple[Any, Any]) -> set[str] | None:
    """The non-empty strings one parsed item matches, if it matches nothing else; else None."""
    op, av = item
    if op is C.LITERAL:
        return {chr(av)}
    if op is C.IN:
        return {chr(code) for _, code in av} if av and all(kind is C.LITERAL for kind, _ in av) else None
    if op is C.SUBPATTERN:
        return _exact_run(list(av[3].data))
    if op is C.BRANCH:
        return _union(av[1], _exact_run, MAX_PREFIXES)
    return None


def _union(alternatives: list[Any], read: Callable[[list[tuple[Any, Any]]], set[str] | None],
           limit: int | None = None) -> set[str] | None:
    """What `read` gives for every alternative of a branch, together; None if one gives None or (with `limit`) too many."""
    out: set[str] = set()
    for alt in alternatives:
        got = read(list(alt.data))
        if got is None or (limit is not None and len(out) + len(got) > limit):
            return None
        out |= got
    return out


def _exact_head(items: list[tuple[Any, Any]]) -> tuple[set[str], int]:
    """The strings the longest leading run of fixed items matches (at most `MAX_PREFIXES`), and how many items it took."""
    run = {""}
    used = 0
    for item in items:
        exact = _exact(item)
        if exact is None or len(run) * len(exact) > MAX_PREFIXES:
            break
        run = {r + e for r in run for e in exact}
        used += 1
    return run, used


def _exact_run(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The strings a whole run of items matches, if every item is fixed; else None."""
    run, used = _exact_head(items)
    return run if items and used == len(items) else None


class GatedPattern:
    """A compiled pattern with a prefix pre-check; `search`, `finditer`, `findall` and `sub` as ``re`` gives them."""

    __slots__ = ("pattern_re", "gate")

    def __init__(self, pattern: re.Pattern[str], gate: re.Pattern[str]) -> None:
        self.pattern_re = pattern
        self.gate = gate

    def _start(self, text: str) -> int:
        m = self.gate.search(text)
        return -1 if m is None else m.start()

    def _search_from(self, text: str, pos: int) -> re.Match[str] | None:
        """The pattern's leftmost match at or after `pos`, tried only where one of its prefixes starts.

        Every match starts where a prefix does, and ``search`` returns the match at the first start
        that has one, so trying ``match`` at each prefix position in order gives the same answer. A
        prefix as common as "is" costs one C-level step per place it occurs; the pattern's own search
        would try its whole alternation at every position of the text.
        """
        hit = self.gate.search(text, pos)
        if hit is not None and len(text) - hit.start() <= SHORT_RUN:
            return self.pattern_re.search(text, hit.start())
        while hit is not None:
            found = self.pattern_re.match(text, hit.start())
            if found is not None:
                return found
            hit = self.gate.search(text, hit.start() + 1)
        return None

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        if len(args) > 1:
            return self.pattern_re.search(text, *args)
        return self._search_from(text, args[0] if args else 0)

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        if len(args) > 1:
            return self.pattern_re.finditer(text, *args)
        return self._iter_from(text, args[0] if args else 0)

    def _iter_from(self, text: str, pos: int) -> Iterator[re.Match[str]]:
        # every match is at least a prefix long (never empty), so each search goes on from the last end
        found = self._search_from(text, pos)
        while found is not None:
            yield found
            found = self._search_from(text, found.end())

    def findall(self, text: str, *args: int) -> list[Any]:
        if len(args) > 1:
            return self.pattern_re.findall(text, *args)
        groups = self.pattern_re.groups
        if groups == 0:
            return [m.group(0) for m in self._iter_from(text, args[0] if args else 0)]
        if groups == 1:
            return [m.group(1) or "" for m in self._iter_from(text, args[0] if args else 0)]
        return [m.groups("") for m in self._iter_from(text, args[0] if args else 0)]

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        if self._start(text) < 0:
            return text
        return self.pattern_re.sub(repl, text, count)

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return self.pattern_re.match(text, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern_re, name)

    def __repr__(self) -> str:
        return f"gated({self.pattern_re!r})"


def _rare_enough(prefix: str) -> bool:
    """A prefix worth a pre-check: two characters or more, or one outside ASCII (一, ق: rare in these texts)."""
    return len(prefix) >= MIN_PREFIX or (len(prefix) == 1 and not prefix.isascii())


def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` behind a prefix pre-check where its prefixes can be read and are rare enough, else itself."""
    found = prefixes(pattern)
    if not found or not all(_rare_enough(p) for p in found - {AT_START}):
        return pattern
    words = found - {AT_START}
    gate = "|".join((["^"] if AT_START in found else []) + ([alternation(words)] if words else []))
    return GatedPattern(pattern, re.compile(gate, pattern.flags & re.IGNORECASE))  # type: ignore[return-value]


@lru_cache(maxsize=1024)
def compile_gated(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` with a prefix pre-check (see `gated`); cached like ``re``'s own, for patterns built in a function."""
    return gated(re.compile(source, flags))
