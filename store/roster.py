"""Who is linked to whom: pupils of a contact, a pupil's contacts in the order to try them."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from store.models import Contact, Pupil, PupilContact


def contacts_for_phone(session: Session, *, phone: str, school_id: str | None = None) -> list[Contact]:
    """Contacts holding this E.164 number (one per school at most, usually)."""
    stmt = select(Contact).where(Contact.phone == phone)
    if school_id is not None:
        stmt = stmt.where(Contact.school_id == school_id)
    return list(session.execute(stmt.order_by(Contact.id)).scalars())


def contact_for_telegram(session: Session, *, user_id: int) -> Contact | None:
    return session.execute(select(Contact).where(Contact.telegram_user_id == user_id)).scalar_one_or_none()


def pupils_for_contact(session: Session, *, contact_id: int) -> list[Pupil]:
    """The on-roll pupils this contact is linked to, by first name."""
    stmt = (
        select(Pupil)
        .join(PupilContact, PupilContact.pupil_id == Pupil.id)
        .where(PupilContact.contact_id == contact_id, PupilContact.active, Pupil.on_roll)
        .order_by(Pupil.first_name, Pupil.id)
    )
    return list(session.execute(stmt).scalars())


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
