"""Attendance reports to parents (issue 15 point 5): this term and this year, what it means, who to ask.

Sent to each contact with parental responsibility, on their own channel,
only to a contact the school has verified: Telegram linked (they shared their
own number), or a phone number that has written to the school or had a
message delivered. A contact who opted out of SMS gets nothing by SMS. A
pupil without enough register data (fewer than `MIN_POSSIBLE` possible
sessions this year) gets no report. The scheduler sends them at the end of
each half-term (`attendance-reports` job); staff send one on demand from
`/case` (button "Send attendance report").
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from handlers.gsm import for_channel
from handlers.i18n import reply_language, tr
from handlers.outbox import Button, Outgoing, queue
from handlers.replies import child_name
from handlers.staff.actions import Tap, TapResult, staff_actor
from store.attendance import AttendanceSummary, pupil_attendance
from store.db import immediate_session
from store.models import Contact, InboundMessage, OutboundMessage, Pupil, PupilContact
from store.schools import academic_year_start
from store.settings import SchoolSettings, Settings

log = logging.getLogger(__name__)

MIN_POSSIBLE = 20
GOOD, PERSISTENT = 96.0, 90.0
REPORT_ROLES = frozenset({"office", "admin"})
REPORT_DATA = re.compile(r"^ar:([1-9][0-9]{0,9})$")


def report_button(pupil: Pupil) -> Button:
    return Button("📨 Send attendance report", f"ar:{pupil.id}")


def rate(summary: AttendanceSummary) -> float | None:
    return None if summary.possible == 0 else 100 * summary.attended / summary.possible


def meaning(lang: str, year_rate: float) -> str:
    if year_rate >= GOOD:
        return tr(lang, "attendance_good")
    return tr(lang, "attendance_pa" if year_rate < PERSISTENT else "attendance_low")


def report_text(school: SchoolSettings, pupil: Pupil, lang: str, term: float, year: float) -> str:
    if lang == "en":
        return (f"{school.name}: attendance of {child_name(pupil)} this half-term {term:.1f}%, this school year {year:.1f}%. "
                f"{meaning(lang, year)} Questions? Please contact the school office.")
    return tr(lang, "attendance_report", school=school.name, name=child_name(pupil), term=f"{term:.1f}", year=f"{year:.1f}",
              meaning=meaning(lang, year))


def verified_contacts(session: Session, pupil: Pupil) -> list[tuple[Contact, str, str]]:
    """(contact, channel, recipient) for each verified contact with parental responsibility of the pupil."""
    stmt = select(Contact).join(PupilContact, col(PupilContact.contact_id) == Contact.id).where(
        PupilContact.pupil_id == pupil.id, PupilContact.active == True, Contact.parental_responsibility == True,  # noqa: E712
    ).order_by(col(PupilContact.priority).nulls_last(), col(Contact.id))
    out = []
    for contact in session.execute(stmt).scalars():
        if contact.telegram_user_id is not None:
            out.append((contact, "telegram", str(contact.telegram_user_id)))
        elif contact.sms_usable and contact.phone and _phone_verified(session, contact.phone):
            out.append((contact, "sms", contact.phone))
    return out


def _phone_verified(session: Session, phone: str) -> bool:
    wrote = session.execute(select(InboundMessage.id).where(InboundMessage.channel == "sms", InboundMessage.sender == phone).limit(1)).first()
    if wrote is not None:
        return True
    delivered = select(OutboundMessage.id).where(
        OutboundMessage.channel == "sms", OutboundMessage.recipient == phone, OutboundMessage.delivery_status == "delivered").limit(1)
    return session.execute(delivered).first() is not None


def report_messages(
    session: Session, school: SchoolSettings, pupils: list[Pupil], *, term_start: dt.date, today: dt.date, key: str,
) -> list[Outgoing]:
    """One report per verified contact of each pupil with enough register data; `key` makes each run's messages unique."""
    year_start = academic_year_start(today)
    term_start = max(term_start, year_start)
    wanted = {p.mis_id for p in pupils}
    only = pupils[0].mis_id if len(pupils) == 1 else None
    years = {f.pupil_id: f.summary for f in pupil_attendance(session, school_id=school.id, start=year_start, end=today, pupil_mis_id=only)
             if f.pupil_id in wanted}
    terms = {f.pupil_id: f.summary for f in pupil_attendance(session, school_id=school.id, start=term_start, end=today, pupil_mis_id=only)
             if f.pupil_id in wanted}
    out: list[Outgoing] = []
    for pupil in pupils:
        year, term = years.get(pupil.mis_id), terms.get(pupil.mis_id)
        if year is None or term is None or year.possible < MIN_POSSIBLE or rate(term) is None:
            continue
        for contact, channel, recipient in verified_contacts(session, pupil):
            lang = reply_language(None, contact.language)
            text = for_channel(report_text(school, pupil, lang, rate(term) or 0.0, rate(year) or 0.0), channel, lang)
            out.append(Outgoing(key=f"attendance-report:{pupil.id}:{contact.id}:{key}", channel=channel,  # type: ignore[arg-type]
                                recipient=recipient, text=text, kind="attendance_report", school_id=school.id, contact_id=contact.id))
    return out


def handle_report_tap(engine: Engine, settings: Settings, tap: Tap, *, now: dt.datetime) -> TapResult:
    """Staff send one pupil's report now (office or admin of the pupil's school, in its staff chat)."""
    m = REPORT_DATA.fullmatch(tap.data)
    if m is None:
        return TapResult("This button is not valid any more.", show_alert=True)
    with immediate_session(engine) as session:
        pupil = session.get(Pupil, int(m.group(1)))
        if pupil is None or not pupil.on_roll:
            return TapResult("That pupil is not on roll.", show_alert=True)
        actor = staff_actor(settings, tap, school_id=pupil.school_id, roles=REPORT_ROLES)
        if isinstance(actor, TapResult):
            return actor
        school = settings.school(pupil.school_id)
        today = now.astimezone(school.tz).date()
        messages = report_messages(session, school, [pupil], term_start=today - dt.timedelta(weeks=7), today=today,
                                   key=f"staff:{now.astimezone(school.tz):%Y%m%dT%H%M}")
        sent = queue(session, messages, now=now)
        log.info("attendance report for pupil %s sent on demand by staff user %s to %d contacts", pupil.id, actor.user_id, len(sent))
        if not messages:
            return TapResult("No report sent: not enough register data, or no verified contact with parental responsibility.", show_alert=True)
        return TapResult(f"Attendance report sent to {len(messages)} contact(s).")
