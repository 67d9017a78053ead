"""Leave requests decided (issue 15 point 1): Approve / Refuse on the card, for an admin of that school.

A leave request (holiday, wedding, religious observance, performance...) is
posted as a card with the child's attendance so far and, when the request
came later than the policy's notice period, a line that says so. An admin
taps Approve or Refuse; the decision is recorded once (a conditional update
on a pending report), the parent is told in plain words on the channel they
used, and:

- approved: every session of the requested school days is marked with the
  code of the kind of leave (`R` religious observance, `T` Traveller
  occupational travel, `C1` a performance, else `C`), audited like any staff
  decision;
- refused: nothing is marked now; when the register later shows the child
  absent without a reason (`N`) on those days, the import records `G`
  (`store.imports.register`, through `store.reports.covered_sessions`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.gsm import for_channel
from handlers.outbox import Outgoing, queue
from handlers.i18n import reply_language, tr
from handlers.parent_notices import days_text, parent_channel
from handlers.replies import child_name
from handlers.staff.actions import INVALID, Tap, TapResult, apply_decision, render_card, staff_actor
from handlers.staff.card import card_for_report, day_label
from store.attendance import pupil_attendance
from store.db import immediate_session
from store.models import AbsenceReport, Contact, Pupil
from store.policies import Policy
from store.schools import academic_year_start
from store.settings import SchoolSettings, Settings

log = logging.getLogger(__name__)

LEAVE_ROLES = frozenset({"admin"})
LEAVE_DATA = re.compile(r"^lv:([1-9][0-9]{0,9}):([ar])$")
REFUSED_CODE = "G"
RELIGIOUS = re.compile(
    r"\b(eid|diwali|divali|vaisakhi|baisakhi|gurpurab|hanukkah|chanukah|yom kippur|rosh hashanah|passover|pesach|"
    r"religious|festival|holy day|hajj|umrah|pilgrimage|first communion|confirmation|bar mitzvah|bat mitzvah|navratri|"
    r"ramadan|christening|baptism|ashura|nowruz|holi)\b", re.IGNORECASE)
TRAVELLER = re.compile(r"\b(traveller|travellers|showman|showmen|fairground|the fair|circus|travel(ling)? for work|bargee|on the road)\b", re.IGNORECASE)
PERFORMANCE = re.compile(r"\b(performance|perform|performing|filming|film shoot|acting job|casting|theatre show|tv show|licensed performance)\b", re.IGNORECASE)


def leave_kind(text: str | None) -> tuple[str, str]:
    """(code, kind) of a leave request from the parent's words."""
    words = text or ""
    if RELIGIOUS.search(words):
        return "R", "religious observance"
    if TRAVELLER.search(words):
        return "T", "Traveller occupational travel"
    if PERFORMANCE.search(words):
        return "C1", "a performance"
    return "C", "leave of absence"


def notice_days_required(policy: Policy, code: str) -> int:
    if code == "R":
        return policy.religious_notice_days or policy.leave_notice_days
    if code == "T":
        return policy.traveller_notice_days or policy.leave_notice_days
    return policy.leave_notice_days


def leave_lines(session: Session, school: SchoolSettings, report: AbsenceReport, pupil: Pupil, text: str | None) -> list[str]:
    """The card's lines for a leave request: the kind, the notice given against the policy's, attendance so far."""
    code, kind = leave_kind(text)
    asked_on = report.created_at.astimezone(school.tz).date()
    ahead = (report.first_day - asked_on).days
    needed = notice_days_required(school.resolved_policy(), code)
    lines = [f"Leave: {kind} (code {code} if approved). Asked {ahead} day(s) ahead."]
    if needed and ahead < needed:
        lines.append(f"⚠️ Inside the notice period: the policy asks for {needed} days of notice.")
    figures = pupil_attendance(session, school_id=school.id, start=academic_year_start(asked_on), end=asked_on, pupil_mis_id=pupil.mis_id)
    if figures and figures[0].summary.possible:
        s = figures[0].summary
        lines.append(f"Attendance this year so far: {100 * s.attended / s.possible:.1f}% ({s.attended} of {s.possible} sessions).")
    else:
        lines.append("Attendance this year so far: not enough register data.")
    return lines


