"""Chase attempts: recorded once per pupil, day and step (insert-or-ignore), and the alert when they run out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from handlers.alerts import raise_alert
from handlers.outbox import Outgoing
from scheduler.calendar import format_day
from scheduler.contacts import describe_contact
from scheduler.context import JobContext
from store.models import ChaseAttempt, Contact, Pupil

ROWS_PER_INSERT = 500


def insert_attempts(session: Session, rows: Sequence[dict[str, Any]]) -> set[int]:
    """Insert chase attempts, skipping (pupil, date, session, step) already recorded; return pupils inserted."""
    if not rows:
        return set()
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    inserted: set[int] = set()
    for i in range(0, len(rows), ROWS_PER_INSERT):
        stmt = (
            insert(ChaseAttempt)
            .values(list(rows[i : i + ROWS_PER_INSERT]))
            .on_conflict_do_nothing(index_elements=["pupil_id", "date", "session", "step"])
            .returning(ChaseAttempt.pupil_id)
        )
        inserted.update(session.execute(stmt).scalars())
    return inserted


def attempt_row(
    ctx: JobContext, *, pupil: Pupil, step: int, contact: Contact | None, channel: str | None, session_name: str = "AM"
) -> dict[str, Any]:
    wait = dt.timedelta(minutes=ctx.policy.chase_interval_minutes)
    return {
        "school_id": ctx.school.id,
        "pupil_id": pupil.id,
        "date": ctx.today,
        "session": session_name,
        "step": step,
        "contact_id": contact.id if contact else None,
        "channel": channel,
        "outcome": "queued" if contact else "no_contact",
        "created_at": ctx.now,
        "due_at": ctx.now + wait if contact else ctx.now,
    }


def attempts_today(session: Session, ctx: JobContext) -> list[ChaseAttempt]:
    stmt = (
        select(ChaseAttempt)
        .where(ChaseAttempt.school_id == ctx.school.id, ChaseAttempt.date == ctx.today)
        .order_by(ChaseAttempt.pupil_id, ChaseAttempt.session, ChaseAttempt.step)  # type: ignore[arg-type]
    )
    return list(session.execute(stmt).scalars())


OUTCOME_WORDS = {
    "queued": "no reply",
    "no_reply": "no reply",
    "failed": "message not delivered",
    "answered": "answered",
}


def tried_summary(ctx: JobContext, attempts: Sequence[ChaseAttempt], contacts: dict[int, Contact]) -> str:
    """What the first day protocol tried, one line per contact: who, how, when, what happened."""
    lines = []
    for a in attempts:
        if a.contact_id is None:
            continue
        who = describe_contact(contacts[a.contact_id]) if a.contact_id in contacts else f"contact #{a.contact_id}"
        when = a.created_at.astimezone(ctx.tz).strftime("%H:%M")
        channel = "Telegram" if a.channel == "telegram" else "SMS"
        lines.append(f"{a.step}. {who} by {channel} at {when}: {OUTCOME_WORDS.get(a.outcome, a.outcome)}")
    return "\n".join(lines)


def unaccounted_alert(
    session: Session, ctx: JobContext, *, pupil: Pupil, tried: str, session_name: str = "AM"
) -> list[Outgoing]:
    """Raise (once per pupil, day and session) the 'unaccounted for' alert, saying what was tried."""
    when = " afternoon" if session_name == "PM" else ""
    head = f"Absent on {format_day(ctx.today)} {ctx.today.year}{when} with no reason given"
    if tried:
        details = f"{head}, and no contact has answered.\nTried:\n{tried}"
    else:
        details = f"{head}, and there is no usable contact on record: nobody could be asked."
    return raise_alert(
        session,
        school=ctx.school,
        pupil=pupil,
        kind="unaccounted",
        details=details,
        dedupe_key=f"unaccounted:{pupil.id}:{ctx.today.isoformat()}" + (":PM" if session_name == "PM" else ""),
        now=ctx.now,
    )


def vulnerable_alert(session: Session, ctx: JobContext, *, pupil: Pupil, session_name: str = "AM") -> list[Outgoing]:
    """Tell the DSL at once about unexplained absence of a pupil with a social worker or looked after."""
    status = ", ".join(
        label for flag, label in ((pupil.social_worker, "has a social worker"), (pupil.looked_after, "looked after")) if flag
    )
    register = "the afternoon register close" if session_name == "PM" else "register close"
    details = (
        f"Absent at {register} on {format_day(ctx.today)} {ctx.today.year} with no reason given ({status}). "
        "The first day protocol is contacting the family; tell the social worker of the unexplained absence."
    )
    return raise_alert(
        session,
        school=ctx.school,
        pupil=pupil,
        kind="vulnerable_absence",
        details=details,
        dedupe_key=f"vulnerable:{pupil.id}:{ctx.today.isoformat()}" + (":PM" if session_name == "PM" else ""),
        now=ctx.now,
    )
