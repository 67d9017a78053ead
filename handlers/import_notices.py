"""What staff and the safeguarding team are told after an import.

A register import that records a pupil present or late over a reported
absence tells the office ("came in after all"); a roll import is followed by
the missing-contacts digest (built by the scheduler's job, called from bot/).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlmodel import Session

from handlers.alerts import pupil_label
from handlers.outbox import Outgoing
from store.roster import pupil_by_mis_id
from store.settings import Settings


def _key(school_id: str, events: list[Mapping[str, Any]]) -> str:
    digest = hashlib.sha256(repr(sorted(tuple(sorted(e.items())) for e in events)).encode()).hexdigest()[:16]
    return f"came-in:{school_id}:{digest}"


def came_in_notices(session: Session, *, settings: Settings, events: Iterable[Mapping[str, Any]]) -> list[Outgoing]:
    """One message per school to its staff chat listing pupils the register shows in after a reported absence."""
    by_school: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for event in events:
        by_school[str(event["school_id"])].append(event)
    messages = []
    for school_id, school_events in sorted(by_school.items()):
        school = settings.school(school_id)
        if school.staff_chat_id is None:
            continue
        lines = ["<b>Came in after all</b> (register import recorded them in over a reported absence; check the reason):"]
        for e in sorted(school_events, key=lambda e: (e["date"], e["pupil_id"], e["session"])):
            pupil = pupil_by_mis_id(session, school_id=school_id, mis_id=str(e["pupil_id"]))
            who = pupil_label(pupil) if pupil else str(e["pupil_id"])
            day = dt.date.fromisoformat(str(e["date"])).strftime("%a %d %b")
            lines.append(f"• {html.escape(who)}: {day} {e['session']} {e['old_code']} → {e['new_code']}")
        messages.append(
            Outgoing(
                key=_key(school_id, school_events),
                channel="telegram",
                recipient=str(school.staff_chat_id),
                text="\n".join(lines),
                kind="notice",
                school_id=school_id,
                html=True,
            )
        )
    return messages
