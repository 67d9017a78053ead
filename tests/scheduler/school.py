"""A small fictional school for scheduler tests: pupils, contacts, marks, reports, and running jobs at local times."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.engine import Engine

from scheduler.jobs import JobResult, run_job_at
from store.db import session_scope
from store.marks import amend_mark, create_mark, get_mark
from store.models import (
    AbsenceReport,
    CalendarDay,
    Contact,
    InboundMessage,
    OutboundMessage,
    PolicyTask,
    Pupil,
    PupilContact,
    SafeguardingFlag,
)
from store.settings import Settings

LONDON = ZoneInfo("Europe/London")
_numbers = itertools.count(500)


def local(day: dt.date, clock: str) -> dt.datetime:
    """An aware Europe/London datetime at HH:MM on day."""
    hours, minutes = map(int, clock.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=LONDON)


@dataclass
class ContactSpec:
    name: str
    relationship: str = "mother"
    sms: bool = True
    telegram: int | None = None
    phone_status: str = "ok"


@dataclass
class World:
    """Handles on one school's data in a test database."""

    engine: Engine
    settings: Settings
    school_id: str
    contacts: dict[str, int] = field(default_factory=dict)

    def pupil(
        self,
        mis_id: str,
        first: str,
        last: str,
        contacts: list[ContactSpec] = (),  # type: ignore[assignment]
        *,
        reg_group: str = "3B",
        social_worker: bool = False,
        looked_after: bool = False,
    ) -> int:
        with session_scope(self.engine) as s:
            pupil = Pupil(school_id=self.school_id, mis_id=mis_id, first_name=first, last_name=last, year_group="3",
                          reg_group=reg_group, social_worker=social_worker, looked_after=looked_after)
            s.add(pupil)
            s.flush()
            for priority, spec in enumerate(contacts, start=1):
                phone = f"+447700900{next(_numbers):03d}" if spec.sms or spec.phone_status != "ok" else None
                contact = Contact(school_id=self.school_id, mis_id=f"{mis_id}-c{priority}", name=spec.name,
                                  relationship=spec.relationship, phone=phone if spec.phone_status == "ok" else None,
                                  phone_status=spec.phone_status if spec.sms or spec.phone_status != "ok" else "missing",
                                  telegram_user_id=spec.telegram)
                s.add(contact)
                s.flush()
                s.add(PupilContact(pupil_id=pupil.id, contact_id=contact.id, priority=priority))
                self.contacts[spec.name] = contact.id  # type: ignore[assignment]
            assert pupil.id is not None
            return pupil.id

    def mark(self, pupil_id: int, day: dt.date, code: str, *, sessions: str = "AM", source: str = "register") -> None:
        with session_scope(self.engine) as s:
            for sess in ("AM", "PM") if sessions == "ALL" else (sessions,):
                existing = get_mark(s, pupil_id=pupil_id, date=day, sess=sess)
                if existing is None:
                    create_mark(s, pupil_id=pupil_id, date=day, sess=sess, code=code, source=source)
                else:
                    amend_mark(s, mark=existing, code=code, reason="register update", who="register", role="system")

    def report(self, pupil_id: int, day: dt.date, code: str = "I", last_day: dt.date | None = None) -> None:
        with session_scope(self.engine) as s:
            s.add(AbsenceReport(school_id=self.school_id, pupil_id=pupil_id, first_day=day, last_day=last_day,
                                proposed_code=code, reason_text="poorly"))

    def inbound(self, contact_name: str, at: dt.datetime, text: str = "who is this?") -> None:
        with session_scope(self.engine) as s:
            s.add(InboundMessage(channel="sms", provider_id=f"SM{at.timestamp()}{contact_name}", school_id=self.school_id,
                                 sender="+447700900999", contact_id=self.contacts[contact_name], text=text, received_at=at))

    def closed(self, day: dt.date, kind: str = "closure") -> None:
        with session_scope(self.engine) as s:
            s.add(CalendarDay(school_id=self.school_id, date=day, kind=kind))

    def run(self, job: str, at: dt.datetime) -> JobResult:
        return run_job_at(self.engine, self.settings, job=job, school_id=self.school_id, now=at.astimezone(dt.timezone.utc))

    def outbox(self, kind: str | None = None) -> list[OutboundMessage]:
        with session_scope(self.engine) as s:
            stmt = select(OutboundMessage).order_by(OutboundMessage.id)
            if kind:
                stmt = stmt.where(OutboundMessage.kind == kind)
            return list(s.execute(stmt).scalars())

    def tasks(self) -> list[PolicyTask]:
        with session_scope(self.engine) as s:
            return list(s.execute(select(PolicyTask).order_by(PolicyTask.id)).scalars())

    def flags(self) -> list[SafeguardingFlag]:
        with session_scope(self.engine) as s:
            return list(s.execute(select(SafeguardingFlag).order_by(SafeguardingFlag.id)).scalars())

    def fail_delivery(self, key: str) -> None:
        with session_scope(self.engine) as s:
            row = s.execute(select(OutboundMessage).where(OutboundMessage.idempotency_key == key)).scalar_one()
            row.status, row.delivery_status = "sent", "undelivered"
            s.add(row)
