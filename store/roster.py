"""Who is linked to whom: contacts of a phone or Telegram user, a family's pupils, a pupil's contacts in order.

A family may span schools: the same phone (or Telegram user) on contact rows
at two schools is one family. Telegram links live on the contact row (one per
school) together with the phone and name they were made with, so a link to a
contact the school has since given to someone else can be told apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlmodel import Session

from store.models import Contact, Pupil, PupilContact


def contacts_for_phone(session: Session, *, phone: str, school_id: str | None = None, school_ids: Collection[str] | None = None) -> list[Contact]:
    """Contacts holding this E.164 number, optionally only at the given school(s), by id."""
    stmt = select(Contact).where(Contact.phone == phone)
    if school_id is not None:
        stmt = stmt.where(Contact.school_id == school_id)
    if school_ids is not None:
        stmt = stmt.where(Contact.school_id.in_(list(school_ids)))  # type: ignore[attr-defined]
    return list(session.execute(stmt.order_by(Contact.id)).scalars())


def contacts_for_telegram(session: Session, *, user_id: int) -> list[Contact]:
    """Every contact row this Telegram user is linked to (one per school at most, usually), by id."""
    stmt = select(Contact).where(Contact.telegram_user_id == user_id).order_by(Contact.id)
    return list(session.execute(stmt).scalars())


def contact_for_telegram(session: Session, *, user_id: int) -> Contact | None:
    """The first contact row linked to this Telegram user, if any."""
    found = contacts_for_telegram(session, user_id=user_id)
    return found[0] if found else None


def link_telegram(session: Session, *, contact: Contact, user_id: int, at: dt.datetime) -> None:
    """Link a Telegram user to a contact row, remembering the phone and name it was linked with."""
    contact.telegram_user_id = user_id
    contact.telegram_linked_phone = contact.phone
    contact.telegram_linked_name = contact.name
    contact.telegram_linked_at = at
    session.add(contact)


def unlink_telegram(session: Session, *, contact: Contact) -> None:
    contact.telegram_user_id = None
    contact.telegram_linked_phone = contact.telegram_linked_name = None
    contact.telegram_linked_at = None
    session.add(contact)


def link_is_stale(contact: Contact) -> bool:
    """The contact has been given to another person since linking: name and phone both changed."""
    if contact.telegram_user_id is None or contact.telegram_linked_at is None:
        return False
    phone_changed = (contact.telegram_linked_phone or None) != (contact.phone or None)
    name_changed = _name_key(contact.telegram_linked_name) != _name_key(contact.name)
    return phone_changed and name_changed


def _name_key(name: str | None) -> str:
    return " ".join((name or "").lower().split())


def stale_links(session: Session, *, school_ids: Collection[str] | None = None) -> list[Contact]:
    """Linked contacts whose link has gone stale, by id."""
    stmt = select(Contact).where(Contact.telegram_user_id.is_not(None))  # type: ignore[union-attr]
    if school_ids is not None:
        stmt = stmt.where(Contact.school_id.in_(list(school_ids)))  # type: ignore[attr-defined]
    return [c for c in session.execute(stmt.order_by(Contact.id)).scalars() if link_is_stale(c)]


def pupils_for_contact(session: Session, *, contact_id: int) -> list[Pupil]:
    """The on-roll pupils this contact is linked to, by first name."""
    return [p for p, _ in family_pupils(session, contact_ids=[contact_id])]


def family_pupils(session: Session, *, contact_ids: Sequence[int]) -> list[tuple[Pupil, Contact]]:
    """Each on-roll pupil linked to any of these contacts, with the contact row that links them, by first name.

    A pupil linked to two of the contacts is listed once, with the contact that has the best priority.
    """
    if not contact_ids:
        return []
    stmt = (
        select(Pupil, Contact, PupilContact.priority)
        .join(PupilContact, PupilContact.pupil_id == Pupil.id)
        .join(Contact, Contact.id == PupilContact.contact_id)
        .where(PupilContact.contact_id.in_(list(contact_ids)), PupilContact.active, Pupil.on_roll)  # type: ignore[attr-defined]
    )
    best: dict[int, tuple[Pupil, Contact, int | None]] = {}
    for pupil, contact, priority in session.execute(stmt).all():
        current = best.get(pupil.id)
        if current is None or _rank(priority, contact) < _rank(current[2], current[1]):
            best[pupil.id] = (pupil, contact, priority)
    rows = sorted(best.values(), key=lambda r: (r[0].first_name, r[0].id))
    return [(pupil, contact) for pupil, contact, _ in rows]


def _rank(priority: int | None, contact: Contact) -> tuple[bool, int, int]:
    return (priority is None, priority or 0, contact.id or 0)


def contacts_for_pupil(session: Session, *, pupil_id: int) -> list[tuple[Contact, int | None]]:
    """A pupil's active contacts in the order to try them: priority 1 first, ties by contact id, blank last."""
    stmt = (
        select(Contact, PupilContact.priority)
        .join(PupilContact, PupilContact.contact_id == Contact.id)
        .where(PupilContact.pupil_id == pupil_id, PupilContact.active)
    )
    rows = [(c, p) for c, p in session.execute(stmt).all()]
    return sorted(rows, key=lambda cp: (cp[1] is None, cp[1] or 0, cp[0].mis_id))


def pupil_by_mis_id(session: Session, *, school_id: str, mis_id: str) -> Pupil | None:
    stmt = select(Pupil).where(Pupil.school_id == school_id, Pupil.mis_id == mis_id)
    return session.execute(stmt).scalar_one_or_none()
