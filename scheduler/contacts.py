"""A pupil's contacts in the order the first day protocol tries them, and the chaser message to each."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlmodel import Session

from handlers.gsm import for_channel
from handlers.i18n import day, reply_language, tr
from handlers.outbox import Channel, Outgoing
from scheduler.calendar import format_day
from scheduler.context import JobContext
from store.models import Contact, Pupil, PupilContact

CHUNK = 500


def usable_channel(contact: Contact) -> Channel | None:
    """Telegram when the contact has linked it, else SMS when the number works, else None."""
    if contact.telegram_user_id is not None:
        return "telegram"
    if contact.sms_usable:
        return "sms"
    return None


def chunks(items: Sequence[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def contacts_by_pupil(session: Session, pupil_ids: Sequence[int]) -> dict[int, list[Contact]]:
    """Each pupil's active contacts, priority 1 first, ties by contact id, blank priority last."""
    found: dict[int, list[tuple[int | None, Contact]]] = defaultdict(list)
    for part in chunks(sorted(pupil_ids)):
        stmt = (
            select(PupilContact.pupil_id, PupilContact.priority, Contact)
            .join(Contact, Contact.id == PupilContact.contact_id)
            .where(PupilContact.pupil_id.in_(part), PupilContact.active)  # type: ignore[attr-defined]
        )
        for pupil_id, priority, contact in session.execute(stmt).all():
            found[pupil_id].append((priority, contact))
    return {
        pid: [c for p, c in sorted(rows, key=lambda pc: (pc[0] is None, pc[0] or 0, pc[1].mis_id))]
        for pid, rows in found.items()
    }


def usable_contacts(contacts: Sequence[Contact]) -> list[Contact]:
    return [c for c in contacts if usable_channel(c) is not None]


def describe_contact(contact: Contact) -> str:
    """Name and relationship, never the phone number: how alerts say who was tried."""
    name = contact.name or f"contact {contact.mis_id}"
    return f"{name} ({contact.relationship})" if contact.relationship else name


def chase_key(pupil_id: int, day: dt.date, step: int, session_name: str = "AM") -> str:
    """The chaser's idempotency key; the afternoon's carry the session (the morning's keep their first-wave form)."""
    pm = ":PM" if session_name == "PM" else ""
    return f"chase:{pupil_id}:{day.isoformat()}{pm}:{step}"


def chaser_message(ctx: JobContext, *, pupil: Pupil, contact: Contact, step: int, session_name: str = "AM") -> Outgoing:
    """Ask one contact why the pupil is absent; first name only, valid for `sms_validity_seconds`."""
    channel = usable_channel(contact)
    if channel is None:
        raise ValueError(f"contact {contact.id} has no usable channel")
    first = pupil.preferred_name or pupil.first_name
    when = "this afternoon" if session_name == "PM" else "today"
    text = (
        f"{ctx.school.name}: {first} is not in school {when} ({format_day(ctx.today)}) and we have not "
        f"been told why. Please reply with the reason for the absence."
    )
    lang = reply_language(None, contact.language)
    if lang != "en":
        text = for_channel(tr(lang, "chaser_pm" if session_name == "PM" else "chaser", school=ctx.school.name, name=first,
                              day=day(lang, ctx.today)), channel, lang)
    recipient = str(contact.telegram_user_id) if channel == "telegram" else str(contact.phone)
    return Outgoing(
        key=chase_key(pupil.id or 0, ctx.today, step, session_name),
        channel=channel,
        recipient=recipient,
        text=text,
        kind="chaser",
        school_id=ctx.school.id,
        contact_id=contact.id,
        not_after=ctx.now + dt.timedelta(seconds=ctx.settings.twilio.sms_validity_seconds),
        extra={"pupil_id": pupil.id, "date": ctx.today.isoformat(), "session": session_name, "step": step},
    )
