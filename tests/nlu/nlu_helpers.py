"""Shared helpers for the NLU tests: fixed times in Europe/London and sample children."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from nlu import Child, Proposal, parse

LONDON = ZoneInfo("Europe/London")
ONE = [Child("P1", "Oliver", "Nowak", "3")]
TWO = [Child("P1", "Isabella", "Adeyemi", "5"), Child("P2", "Alfred", "Adeyemi", "2")]


def at(text: str) -> datetime:
    """Parse 'YYYY-MM-DD HH:MM' as London time (2026-11-16 is a Monday)."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)


def run(text: str, when: str = "2026-11-17 07:45", children: list[Child] | None = None, calendar=None) -> Proposal:
    """Parse ``text`` as if received at ``when`` from a sender linked to ``children``."""
    return parse(text, received_at=at(when), children=children if children is not None else ONE, calendar=calendar)

