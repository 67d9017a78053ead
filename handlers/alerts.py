"""Safeguarding alerts: each raised once (by its dedupe key), posted to the school's safeguarding chat.

An alert names the one pupil it is about and shows only what the DSL needs.
It carries an Acknowledge button; acknowledging and re-raising live in
`handlers/staff/alerts.py`.
"""

from __future__ import annotations

import datetime as dt
import html
import logging

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from handlers.outbox import Button, Outgoing
from store.models import Pupil, SafeguardingFlag
from store.settings import SchoolSettings

log = logging.getLogger(__name__)

KIND_TITLES = {
    "cue": "Safeguarding cue in a parent message",
    "unaccounted": "Pupil unaccounted for",
    "missing_contacts": "Missing or unusable contact details",
    "vulnerable_absence": "Unexplained absence: pupil with a social worker or looked after",
    "escalation": "Attendance policy escalation",
    "flood": "Message flood from one sender",
}


def pupil_label(pupil: Pupil) -> str:
    """First and last name, reg group and MIS id: how staff and DSLs identify a pupil."""
    group = f", {pupil.reg_group}" if pupil.reg_group else ""
    return f"{pupil.first_name} {pupil.last_name} ({pupil.mis_id}{group})"


def alert_chat(school: SchoolSettings) -> int | None:
    return school.safeguarding_chat_id if school.safeguarding_chat_id is not None else school.staff_chat_id


def render_alert(flag: SafeguardingFlag, pupil: Pupil | None) -> str:
    title = KIND_TITLES.get(flag.kind, flag.kind)
    lines = [f"<b>⚠️ {html.escape(title)}</b>"]
    if pupil is not None:
        lines.append(f"Pupil: <b>{html.escape(pupil_label(pupil))}</b>")
    lines.append(html.escape(flag.details))
    if flag.raise_count > 1:
        lines.append(f"<i>Not yet acknowledged (raised {flag.raise_count} times).</i>")
    return "\n".join(lines)


def alert_message(flag: SafeguardingFlag, pupil: Pupil | None, school: SchoolSettings) -> Outgoing | None:
    chat = alert_chat(school)
    if chat is None:
        log.error("school %s has no safeguarding or staff chat: alert %s stored but not posted", school.id, flag.id)
        return None
    return Outgoing(
        key=f"alert:{flag.id}:{flag.raise_count}",
        channel="telegram",
        recipient=str(chat),
        text=render_alert(flag, pupil),
        kind="alert",
        school_id=school.id,
        buttons=((Button("Acknowledge", f"ack:{flag.id}"),),),
        html=True,
    )


def raise_alert(
    session: Session,
    *,
    school: SchoolSettings,
    pupil: Pupil | None,
    kind: str,
    details: str,
    dedupe_key: str,
    now: dt.datetime,
) -> list[Outgoing]:
    """Store the alert unless one with the same key exists; return the message to post (once)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = (
        insert(SafeguardingFlag)
        .values(
            school_id=school.id,
            pupil_id=pupil.id if pupil else None,
            kind=kind,
            details=details,
            dedupe_key=dedupe_key,
            raised_at=now,
            last_raised_at=now,
            raise_count=1,
        )
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(SafeguardingFlag.id)
    )
    flag_id = session.execute(stmt).scalar_one_or_none()
    if flag_id is None:
        return []
    flag = session.execute(select(SafeguardingFlag).where(SafeguardingFlag.id == flag_id)).scalar_one()
    message = alert_message(flag, pupil, school)
    return [message] if message else []
