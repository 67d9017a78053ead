"""The missing-contacts digest: pupils on roll with no usable contact, or fewer than the policy asks for.

One digest a day to the safeguarding chat, changes since the last digest
first. `missing_contacts_digest` is also what the roll import calls after
each import (with its own `occasion`, so it is not deduplicated against the
daily one).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from handlers.alerts import pupil_label
from handlers.outbox import Outgoing
from scheduler.calendar import format_day
from scheduler.context import JobContext
from scheduler.contacts import contacts_by_pupil, usable_channel
from scheduler.digest import digest_messages
from store.models import Contact, OutboundMessage, Pupil
from store.settings import SchoolSettings

KEY_PREFIX = "digest:missing-contacts"
DAILY_AT = dt.time(7, 30)

PHONE_PROBLEMS = {"missing": "no phone number", "invalid": "phone number not valid", "undeliverable": "texts not delivered"}


@dataclass(frozen=True)
class Gap:
    """A pupil without enough usable contacts, and why."""

    pupil: Pupil
    usable: int
    reasons: tuple[str, ...]

    def line(self, needed: int) -> str:
        what = "no usable contact" if self.usable == 0 else f"only {self.usable} usable contact(s) of {needed}"
        why = f" ({'; '.join(self.reasons)})" if self.reasons else ""
        return f"• {pupil_label(self.pupil)}: {what}{why}"


def _problem(contact: Contact) -> str | None:
    if usable_channel(contact) is not None:
        return None
    if contact.sms_opted_out and contact.phone_status == "ok":
        problem = "opted out of texts"
    else:
        problem = PHONE_PROBLEMS.get(contact.phone_status, contact.phone_status)
    return f"{contact.name or contact.mis_id}: {problem}"


def find_gaps(session: Session, *, school_id: str, needed: int) -> list[Gap]:
    """On-roll pupils with fewer than `needed` usable contacts (and always those with none)."""
    pupils = list(session.execute(select(Pupil).where(Pupil.school_id == school_id, Pupil.on_roll)).scalars())
    contacts = contacts_by_pupil(session, [p.id for p in pupils if p.id is not None])
    gaps = []
    for pupil in sorted(pupils, key=lambda p: (p.last_name, p.first_name, p.mis_id)):
        mine = contacts.get(pupil.id or 0, [])
        usable = sum(1 for c in mine if usable_channel(c) is not None)
        if usable < max(needed, 1):
            reasons = tuple(r for r in (_problem(c) for c in mine) if r) or (("no contacts on the roll",) if not mine else ())
            gaps.append(Gap(pupil, usable, reasons))
    return gaps


def _previous(session: Session, school_id: str, before: dt.datetime) -> set[int] | None:
    stmt = (
        select(OutboundMessage.payload)
        .where(
            OutboundMessage.school_id == school_id,
            OutboundMessage.kind == "digest",
            OutboundMessage.idempotency_key.like(f"{KEY_PREFIX}:{school_id}:%"),  # type: ignore[attr-defined]
            OutboundMessage.created_at < before,
        )
        .order_by(OutboundMessage.created_at.desc(), OutboundMessage.id.desc())  # type: ignore[attr-defined,union-attr]
    )
    for payload in session.execute(stmt).scalars():
        if "pupil_ids" in payload:
            return set(payload["pupil_ids"])
    return None


def missing_contacts_digest(
    session: Session, *, school: SchoolSettings, now: dt.datetime, occasion: str = "daily"
) -> list[Outgoing]:
    """Build the digest for `school` (once per day and occasion); changes since the last digest come first."""
    local_day = now.astimezone(school.tz).date()
    needed = school.resolved_policy().min_contacts
    gaps = find_gaps(session, school_id=school.id, needed=needed)
    ids = {g.pupil.id for g in gaps if g.pupil.id is not None}
    before = _previous(session, school.id, now)
    if not gaps and not before:
        return []
    lines = _changes(session, gaps, before, needed)
    if gaps:
        counts = Counter("none" if g.usable == 0 else "fewer" for g in gaps)
        lines.append(f"All {len(gaps)} pupils ({counts['none']} with no usable contact, {counts['fewer']} with fewer than {needed}):")
        lines += [g.line(needed) for g in gaps]
    else:
        lines.append(f"Every pupil on roll now has at least {max(needed, 1)} usable contact(s).")
    return digest_messages(
        session,
        school=school,
        audience="safeguarding",
        key=f"{KEY_PREFIX}:{school.id}:{local_day.isoformat()}:{occasion}",
        title=f"Missing or unusable contact details: {school.name}, {format_day(local_day)}",
        lines=lines,
        extra={"pupil_ids": sorted(ids)},
    )


def _changes(session: Session, gaps: list[Gap], before: set[int] | None, needed: int) -> list[str]:
    if before is None:
        return []
    now_ids = {g.pupil.id for g in gaps}
    new = [g for g in gaps if g.pupil.id not in before]
    fixed = sorted(before - now_ids)
    lines = ["Changes since the last digest:"]
    lines += [f"NEW {g.line(needed)}" for g in new]
    if fixed:
        pupils = {p.id: p for p in session.execute(select(Pupil).where(Pupil.id.in_(fixed))).scalars()}  # type: ignore[union-attr]
        lines += [
            f"{'RESOLVED' if pupils[i].on_roll else 'LEFT THE ROLL (contacts not resolved)'} • {pupil_label(pupils[i])}"
            for i in fixed if i in pupils
        ]
    if len(lines) == 1:
        lines.append("none")
    return lines + [""]


def missing_contacts(session: Session, ctx: JobContext) -> list[Outgoing]:
    """The daily job: the digest from 07:30 local on school days."""
    if ctx.local < ctx.at(DAILY_AT):
        return []
    return missing_contacts_digest(session, school=ctx.school, now=ctx.now)