def handle_leave_tap(engine: Engine, settings: Settings, tap: Tap, *, now: dt.datetime) -> TapResult:
    """Approve or refuse a leave request."""
    m = LEAVE_DATA.fullmatch(tap.data)
    if m is None:
        return TapResult(INVALID, show_alert=True)
    report_id, approve = int(m.group(1)), m.group(2) == "a"
    with immediate_session(engine) as session:
        report = session.get(AbsenceReport, report_id, with_for_update=True)
        if report is None or report.intent != "leave_request":
            return TapResult("That request no longer exists.", show_alert=True)
        actor = staff_actor(settings, tap, school_id=report.school_id, roles=LEAVE_ROLES)
        if isinstance(actor, TapResult):
            return actor
        school = settings.school(report.school_id)
        inbound_text = _request_text(session, report)
        code = leave_kind(inbound_text)[0] if approve else REFUSED_CODE
        won = session.execute(
            update(AbsenceReport).where(AbsenceReport.id == report.id, AbsenceReport.status == "pending").values(
                status="confirmed" if approve else "changed", reviewed_code=code, reviewed_by=actor.name,
                reviewed_role=actor.role, reviewed_at=now)
        ).rowcount  # type: ignore[attr-defined]
        session.refresh(report)
        text, buttons = render_card(session, report)
        if not won:
            return TapResult(f"Already decided ({report.reviewed_code}) by {report.reviewed_by}.", text, buttons)
        if approve:
            apply_decision(session, report, code, actor, now, reason="leave approved by the school")
        queue(session, decision_message(session, school, report, approve), now=now)
        log.info("leave request %s %s by staff user %s", report.id, "approved" if approve else "refused", actor.user_id)
        pupil = session.get(Pupil, report.pupil_id)
        note = "\n".join(leave_lines(session, school, report, pupil, inbound_text)) if pupil else None
        text, buttons = card_for_report(session, report.id or 0, note)
        return TapResult(f"{'Approved' if approve else 'Refused'}; the parent has been told.", text, buttons)


def _request_text(session: Session, report: AbsenceReport) -> str | None:
    from store.models import InboundMessage

    inbound = session.get(InboundMessage, report.inbound_id) if report.inbound_id else None
    return inbound.text if inbound is not None else report.reason_text


def decision_message(session: Session, school: SchoolSettings, report: AbsenceReport, approved: bool) -> list[Outgoing]:
    """The parent told of the decision in plain words (first name and class only)."""
    contact = session.get(Contact, report.contact_id) if report.contact_id else None
    pupil = session.get(Pupil, report.pupil_id)
    where = parent_channel(session, report, contact)
    if contact is None or pupil is None or where is None:
        return []
    days = day_label(report.first_day)
    if report.last_day and report.last_day != report.first_day:
        days = f"{days} to {day_label(report.last_day)}"
    if approved:
        text = (f"From {school.name}: the school has approved the leave of absence for {child_name(pupil)} on {days}. "
                f"It will be recorded as authorised ({report.reviewed_code}).")
    else:
        text = (f"From {school.name}: the school has not approved the leave of absence for {child_name(pupil)} on {days}. "
                f"If {child_name(pupil)} is absent on those days, it will be recorded as unauthorised ({REFUSED_CODE}). "
                "Please contact the school office if you want to discuss it.")
    lang = reply_language(None, contact.language)
    if lang != "en":
        key = "leave_approved" if approved else "leave_refused"
        text = tr(lang, key, school=school.name, name=child_name(pupil), days=days_text(lang, report),
                  code=report.reviewed_code if approved else REFUSED_CODE)
    channel, recipient = where
    text = for_channel(text, channel, lang)
    return [Outgoing(key=f"leave-decision:{report.id}", channel=channel, recipient=recipient, text=text, kind="notice",
                     school_id=school.id, contact_id=contact.id)]
