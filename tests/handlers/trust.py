"""A trust of two schools sharing one SMS number (DESIGN §4.7), for the register-truth transcripts.

Oakfield and Hillcrest have no `sms_number` of their own, so both receive SMS
on `twilio.from_number`. Sarah Smith is a contact at both (Oliver at
Oakfield, Mia at Hillcrest: one family); Dan Jones only at Hillcrest (Noah);
Priya Shah only at Oakfield (Ava, with Ravi Shah as second contact).
People are fictional; numbers are from Ofcom's drama range.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from handlers.staff.actions import Tap, TapResult, handle_card_tap
from store.db import session_scope
from store.models import AbsenceReport, AttendanceMark, Contact, OutboundMessage, Pupil, PupilContact
from store.settings import Settings, parse_settings
from tests.handlers.parent_dialogue import Dialogue

SHARED = "+447700900100"
SARAH, DAN, PRIYA, RAVI, STRANGER = "+447700900001", "+447700900002", "+447700900003", "+447700900004", "+447700900999"
SARAH_TG = 5001
OAK_STAFF, OAK_DSL, HILL_STAFF, HILL_DSL = -1001000000001, -1001000000002, -1001000000011, -1001000000012
JO, ALEX = 100000001, 100000003  # office at Oakfield; admin at both
MON_0745 = dt.datetime(2026, 11, 23, 7, 45, tzinfo=dt.timezone.utc)
MON = MON_0745.date()


def trust_settings() -> Settings:
    """Two schools on one shared number, each with its own staff and safeguarding chats."""
    raw: dict[str, Any] = {
        "twilio": {"from_number": SHARED},
        "schools": [
            {"id": "oakfield", "name": "Oakfield Primary School", "staff_chat_id": OAK_STAFF, "safeguarding_chat_id": OAK_DSL, "policy": "bedwell"},
            {"id": "hillcrest", "name": "Hillcrest Academy", "staff_chat_id": HILL_STAFF, "safeguarding_chat_id": HILL_DSL, "policy": "afmat"},
        ],
        "staff": [
            {"telegram_user_id": JO, "name": "Jo Pemberton", "role": "office", "schools": ["oakfield"]},
            {"telegram_user_id": ALEX, "name": "Alex Novak", "role": "admin", "schools": ["oakfield", "hillcrest"]},
        ],
    }
    return parse_settings(raw, environ={})


def _pupil(s: Any, school: str, mis: str, first: str, last: str, group: str) -> Pupil:
    pupil = Pupil(school_id=school, mis_id=mis, first_name=first, last_name=last, year_group=group[0], reg_group=group)
    s.add(pupil)
    s.flush()
    return pupil


def _contact(s: Any, school: str, mis: str, name: str, phone: str, pupils: list[Pupil], tg: int | None = None) -> Contact:
    contact = Contact(school_id=school, mis_id=mis, name=name, relationship="parent", phone=phone, telegram_user_id=tg)
    s.add(contact)
    s.flush()
    for pupil in pupils:
        s.add(PupilContact(pupil_id=pupil.id, contact_id=contact.id, priority=1))
    s.flush()
    return contact


def seed_trust(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as s:
        oliver = _pupil(s, "oakfield", "OAK1", "Oliver", "Smith", "3B")
        ava = _pupil(s, "oakfield", "OAK2", "Ava", "Shah", "4C")
        mia = _pupil(s, "hillcrest", "HC1", "Mia", "Smith", "8R")
        noah = _pupil(s, "hillcrest", "HC2", "Noah", "Jones", "9T")
        _contact(s, "oakfield", "C-OAK-1", "Sarah Smith", SARAH, [oliver], tg=SARAH_TG)
        _contact(s, "hillcrest", "C-HC-1", "Sarah Smith", SARAH, [mia], tg=SARAH_TG)
        _contact(s, "hillcrest", "C-HC-2", "Dan Jones", DAN, [noah])
        _contact(s, "oakfield", "C-OAK-2", "Priya Shah", PRIYA, [ava])
        _contact(s, "oakfield", "C-OAK-3", "Ravi Shah", RAVI, [ava])
        return {p.first_name.lower(): p.id for p in (oliver, ava, mia, noah)}  # type: ignore[misc]


def parent(engine: Engine, settings: Settings, phone: str, channel: str = "sms", tg: int = 0) -> Dialogue:
    return Dialogue(engine, settings, channel, phone, tg)


def marks(engine: Engine, pupil_id: int) -> list[tuple[dt.date, str, str, str]]:
    with session_scope(engine) as s:
        rows = s.exec(select(AttendanceMark).where(AttendanceMark.pupil_id == pupil_id).order_by(AttendanceMark.date, AttendanceMark.session)).all()
        return [(m.date, m.session, m.code, m.status) for m in rows]


def reports(engine: Engine, pupil_id: int) -> list[AbsenceReport]:
    with session_scope(engine) as s:
        return list(s.exec(select(AbsenceReport).where(AbsenceReport.pupil_id == pupil_id).order_by(AbsenceReport.id)).all())


def outbox(engine: Engine) -> list[OutboundMessage]:
    with session_scope(engine) as s:
        return list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)).all())


def tap(engine: Engine, settings: Settings, data: str, *, user: int = ALEX, chat: int = OAK_STAFF, at: dt.datetime = MON_0745, message_id: int | None = None) -> TapResult:
    return handle_card_tap(engine, settings, Tap(user_id=user, chat_id=chat, data=data, message_id=message_id), now=at)
