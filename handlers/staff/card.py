"""The card posted to a school's staff chat for each parent report, and its buttons.

`card_for_report(session, report_id)` renders the card from what the store
holds now, so every re-render (a confirm, a change, a parent's follow-up)
shows the same thing: the proposal, the staff decision and who made it, and
the messages merged into the report since. The buttons offer the codes the
report is not, and Confirm only while something is undecided. A message that
raised a safeguarding cue is not shown on the office card (it went to the
DSL). Everything a parent wrote is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from handlers.outbox import Button, Outgoing
from store.codes import CODES
from store.exclusions import exclusion
from store.models import AbsenceReport, AttendanceMark, Contact, InboundMessage, Pupil, School
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
LONDON = ZoneInfo("Europe/London")
SENT_TO_DSL = "🔒 A message about this pupil has gone to the safeguarding team; only what the office needs to code the day is shown."
FOLLOW_UPS_SHOWN = 5
FOLLOW_UP_LABELS = {
    "repeat": "Reported again", "reason": "Reason added", "update": "Update", "late": "Late again", "leave": "Asked again",
    "evidence": "📎 Evidence", "evidence_asked": "Evidence asked for",
}


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
    who = clip(contact.name or contact.mis_id, NAME_CHARS)
    rel = f", {clip(contact.relationship, NAME_CHARS)}" if contact.relationship else ""
    via = f" via {inbound.channel}" if inbound else ""
    return html.escape(f"{who}{rel}{via} ({contact.phone or 'no phone'})")


#: Below this the bot's reading is shown as uncertain, so staff read the message itself.
LOW_CONFIDENCE = 0.6


def confidence_text(confidence: float) -> str:
    label = f"confidence {round(100 * confidence)}%"
    return f"⚠️ low {label}: please read the message" if confidence < LOW_CONFIDENCE else label


#: Telegram refuses a message over 4,096 characters (after entities are parsed); keep a margin.
TELEGRAM_LIMIT = 4000
MESSAGE_CHARS, FOLLOW_UP_CHARS, REASON_CHARS, NAME_CHARS = 1500, 300, 500, 80


def clip(text: str, limit: int) -> str:
    """At most `limit` characters of plain text, cut at a word where possible, with "…" when cut.

    Clipped before escaping, so an HTML entity or tag is never cut in half.
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.8 else cut).rstrip() + "…"


def esc(text: str, limit: int) -> str:
    return html.escape(clip(text, limit))


def card_text(
    report: AbsenceReport, pupil: Pupil, contact: Contact | None, inbound: InboundMessage | None,
    marks: list[AttendanceMark], note: str | None = None, tz: ZoneInfo = LONDON,
) -> str:
    code = report.proposed_code
    meaning = CODES[code].meaning if code in CODES else ""
    group = esc(pupil.reg_group or pupil.year_group, NAME_CHARS)
    lines = [
        f"<b>{TITLES.get(report.intent, 'Parent message')}</b> · report #{report.id}",
        f"Pupil: <b>{esc(pupil.first_name, NAME_CHARS)} {esc(pupil.last_name, NAME_CHARS)}</b> ({group}, {esc(pupil.mis_id, NAME_CHARS)})",
        f"Days: {days_text(report)}",
    ]
    if report.intent == "absence":
        lines.append(f"Sessions: {SESSIONS.get(report.sessions, report.sessions)} ({len(marks)} session(s) marked)")
    if code:
        lines.append(f"Proposed code: <b>{html.escape(code)}</b> — {html.escape(meaning)} ({confidence_text(report.confidence)})")
    evidence = office_evidence(report.evidence)
    if evidence:
        lines.append("Evidence: " + html.escape(", ".join(f"“{e}”" for e in evidence)))
    if report.reason_text:
        lines.append(f"Reason given: <i>{esc(report.reason_text, REASON_CHARS)}</i>")
    guidance = guidance_line(report)
    if guidance:
        lines.append(guidance)
    lines += message_lines(report, inbound)
    lines.append(f"From: {sender_text(contact, inbound)}")
    lines += follow_up_lines(report, tz)
    if note:
        lines.append(html.escape(note))
    outcome = outcome_line(report, tz)
    if outcome:
        lines.append(outcome)
    if unconfirmed(report, marks):
        lines.append("<i>Some sessions were added after the decision: confirm them or change the code.</i>")
    lines.append(f"Status: {STATUS.get(report.status, report.status)}")
    text = "\n".join(lines)
    if len(text) > TELEGRAM_LIMIT and inbound is not None and inbound.text and not report.sensitive:
        # Only the parent's message can still be long enough to matter: give it what is left.
        room = max(TELEGRAM_LIMIT - (len(text) - len(esc(inbound.text, MESSAGE_CHARS))), 200)
        lines[lines.index(f"Message: <i>{esc(inbound.text, MESSAGE_CHARS)}</i>")] = f"Message: <i>{fit_escaped(inbound.text, room)}</i>"
        text = "\n".join(lines)
    return text


def guidance_line(report: AbsenceReport) -> str | None:
    """UKHSA's exclusion period for the illness the parent named, and the earliest day back it gives."""
    found = exclusion(report.illness) if report.illness else None
    if found is None:
        return None
    back = f"; earliest return <b>{day_label(report.expected_return)}</b>" if report.expected_return else ""
    return f"Return (UKHSA): {html.escape(found.name)}, {html.escape(found.exclusion)}{back}"


