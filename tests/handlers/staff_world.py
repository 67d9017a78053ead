"""A small fictional school morning for the staff-channel tests: pupils, contacts, reports with marks.

People are fictional; numbers are from Ofcom's drama range.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from store.marks import create_mark
from store.models import AbsenceReport, Contact, Pupil, PupilContact

NOW = dt.datetime(2026, 11, 23, 8, 5, tzinfo=dt.timezone.utc)  # Monday 08:05 in London (GMT)
TODAY = NOW.date()

OAKFIELD_STAFF_CHAT = -1001000000001
OAKFIELD_SAFEGUARDING_CHAT = -1001000000002
HILLCREST_STAFF_CHAT = -1001000000011
JO_OFFICE = 100000001  # office, oakfield
SAM_DSL = 100000002  # dsl, oakfield + hillcrest
ALEX_ADMIN = 100000003  # admin, every school
STRANGER = 555000111


@dataclass(frozen=True)
class World:
    oliver: int
    olivia: int
    amelia: int
    harry: int
    report: int
    hillcrest_report: int


def add_pupil(session: Session, school: str, mis: str, first: str, last: str, group: str, **kw: object) -> Pupil:
    pupil = Pupil(school_id=school, mis_id=mis, first_name=first, last_name=last, year_group="3", reg_group=group, **kw)  # type: ignore[arg-type]
    session.add(pupil)
    session.flush()
    return pupil


def add_contact(session: Session, pupil: Pupil, mis: str, name: str, phone: str | None, priority: int, status: str = "ok") -> Contact:
    contact = Contact(school_id=pupil.school_id, mis_id=mis, name=name, relationship="Mother", phone=phone, phone_status=status, phone_raw=phone or "07700 9001")
    session.add(contact)
    session.flush()
    assert pupil.id is not None and contact.id is not None
    session.add(PupilContact(pupil_id=pupil.id, contact_id=contact.id, priority=priority))
    session.flush()
    return contact


def add_report(session: Session, pupil: Pupil, *, code: str = "I", contact: Contact | None = None, reason: str = "sick all night") -> AbsenceReport:
    report = AbsenceReport(
        school_id=pupil.school_id, pupil_id=pupil.id or 0, contact_id=contact.id if contact else None,
        first_day=TODAY, last_day=TODAY, sessions="ALL", reason_text=reason, proposed_code=code, confidence=0.9, created_at=NOW,
    )
    session.add(report)
    session.flush()
    assert pupil.id is not None and report.id is not None
    for sess in ("AM", "PM"):
        create_mark(session, pupil_id=pupil.id, date=TODAY, sess=sess, code=code, source="parent", report_id=report.id, at=NOW)
    return report


def build_world(session: Session) -> World:
    oliver = add_pupil(session, "oakfield", "P1001", "Oliver", "Smith", "3B", preferred_name="Ollie")
    olivia = add_pupil(session, "oakfield", "P1002", "Olivia", "Smith", "5A")
    amelia = add_pupil(session, "oakfield", "P1003", "Amelia", "O'Brien <Jr>", "3B")
    harry = add_pupil(session, "hillcrest", "H2001", "Harry", "Patel", "7C")
    mum = add_contact(session, oliver, "C1", "Dana Smith", "+447700900123", 1)
    add_contact(session, oliver, "C2", "Lee Smith", None, 2, status="invalid")
    add_contact(session, amelia, "C3", "Rosa O'Brien", "+447700900456", 1)
    report = add_report(session, oliver, contact=mum, reason="<b>sick</b> all night & tired")
    hill = add_report(session, harry)
    ids = [p.id for p in (oliver, olivia, amelia, harry)]
    assert all(i is not None for i in ids) and report.id and hill.id
    return World(ids[0], ids[1], ids[2], ids[3], report.id, hill.id)  # type: ignore[arg-type]
