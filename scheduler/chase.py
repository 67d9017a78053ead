"""Chase escalation (first day protocol, later steps): no answer in time, or a failed delivery → next contact.

For each pupil and session chased today (the afternoon register's chases
are their own), the latest step is looked at. The chase stops when a parent
report covers the day, the pupil's mark for the session is no longer `N`,
or a contact already asked has written in since. Otherwise, once the
step's wait (`chase_interval_minutes`) has expired, or its message failed or
was dropped, the next usable contact is asked; when none is left the
safeguarding team is told the pupil is unaccounted for, with what was tried.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import Session

from handlers.outbox import Outgoing
from scheduler.absences import pupils_by_id, reported_pupils, session_codes
from scheduler.attempts import attempt_row, attempts_today, insert_attempts, tried_summary, unaccounted_alert
from scheduler.contacts import chase_key, chaser_message, contacts_by_pupil, usable_channel, usable_contacts
from scheduler.context import JobContext
from store.models import ChaseAttempt, Contact, InboundMessage, OutboundMessage, Pupil

log = logging.getLogger(__name__)

FAILED_DELIVERY = {"failed", "undelivered"}


def _failed_keys(session: Session, keys: Sequence[str]) -> set[str]:
    failed: set[str] = set()
    for i in range(0, len(keys), 500):
        stmt = select(OutboundMessage.idempotency_key, OutboundMessage.status, OutboundMessage.delivery_status).where(
            OutboundMessage.idempotency_key.in_(keys[i : i + 500])  # type: ignore[attr-defined]
        )
        for key, status, delivery in session.execute(stmt).all():
            if status in ("failed", "cancelled") or delivery in FAILED_DELIVERY:
                failed.add(key)
    return failed


def _replied(session: Session, by_pupil: dict[int, list[ChaseAttempt]]) -> set[int]:
    """Pupils one of whose asked contacts has written in since being asked."""
    asked = {a.contact_id: a.created_at for rows in by_pupil.values() for a in rows if a.contact_id is not None}
    if not asked:
        return set()
    since = min(asked.values())
    stmt = select(InboundMessage.contact_id, InboundMessage.received_at).where(
        InboundMessage.contact_id.in_(list(asked)), InboundMessage.received_at >= since  # type: ignore[union-attr]
    )
    wrote = defaultdict(list)
    for contact_id, received in session.execute(stmt).all():
        wrote[contact_id].append(received)
    return {
        pid
        for pid, rows in by_pupil.items()
        if any(r >= a.created_at for a in rows if a.contact_id is not None for r in wrote.get(a.contact_id, []))
    }


def _set_outcome(session: Session, attempt: ChaseAttempt, outcome: str) -> None:
    if attempt.outcome != outcome:
        attempt.outcome = outcome
        session.add(attempt)


def _resolved(session: Session, ctx: JobContext, by_pupil: dict[int, list[ChaseAttempt]], session_name: str) -> set[int]:
    ids = sorted(by_pupil)
    codes = session_codes(session, pupil_ids=ids, day=ctx.today, session_name=session_name)
    explained = {pid for pid, code in codes.items() if code != "N"}
    return explained | reported_pupils(session, school_id=ctx.school.id, day=ctx.today) | _replied(session, by_pupil)


def _next_step(
    session: Session, ctx: JobContext, pupil: Pupil, rows: list[ChaseAttempt], contacts: list[Contact], session_name: str
) -> list[Outgoing]:
    tried = {a.contact_id for a in rows}
    remaining = [c for c in usable_contacts(contacts) if c.id not in tried]
    latest = rows[-1]
    if remaining:
        step, contact = latest.step + 1, remaining[0]
        row = attempt_row(ctx, pupil=pupil, step=step, contact=contact, channel=usable_channel(contact), session_name=session_name)
        if insert_attempts(session, [row]):
            return [chaser_message(ctx, pupil=pupil, contact=contact, step=step, session_name=session_name)]
        return []
    by_id = {c.id or 0: c for c in contacts}
    return unaccounted_alert(session, ctx, pupil=pupil, tried=tried_summary(ctx, rows, by_id), session_name=session_name)


def chase_escalation(session: Session, ctx: JobContext) -> list[Outgoing]:
    """Move every pupil still unexplained and unanswered on to the next contact, or raise the alert."""
    if ctx.local < ctx.at(ctx.policy.register_closes):
        return []
    by_session: dict[str, dict[int, list[ChaseAttempt]]] = {"AM": defaultdict(list), "PM": defaultdict(list)}
    for attempt in attempts_today(session, ctx):
        by_session.setdefault(attempt.session, defaultdict(list))[attempt.pupil_id].append(attempt)
    out: list[Outgoing] = []
    for session_name, by_pupil in by_session.items():
        out += _escalate(session, ctx, by_pupil, session_name)
    return out


def _escalate(session: Session, ctx: JobContext, by_pupil: dict[int, list[ChaseAttempt]], session_name: str) -> list[Outgoing]:
    open_ = {pid: rows for pid, rows in by_pupil.items() if rows[-1].outcome == "queued"}
    if not open_:
        return []
    resolved = _resolved(session, ctx, open_, session_name)
    failed = _failed_keys(session, [chase_key(pid, ctx.today, rows[-1].step, session_name) for pid, rows in open_.items()])
    pupils = {p.id: p for p in pupils_by_id(session, sorted(open_)) if p.on_roll}
    contacts = contacts_by_pupil(session, sorted(open_))
    out: list[Outgoing] = []
    for pid, rows in sorted(open_.items()):
        latest = rows[-1]
        if pid in resolved or pid not in pupils:
            _set_outcome(session, latest, "answered")
            continue
        if chase_key(pid, ctx.today, latest.step, session_name) in failed:
            _set_outcome(session, latest, "failed")
        elif latest.due_at is not None and latest.due_at <= ctx.now:
            _set_outcome(session, latest, "no_reply")
        else:
            continue
        out += _next_step(session, ctx, pupils[pid], rows, contacts.get(pid, []), session_name)
    log.info("chase-escalation %s %s %s: %d open chases, %d messages", ctx.school.id, ctx.today, session_name, len(open_), len(out))
    return out