def fit_escaped(text: str, room: int) -> str:
    """The longest clip of `text` whose escaped form fits in `room` characters."""
    limit = room
    while limit > 20 and len(esc(text, limit)) > room:
        limit = int(limit * 0.9)
    return esc(text, limit)


def office_evidence(evidence: list[str]) -> list[str]:
    """The NLU's evidence without its safeguarding lines (they quote the disclosure)."""
    return [e for e in evidence if not e.lower().startswith("safeguarding")]


def message_lines(report: AbsenceReport, inbound: InboundMessage | None) -> list[str]:
    """The parent's message, unless it raised a safeguarding cue: then only that it went to the DSL."""
    sensitive = report.sensitive or any(f.get("sensitive") for f in report.follow_ups)
    lines = []
    if inbound is not None and inbound.text and not report.sensitive:
        lines.append(f"Message: <i>{esc(inbound.text, MESSAGE_CHARS)}</i>")
    if sensitive:
        lines.append(SENT_TO_DSL)
    return lines


def follow_up_lines(report: AbsenceReport, tz: ZoneInfo) -> list[str]:
    """Repeats and later messages merged into the report, newest last (the last few)."""
    items = report.follow_ups[-FOLLOW_UPS_SHOWN:]
    lines = [f"<i>(+{len(report.follow_ups) - len(items)} earlier messages)</i>"] if len(report.follow_ups) > len(items) else []
    for item in items:
        at = dt.datetime.fromisoformat(item["at"]).astimezone(tz).strftime("%H:%M")
        label = FOLLOW_UP_LABELS.get(item.get("kind", ""), "Also")
        text = "(sent to the safeguarding team)" if item.get("sensitive") else f"<i>{esc(item.get('text') or '', FOLLOW_UP_CHARS)}</i>"
        hint = f" — suggests <b>{html.escape(item['code'])}</b>" if item.get("code") else ""
        lines.append(f"➕ {label} {at}, {esc(item.get('who') or 'parent', NAME_CHARS)}: {text}{hint}")
    return lines


def outcome_line(report: AbsenceReport, tz: ZoneInfo = LONDON) -> str | None:
    """E.g. "✅ Confirmed I by Jo Pemberton (office) 08:12" in the school's local time."""
    if report.status == "pending" or report.reviewed_by is None:
        return None
    when = report.reviewed_at.astimezone(tz).strftime("%H:%M") if report.reviewed_at else ""
    verb = "✅ Confirmed" if report.status == "confirmed" else "✏️ Changed to"
    if report.intent == "leave_request":
        verb = "✅ Leave approved:" if report.status == "confirmed" else "✖️ Leave refused: if absent,"
    who = html.escape(f"{report.reviewed_by} ({report.reviewed_role})")
    return f"<b>{verb} {html.escape(report.reviewed_code or '')}</b> by {who} {when}".rstrip()


def current_code(report: AbsenceReport) -> str | None:
    """The code the report stands at: the staff decision, else the proposal."""
    return report.reviewed_code or report.proposed_code


def unconfirmed(report: AbsenceReport, marks: list[AttendanceMark]) -> bool:
    """A decided report with sessions still provisional (added by a parent's later message)."""
    return report.status != "pending" and any(m.status == "provisional" for m in marks)


def card_buttons(report: AbsenceReport, marks: list[AttendanceMark] | None = None) -> tuple[tuple[Button, ...], ...]:
    """Confirm while something is undecided; change buttons for every common code the report is not."""
    rid = report.id
    open_ = report.status == "pending" or unconfirmed(report, marks or [])
    if report.intent == "leave_request":
        if report.status != "pending":
            return ()
        return ((Button("✅ Approve", f"lv:{rid}:a"), Button("✖️ Refuse", f"lv:{rid}:r")),)
    if report.intent == "update" or not report.proposed_code:
        first = (Button("✅ Confirm seen", f"cf:{rid}"),) if report.status == "pending" else ()
        return ((*first, Button("More…", f"more:{rid}")),)
    code = current_code(report)
    changes = [Button(f"→ {c}", f"cc:{rid}:{c}") for c in CHANGE_CODES if c != code]
    rows = tuple(tuple(changes[i : i + CHANGE_ROW]) for i in range(0, len(changes), CHANGE_ROW))
    confirm = ((Button(f"✅ Confirm {code}", f"cf:{rid}"),),) if open_ else ()
    ask = (Button("Ask for evidence", f"ae:{rid}"),) if not any(f.get("kind") == "evidence_asked" for f in report.follow_ups) else ()
    return (*confirm, *rows, (Button("Reason…", f"rs:{rid}"), *ask, Button("More…", f"more:{rid}")))


def school_zone(session: Session, school_id: str) -> ZoneInfo:
    school = session.get(School, school_id)
    return ZoneInfo(school.timezone if school else "Europe/London")


def card_for_report(session: Session, report_id: int, note: str | None = None) -> tuple[str, tuple[tuple[Button, ...], ...]]:
    """The card's HTML text and buttons for a report as it stands now (decision and follow-ups included)."""
    report = session.get(AbsenceReport, report_id)
    if report is None:
        raise KeyError(f"no absence report {report_id}")
    pupil = session.get(Pupil, report.pupil_id)
    assert pupil is not None
    contact = session.get(Contact, report.contact_id) if report.contact_id else None
    inbound = session.get(InboundMessage, report.inbound_id) if report.inbound_id else None
    marks = list(session.exec(select(AttendanceMark).where(AttendanceMark.report_id == report.id)))
    tz = school_zone(session, report.school_id)
    return card_text(report, pupil, contact, inbound, marks, note, tz), card_buttons(report, marks)


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
