"""Telling the parent of a staff decision that counts against them, where the school's policy says so.

Russell Street: "the absence will be recorded as unauthorised and parents will
be notified of this". With the policy's `tell_parent_unauthorised`, a staff
change of an absence to an unauthorised code (G, O, U) sends the contact who
reported it one message, in the channel they used: first name and class only,
never the surname, and nothing of any safeguarding concern.
"""

from __future__ import annotations

from sqlmodel import Session

from handlers.gsm import for_channel
from handlers.i18n import day, reply_language, tr
from handlers.outbox import Outgoing
from handlers.replies import child_name
from handlers.staff.card import day_label
from store.codes import CODES
from store.models import AbsenceReport, Contact, InboundMessage, Pupil
from store.settings import SchoolSettings

UNAUTHORISED = frozenset({"G", "O", "U"})


def days_text(lang: str, report: AbsenceReport) -> str:
    """The report's days for a parent's message in their language ("pon. 7 gru - pt. 11 gru")."""
    first = day(lang, report.first_day)
    return f"{first} - {day(lang, report.last_day)}" if report.last_day and report.last_day != report.first_day else first


def parent_channel(session: Session, report: AbsenceReport, contact: Contact | None) -> tuple[str, str] | None:
    """Where to tell the contact of a decision: Telegram if they wrote there, else SMS to a usable number."""
    if contact is None:
        return None
    inbound = session.get(InboundMessage, report.inbound_id) if report.inbound_id else None
    if inbound is not None and inbound.channel == "telegram" and contact.telegram_user_id:
        return "telegram", str(contact.telegram_user_id)
    if contact.sms_usable and contact.phone:
        return "sms", contact.phone
    return None


def unauthorised_notice(session: Session, school: SchoolSettings, report: AbsenceReport, code: str, before: str | None) -> list[Outgoing]:
    """One message to the reporting contact when staff make the absence unauthorised (once per report and code)."""
    if code not in UNAUTHORISED or (before in UNAUTHORISED) or not school.resolved_policy().tell_parent_unauthorised:
        return []
    contact = session.get(Contact, report.contact_id) if report.contact_id else None
    pupil = session.get(Pupil, report.pupil_id)
    if contact is None or pupil is None:
        return []
    where = parent_channel(session, report, contact)
    if where is None:
        return []
    channel, recipient = where
    days = day_label(report.first_day)
    if report.last_day and report.last_day != report.first_day:
        days = f"{days} to {day_label(report.last_day)}"
    meaning = CODES[code].meaning.split(" (")[0].lower() if code in CODES else "unauthorised"
    text = (
        f"From {school.name}: the absence of {child_name(pupil)} on {days} is being recorded as unauthorised "
        f"({code}, {meaning}). If you think this is wrong, please contact the school office."
    )
    lang = reply_language(None, contact.language)
    if lang != "en":
        text = for_channel(tr(lang, "unauthorised", school=school.name, name=child_name(pupil), days=days_text(lang, report), code=code),
                           channel, lang)
    return [Outgoing(key=f"unauthorised:{report.id}:{code}", channel=channel, recipient=recipient, text=text,
                     kind="notice", school_id=school.id, contact_id=contact.id)]
