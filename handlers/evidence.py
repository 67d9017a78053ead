"""Evidence (issue 15 point 2): staff ask for it from a card; a photo or document a parent sends is attached.

"Ask for evidence" on an absence card (office or admin) sends the parent who
reported it a request in their language (an appointment card, a letter, or
a photo of it) and notes it on the card. A photo or document the parent then
sends on Telegram (or by MMS) is attached to the family's most recent
absence report of the last 30 days, the one evidence was asked for first;
the card says so and `/evidence N` shows it to that school's staff only. The
file stays with the provider (Telegram file_id, Twilio media URL); the
reference is purged with message texts by the retention job.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from handlers.gsm import for_channel
from handlers.i18n import reply_language, tr
from handlers.outbox import Outgoing, queue
from handlers.parent_notices import days_text, parent_channel
from handlers.replies import child_name, greeting
from handlers.staff.access import CHANGE_ROLES
from handlers.staff.actions import Tap, TapResult, render_card, staff_actor
from handlers.staff.card import card_message, day_label
from handlers.turn import Turn
from store.db import immediate_session
from store.models import AbsenceReport, Attachment, Contact, Pupil
from store.settings import Settings

log = logging.getLogger(__name__)

EVIDENCE_DATA = re.compile(r"^ae:([1-9][0-9]{0,9})$")
RECENT_DAYS = 30


def handle_evidence_tap(engine: Engine, settings: Settings, tap: Tap, *, now: dt.datetime) -> TapResult:
    """Ask the reporting parent for evidence, once per report."""
    m = EVIDENCE_DATA.fullmatch(tap.data)
    if m is None:
        return TapResult("This button is not valid any more.", show_alert=True)
    with immediate_session(engine) as session:
        report = session.get(AbsenceReport, int(m.group(1)), with_for_update=True)
        if report is None or report.intent != "absence":
            return TapResult("That report no longer exists.", show_alert=True)
        actor = staff_actor(settings, tap, school_id=report.school_id, roles=CHANGE_ROLES)
        if isinstance(actor, TapResult):
            return actor
        if any(f.get("kind") == "evidence_asked" for f in report.follow_ups):
            text, buttons = render_card(session, report)
            return TapResult("Evidence was already asked for.", text, buttons)
        school = settings.school(report.school_id)
        contact = session.get(Contact, report.contact_id) if report.contact_id else None
        pupil = session.get(Pupil, report.pupil_id)
        where = parent_channel(session, report, contact)
        if contact is None or pupil is None or where is None:
            return TapResult("No contact to ask: the report has no parent the bot can reach.", show_alert=True)
        lang = reply_language(None, contact.language)
        text = tr(lang, "evidence_request", school=school.name, name=child_name(pupil), days=days_text(lang, report)) if lang != "en" else (
            f"{school.name}: please send evidence for the absence of {child_name(pupil)} on {days_text('en', report)}, "
            "such as an appointment card or letter. A photo of it sent here is fine.")
        channel, recipient = where
        text = for_channel(text, channel, lang)
        queue(session, [Outgoing(key=f"evidence-request:{report.id}", channel=channel, recipient=recipient, text=text,  # type: ignore[arg-type]
                                 kind="notice", school_id=school.id, contact_id=contact.id)], now=now)
        report.follow_ups = [*report.follow_ups, {"at": now.isoformat(), "kind": "evidence_asked", "who": f"{actor.name} ({actor.role})",
                                                  "text": "asked the parent for evidence", "code": None, "sensitive": False}]
        session.add(report)
        session.flush()
        log.info("evidence asked for report %s by staff user %s", report.id, actor.user_id)
        text, buttons = render_card(session, report)
        return TapResult("Evidence asked for; the parent has been sent the request.", text, buttons)


def attach_evidence(turn: Turn, attachment: dict[str, Any]) -> bool:
    """Attach a parent's photo or document to their latest absence report; False when there is none to attach it to."""
    pupil_ids = [p.id for p in turn.sender.pupils]
    since = turn.today - dt.timedelta(days=RECENT_DAYS)
    reports = list(turn.session.exec(
        select(AbsenceReport).where(col(AbsenceReport.pupil_id).in_(pupil_ids), AbsenceReport.intent == "absence",
                                    AbsenceReport.status != "cancelled", col(AbsenceReport.first_day) >= since)
        .order_by(col(AbsenceReport.first_day).desc(), col(AbsenceReport.id).desc())
    ).all())
    if not reports:
        return False
    asked = [r for r in reports if any(f.get("kind") == "evidence_asked" for f in r.follow_ups)
             and not any(f.get("kind") == "evidence" for f in r.follow_ups)]
    report = asked[0] if asked else reports[0]
    row = Attachment(school_id=report.school_id, report_id=report.id, inbound_id=turn.msg.inbound_id, kind=str(attachment.get("kind", "file")),
                     file_ref=str(attachment.get("file_ref", "")), mime_type=attachment.get("mime_type"),
                     file_name=attachment.get("file_name"), received_at=turn.msg.received_at)
    turn.session.add(row)
    turn.session.flush()
    label = {"photo": "photo", "document": "document", "mms": "picture message"}.get(row.kind, "file")
    entry = turn.follow_up("evidence")
    entry["text"] = f"{label} received: /evidence_{row.id}" + (f" — {turn.msg.text[:200]}" if turn.msg.text and not turn.sensitive else "")
    report.follow_ups = [*report.follow_ups, entry]
    turn.session.add(report)
    turn.session.flush()
    pupil = turn.session.get(Pupil, report.pupil_id)
    if pupil is not None:
        turn.out += card_message(turn.session, report, turn.school_of(pupil), edit=f"evidence:{turn.msg.inbound_id}")
        name = child_name(pupil)
        turn.say(tr(turn.lang, "evidence_received", thanks=greeting(turn.contact, turn.lang), name=name, day=day_label(report.first_day))
                 if turn.lang != "en" else
                 f"{greeting(turn.contact)} We have added it to the absence record of {name} ({day_label(report.first_day)}) for the office.")
    return True
