"""Safeguarding alerts after they are raised: acknowledging them, and re-raising the ones nobody has.

Only dsl and admin staff of the alert's school, in that school's safeguarding
chat (or its staff chat when it has none), may acknowledge. The first
acknowledgement wins (a conditional UPDATE on `acknowledged_at IS NULL`).
An alert nobody has acknowledged is posted again after the school policy's
`alert_reraise_minutes`, with a new idempotency key `alert:<id>:<n>`.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.alerts import alert_message, render_alert
from handlers.outbox import Outgoing, queue
from handlers.staff.access import ACK_ROLES, NotAllowed, authorise, local_clock
from handlers.staff.actions import INVALID, Tap, TapResult
from store.db import immediate_session
from store.models import Pupil, SafeguardingFlag
from store.settings import Settings

log = logging.getLogger(__name__)

_ACK = re.compile(r"^ack:([1-9][0-9]{0,9})$")


def parse_ack_data(data: str) -> int | None:
    """The flag id an Acknowledge button names, or None for anything else."""
    m = _ACK.fullmatch(data)
    return int(m.group(1)) if m else None


def handle_ack_tap(engine: Engine, settings: Settings, tap: Tap, *, now: dt.datetime) -> TapResult:
    """Record who acknowledged an alert and when (first tap wins); refuse anyone else, changing nothing."""
    flag_id = parse_ack_data(tap.data)
    if flag_id is None:
        log.warning("refused alert callback with unknown data from user %s in chat %s", tap.user_id, tap.chat_id)
        return TapResult(INVALID, show_alert=True)
    with immediate_session(engine) as session:
        flag = session.execute(select(SafeguardingFlag).where(SafeguardingFlag.id == flag_id).with_for_update()).scalar_one_or_none()
        if flag is None:
            log.warning("acknowledge for missing alert %s from user %s", flag_id, tap.user_id)
            return TapResult("That alert no longer exists.", show_alert=True)
        try:
            actor = authorise(
                settings, user_id=tap.user_id, chat_id=tap.chat_id, school_id=flag.school_id, roles=ACK_ROLES, chats=("safeguarding",)
            )
        except NotAllowed as refusal:
            return TapResult(refusal.notice, show_alert=True)
        won = session.execute(
            update(SafeguardingFlag)
            .where(SafeguardingFlag.id == flag_id, SafeguardingFlag.acknowledged_at.is_(None))  # type: ignore[union-attr]
            .values(acknowledged_by=f"{actor.name} ({actor.role})", acknowledged_at=now)
        ).rowcount  # type: ignore[attr-defined]
        session.refresh(flag)
        text = acknowledged_text(session, flag, actor.school.timezone)
        if not won:
            return TapResult(f"Already acknowledged by {flag.acknowledged_by}.", text)
        log.info("alert %s acknowledged by staff user %s", flag_id, tap.user_id)
        return TapResult("Acknowledged. Thank you.", text)


def acknowledged_text(session: Session, flag: SafeguardingFlag, timezone: str) -> str:
    """The alert as posted, with who acknowledged it and when (school local time)."""
    pupil = session.get(Pupil, flag.pupil_id) if flag.pupil_id is not None else None
    body = render_alert(flag, pupil)
    if flag.acknowledged_at is None:
        return body
    when = flag.acknowledged_at.astimezone(ZoneInfo(timezone)).strftime("%H:%M")
    return f"{body}\n\n<b>✅ Acknowledged by {html.escape(flag.acknowledged_by or '')} {when}</b>"


def reraise_unacknowledged(
    session: Session, *, settings: Settings, now: dt.datetime, school_id: str | None = None
) -> list[Outgoing]:
    """The alerts (of one school, or all) unacknowledged for the policy's `alert_reraise_minutes`, to post again."""
    stmt = select(SafeguardingFlag).where(SafeguardingFlag.acknowledged_at.is_(None)).order_by(SafeguardingFlag.id)  # type: ignore[union-attr]
    if school_id is not None:
        stmt = stmt.where(SafeguardingFlag.school_id == school_id)
    messages: list[Outgoing] = []
    for flag in list(session.execute(stmt).scalars()):
        message = _reraise(session, settings, flag, now)
        if message is not None:
            messages.append(message)
    return messages


def _reraise(session: Session, settings: Settings, flag: SafeguardingFlag, now: dt.datetime) -> Outgoing | None:
    try:
        school = settings.school(flag.school_id)
    except KeyError:
        return None
    due = flag.last_raised_at + dt.timedelta(minutes=school.resolved_policy().alert_reraise_minutes)
    if due > now:
        return None
    bumped = session.execute(
        update(SafeguardingFlag)
        .where(
            SafeguardingFlag.id == flag.id,
            SafeguardingFlag.raise_count == flag.raise_count,
            SafeguardingFlag.acknowledged_at.is_(None),  # type: ignore[union-attr]
        )
        .values(raise_count=flag.raise_count + 1, last_raised_at=now)
    ).rowcount  # type: ignore[attr-defined]
    if not bumped:
        return None
    session.refresh(flag)
    pupil = session.get(Pupil, flag.pupil_id) if flag.pupil_id is not None else None
    log.info("alert %s re-raised (%s) at %s local", flag.id, flag.raise_count, local_clock(school, now))
    return alert_message(flag, pupil, school)


def reraise_due_alerts(engine: Engine, *, settings: Settings, now: dt.datetime) -> list[Outgoing]:
    """`reraise_unacknowledged` for every school, queued in its own write transaction."""
    with immediate_session(engine) as session:
        messages = reraise_unacknowledged(session, settings=settings, now=now)
        queue(session, messages, now=now)
        return messages
