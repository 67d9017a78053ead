"""The register-close sweeps (first day protocol, step 1): ask the first contact of each pupil absent without a reason.

`register-close` runs from the morning register close on a school day (the
runner checks the calendar); `pm-register-close` from the afternoon's
(`pm_register_closes`), for pupils absent without a reason in the PM
session only: anyone already chased this morning is not asked again.
Each pupil gets one step-1 chase attempt a day (insert-or-ignore), so a sweep
run twice, or by two workers at once, queues each chaser once. Pupils with a
social worker or looked after are alerted to the DSL at once; a pupil with
no usable contact is alerted as unaccounted for straight away.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlmodel import Session

from handlers.outbox import Outgoing
from scheduler.absences import unexplained_pupils
from scheduler.attempts import attempt_row, insert_attempts, unaccounted_alert, vulnerable_alert
from scheduler.calendar import school_days_back
from scheduler.contacts import chaser_message, contacts_by_pupil, usable_channel, usable_contacts
from scheduler.context import JobContext
from store.models import ChaseAttempt, Pupil

log = logging.getLogger(__name__)


def _chased_on(session: Session, ctx: JobContext, day: object, session_name: str | None = "AM") -> set[int]:
    stmt = select(ChaseAttempt.pupil_id).where(
        ChaseAttempt.school_id == ctx.school.id, ChaseAttempt.date == day, ChaseAttempt.step == 1
    )
    if session_name is not None:
        stmt = stmt.where(ChaseAttempt.session == session_name)
    return set(session.execute(stmt).scalars())


def _to_chase(session: Session, ctx: JobContext, absent: list[Pupil], session_name: str) -> list[Pupil]:
    done = _chased_on(session, ctx, ctx.today, None if session_name == "PM" else "AM")
    todo = [p for p in absent if p.id not in done]
    if not ctx.policy.chase_every_day:
        previous = school_days_back(session, school_id=ctx.school.id, end=ctx.today, count=2)
        if len(previous) == 2:
            chased_before = _chased_on(session, ctx, previous[0])
            todo = [p for p in todo if p.id not in chased_before]
    return todo


def register_close(session: Session, ctx: JobContext) -> list[Outgoing]:
    """Queue a chaser to the first usable contact of every pupil absent without a reason."""
    if ctx.local < ctx.at(ctx.policy.register_closes):
        return []
    return _sweep(session, ctx, "AM")


def pm_register_close(session: Session, ctx: JobContext) -> list[Outgoing]:
    """Queue a chaser for every pupil absent without a reason in the afternoon only (not chased this morning)."""
    if ctx.local < ctx.at(ctx.policy.pm_register_closes):
        return []
    return _sweep(session, ctx, "PM")


def _sweep(session: Session, ctx: JobContext, session_name: str) -> list[Outgoing]:
    absent = unexplained_pupils(session, school_id=ctx.school.id, day=ctx.today, session_name=session_name)
    todo = _to_chase(session, ctx, absent, session_name)
    contacts = contacts_by_pupil(session, [p.id for p in todo if p.id is not None])
    rows, chasers, uncontactable = [], {}, []
    for pupil in todo:
        usable = usable_contacts(contacts.get(pupil.id or 0, []))
        first = usable[0] if usable else None
        rows.append(attempt_row(ctx, pupil=pupil, step=1, contact=first, channel=usable_channel(first) if first else None, session_name=session_name))
        if first is None:
            uncontactable.append(pupil)
        else:
            chasers[pupil.id] = chaser_message(ctx, pupil=pupil, contact=first, step=1, session_name=session_name)
    inserted = insert_attempts(session, rows)
    out = [chasers[pid] for pid in sorted(inserted) if pid in chasers]
    for pupil in uncontactable:
        if pupil.id in inserted:
            out += unaccounted_alert(session, ctx, pupil=pupil, tried="", session_name=session_name)
    alerted = absent if session_name == "AM" else todo
    for pupil in alerted:
        if pupil.social_worker or pupil.looked_after:
            out += vulnerable_alert(session, ctx, pupil=pupil, session_name=session_name)
    log.info("register-close %s %s %s: %d absent without reason, %d messages queued", ctx.school.id, ctx.today, session_name, len(absent), len(out))
    return out
