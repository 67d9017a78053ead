"""Notices to a school's staff chat that are not cards: forwards, updates, new information, dropped links.

Everything quoted from a parent is HTML-escaped. A message that raised a
safeguarding cue is never quoted here: the office is told it has gone to the
safeguarding team. Messages from a sender nobody can match are forwarded
one by one at first; after `FORWARDS_ONE_BY_ONE` in a day they are gathered
in one running note (edited in place), so one account cannot fill the group.
"""

from __future__ import annotations

import datetime as dt
import html

from sqlalchemy import select
from sqlmodel import Session

from handlers.alerts import pupil_label
from handlers.outbox import Outgoing
from handlers.staff.card import staff_note
from store.models import AbsenceReport, Contact, InboundMessage, Pupil
from store.settings import SchoolSettings

SENSITIVE = "🔒 The message has gone to the safeguarding team; it is not shown here."
FORWARDS_ONE_BY_ONE = 3
ROLL_LINE_CHARS = 160
ROLL_LINES = 17


def who(contact: Contact | None) -> str:
    if contact is None:
        return "an unrecognised sender"
    return html.escape(f"{contact.name or contact.mis_id} ({contact.relationship or 'contact'})")


def quoted(text: str, sensitive: bool) -> str:
    return SENSITIVE if sensitive else f"<i>{html.escape(text)}</i>"


def forward_text(*, channel: str, address: str, text: str, contact: Contact | None, sensitive: bool = False) -> str:
    """A message for staff to handle by hand (unknown sender, or nothing the bot can record)."""
    return f"<b>Message to handle by hand</b>\nFrom {who(contact)} by {channel}: {html.escape(address)}\n{quoted(text, sensitive)}"


def update_note(pupil: Pupil, change: str, *, text: str, contact: Contact, report: AbsenceReport | None = None, sensitive: bool = False) -> str:
    ref = f" (report #{report.id})" if report else ""
    return (
        f"<b>Update from parent</b>{ref}\nPupil: <b>{html.escape(pupil_label(pupil))}</b>\n{html.escape(change)}\n"
        f"Message: {quoted(text, sensitive)}\nFrom: {html.escape(contact.name or contact.mis_id)}"
    )


def new_information_note(report: AbsenceReport, pupil: Pupil, *, text: str, contact: Contact, suggests: str | None, sensitive: bool) -> str:
    """After staff decided a report, a parent's new message is shown, never applied."""
    decided = html.escape(report.reviewed_code or "")
    hint = f" It suggests <b>{html.escape(suggests)}</b>; change the code on the card if it should." if suggests and suggests != report.reviewed_code else ""
    return (
        f"<b>New information after the decision</b> (report #{report.id}, kept as <b>{decided}</b>)\n"
        f"Pupil: <b>{html.escape(pupil_label(pupil))}</b>\nMessage: {quoted(text, sensitive)}\n"
        f"From: {html.escape(contact.name or contact.mis_id)}.{hint} /card_{report.id}"
    )


def stale_link_note(contact: Contact) -> str:
    return (
        "<b>Telegram link removed</b>\n"
        f"Contact {html.escape(contact.mis_id)} now has a different name and phone from when it was linked, so the old "
        f"Telegram account no longer receives or sends anything for {html.escape(contact.name or 'this contact')}. "
        "They can link again by sharing their number with the bot."
    )


def stale_link_notes(school: SchoolSettings, contacts: list[Contact], *, occasion: str) -> list[Outgoing]:
    out: list[Outgoing] = []
    for contact in contacts:
        out += staff_note(school, f"link-dropped:{contact.id}:{occasion}", stale_link_note(contact))
    return out


def unknown_forwards(session: Session, *, schools: list[SchoolSettings], row: InboundMessage, now: dt.datetime) -> list[Outgoing]:
    """Forward an unmatched sender's message to each school's staff chat: one by one, then one running note."""
    out: list[Outgoing] = []
    for school in schools:
        since = dt.datetime.combine(row.received_at.astimezone(school.tz).date(), dt.time(0), tzinfo=school.tz)
        earlier = _earlier_today(session, row, since)
        if len(earlier) < FORWARDS_ONE_BY_ONE:
            text = forward_text(channel=row.channel, address=row.sender, text=row.text or "", contact=None)
            out += staff_note(school, f"fwd:{row.id}:{school.id}", text)
            continue
        out += _running_note(school, row, earlier[FORWARDS_ONE_BY_ONE:] + [row], since)
    return out


def _earlier_today(session: Session, row: InboundMessage, since: dt.datetime) -> list[InboundMessage]:
    stmt = (
        select(InboundMessage)
        .where(
            InboundMessage.channel == row.channel, InboundMessage.sender == row.sender, InboundMessage.received_at >= since,
            InboundMessage.id < row.id, InboundMessage.contact_id.is_(None),  # type: ignore[operator,union-attr]
        )
        .order_by(InboundMessage.id)
    )
    return list(session.execute(stmt).scalars())


def _running_note(school: SchoolSettings, row: InboundMessage, rows: list[InboundMessage], since: dt.datetime) -> list[Outgoing]:
    """The first gathered message posts the note; each later one edits it to list them all."""
    key = f"fwd-more:{school.id}:{row.channel}:{row.sender}:{since.date().isoformat()}"
    shown = rows[-ROLL_LINES:]
    lines = [f"{m.received_at.astimezone(school.tz):%H:%M} <i>{html.escape(_clip(m.text or ''))}</i>" for m in shown]
    head = (
        f"<b>More messages from an unrecognised sender</b> by {row.channel}: {html.escape(row.sender)} "
        f"({len(rows)} more today{'; latest ' + str(len(shown)) + ' shown' if len(rows) > len(shown) else ''})"
    )
    text = "\n".join([head, *lines])
    if len(rows) == 1:
        return [Outgoing(key=key, channel="telegram", recipient=str(school.staff_chat_id), text=text, kind="staff_note", school_id=school.id, html=True, extra={"editable": True})] if school.staff_chat_id is not None else []
    if school.staff_chat_id is None:
        return []
    return [Outgoing(key=f"{key}:edit:{row.id}", channel="telegram", recipient=str(school.staff_chat_id), text=text, kind="card_edit", school_id=school.id, html=True, extra={"edit_key": key})]


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= ROLL_LINE_CHARS else flat[: ROLL_LINE_CHARS - 1] + "…"

