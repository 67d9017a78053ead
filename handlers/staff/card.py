"""The card posted to a school's staff chat for each parent report, and its buttons.

`card_for_report(session, report_id)` renders the card from what the store
holds now, so the staff-channel flow can re-render it after a confirm or a
change. Everything a parent wrote is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html

from sqlmodel import Session, select

from handlers.outbox import Button, Outgoing
from store.codes import CODES
from store.models import AbsenceReport, AttendanceMark, Contact, InboundMessage, Pupil
from store.settings import SchoolSettings

TITLES = {
    "absence": "Absence reported",
    "late": "Late arrival reported",
    "leave_request": "Leave of absence requested",
    "update": "Update to a reported absence",
}
STATUS = {"pending": "awaiting review", "confirmed": "confirmed", "changed": "changed by staff", "cancelled": "cancelled"}
#: Codes one tap away on every card (the rest of the national set is under "More…").
CHANGE_CODES = ("I", "M", "N", "O", "G", "C", "R")
CHANGE_ROW = 4
SESSIONS = {"ALL": "all day", "AM": "morning only", "PM": "afternoon only"}


def day_label(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def days_text(report: AbsenceReport) -> str:
    """'Mon 23 Nov' or 'Mon 23 Nov – Wed 25 Nov', or open-ended."""
    first = day_label(report.first_day)
    if report.last_day is None:
        return f"{first} (return date not given)" if report.intent == "absence" else first
    if report.last_day == report.first_day:
        return first
    return f"{first} – {day_label(report.last_day)}"


def sender_text(contact: Contact | None, inbound: InboundMessage | None) -> str:
    if contact is None:
        return html.escape(inbound.sender if inbound else "unknown")
    who = contact.name or contact.mis_id
    rel = f", {contact.relationship}" if contact.relationship else ""
    via = f" via {inbound.channel}" if inbound else ""
    return html.escape(f"{who}{rel}{via} ({contact.phone or 'no phone'})")


#: Below this the bot's reading is shown as uncertain, so staff read the message itself.
LOW_CONFIDENCE = 0.6


def confidence_text(confidence: float) -> str:
    label = f"confidence {round(100 * confidence)}%"
    return f"⚠️ low {label}: please read the message" if confidence < LOW_CONFIDENCE else label


def card_text(report: AbsenceReport, pupil: Pupil, contact: Contact | None, inbound: InboundMessage | None, marks: list[AttendanceMark], note: str | None = None) -> str:
    code = report.proposed_code
    meaning = CODES[code].meaning if code in CODES else ""
    group = html.escape(pupil.reg_group or pupil.year_group)
    lines = [
        f"<b>{TITLES.get(report.intent, 'Parent message')}</b> · report #{report.id}",
        f"Pupil: <b>{html.escape(pupil.first_name)} {html.escape(pupil.last_name)}</b> ({group}, {html.escape(pupil.mis_id)})",
        f"Days: {days_text(report)}",
    ]
    if report.intent == "absence":
        lines.append(f"Sessions: {SESSIONS.get(report.sessions, report.sessions)} ({len(marks)} session(s) marked)")
    if code:
        lines.append(f"Proposed code: <b>{html.escape(code)}</b> — {html.escape(meaning)} ({confidence_text(report.confidence)})")
    if report.evidence:
        lines.append("Evidence: " + html.escape(", ".join(f"“{e}”" for e in report.evidence)))
    if report.reason_text:
        lines.append(f"Reason given: <i>{html.escape(report.reason_text)}</i>")
    if inbound is not None and inbound.text:
        lines.append(f"Message: <i>{html.escape(inbound.text)}</i>")
    lines.append(f"From: {sender_text(contact, inbound)}")
    if note:
        lines.append(html.escape(note))
    lines.append(f"Status: {STATUS.get(report.status, report.status)}")
    return "\n".join(lines)


def card_buttons(report: AbsenceReport) -> tuple[tuple[Button, ...], ...]:
    rid = report.id
    if report.intent in ("leave_request", "update") or not report.proposed_code:
        return ((Button("✅ Confirm seen", f"cf:{rid}"), Button("More…", f"more:{rid}")),)
    code = report.proposed_code
    changes = [Button(f"→ {c}", f"cc:{rid}:{c}") for c in CHANGE_CODES if c != code]
    rows = tuple(tuple(changes[i : i + CHANGE_ROW]) for i in range(0, len(changes), CHANGE_ROW))
    return (
        (Button(f"✅ Confirm {code}", f"cf:{rid}"),),
        *rows,
        (Button("Reason…", f"rs:{rid}"), Button("More…", f"more:{rid}")),
    )


def card_for_report(session: Session, report_id: int, note: str | None = None) -> tuple[str, tuple[tuple[Button, ...], ...]]:
    """The card's HTML text and buttons for a report as it stands now."""
    report = session.get(AbsenceReport, report_id)
    if report is None:
        raise KeyError(f"no absence report {report_id}")
    pupil = session.get(Pupil, report.pupil_id)
    assert pupil is not None
    contact = session.get(Contact, report.contact_id) if report.contact_id else None
    inbound = session.get(InboundMessage, report.inbound_id) if report.inbound_id else None
    marks = list(session.exec(select(AttendanceMark).where(AttendanceMark.report_id == report.id)))
    return card_text(report, pupil, contact, inbound, marks, note), card_buttons(report)


def card_message(session: Session, report: AbsenceReport, school: SchoolSettings, *, note: str | None = None, edit: str | None = None) -> list[Outgoing]:
    """The card to post for a report (or, with `edit`, a re-render of the posted card)."""
    if school.staff_chat_id is None or report.id is None:
        return []
    text, buttons = card_for_report(session, report.id, note)
    key = f"card:{report.id}" if edit is None else f"card:{report.id}:edit:{edit}"
    extra = {} if edit is None else {"edit_key": f"card:{report.id}"}
    return [
        Outgoing(
            key=key, channel="telegram", recipient=str(school.staff_chat_id), text=text,
            kind="card" if edit is None else "card_edit", school_id=school.id, buttons=buttons, html=True, extra=extra,
        )
    ]


def staff_note(school: SchoolSettings, key: str, text_html: str) -> list[Outgoing]:
    """A plain notice to the staff chat (already HTML-escaped where it quotes anyone)."""
    if school.staff_chat_id is None:
        return []
    return [Outgoing(key=key, channel="telegram", recipient=str(school.staff_chat_id), text=text_html, kind="staff_note", school_id=school.id, html=True)]
