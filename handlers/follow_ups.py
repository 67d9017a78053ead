"""A parent's later messages about a report: the reason asked for, "still off", "back on Thursday", "coming in".

While the report is undecided, a reason can turn a provisional `N` into `I`
or `M`. After staff decided it, nothing here changes a code: the message is
added to the card, the staff chat is told, and sessions the update adds are
marked provisionally at the staff's code for them to confirm.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from handlers import conversation, replies
from handlers.cues import raise_cue
from handlers.outbox import Outgoing
from handlers.questions import StoredProposal, child_for, prompt_question
from handlers.recording import decided, record_absence, tell_staff, write_marks
from handlers.staff.card import card_message, day_label, staff_note
from handlers.staff.notes import update_note
from handlers.turn import Turn
from store.models import AbsenceReport, AttendanceMark, Conversation, MarkAmendment, Pupil
from store.schools import is_school_day

COMING_IN = re.compile(r"\b(after all|coming in|bringing (him|her|them) in|back in today|in today|will be in)\b", re.I)


def answer_reason(turn: Turn, conv: Conversation, question: dict[str, Any]) -> bool:
    """Read the message as the reason asked for; False when it is something new (a new report, late, leave)."""
    reports = [r for r in (turn.session.get(AbsenceReport, i) for i in question["report_ids"]) if r is not None]
    if not reports or turn.msg.callback is not None:
        return False
    awaited = {r.pupil_id for r in reports}
    pupils = [p for p in turn.sender.pupils if p.id in awaited]
    proposal = turn.parse(turn.msg.text, received_at=turn.local, children=[child_for(p) for p in pupils], calendar=None)
    later_day = proposal.first_day and proposal.first_day > reports[0].first_day and proposal.intent == "absence" and proposal.code == "N"
    if proposal.intent in ("late", "leave_request") or later_day:
        return False
    if proposal.safeguarding:
        raise_cue(turn, pupils)
    code = proposal.code if proposal.code in ("I", "M") else None
    for report in reports:
        pupil = next((p for p in pupils if p.id == report.pupil_id), None)
        if pupil is not None:
            apply_reason(turn, report, pupil, code)
    nxt = conversation.pop_question(turn.session, conv, turn.now)
    turn.say(replies.reason_added(turn.contact, code, turn.lang))
    if nxt is not None:
        prompt_question(turn, nxt)
    return True


def apply_reason(turn: Turn, report: AbsenceReport, pupil: Pupil, code: str | None) -> None:
    """Keep the parent's reason; while undecided it may turn `N` into `I`/`M`; after a decision it is only shown."""
    words = turn.words()
    if decided(report):
        report.follow_ups = [*report.follow_ups, turn.follow_up("reason", code)]
        if report.reason_text is None and words:
            report.reason_text = words
        turn.session.add(report)
        turn.session.flush()
        tell_staff(turn, report, pupil, code, edit=f"reason:{turn.msg.inbound_id}")
        return
    if words:
        report.reason_text = words
        for mark in marks_of(turn.session, report):
            mark.reason = words
            turn.session.add(mark)
    if code is not None and report.proposed_code == "N":
        report.proposed_code = code
    turn.session.add(report)
    turn.session.flush()
    write_marks(turn, pupil, report)
    tell_staff(turn, report, pupil, None, edit=f"reason:{turn.msg.inbound_id}")


def marks_of(session: Session, report: AbsenceReport) -> list[AttendanceMark]:
    return list(session.exec(select(AttendanceMark).where(AttendanceMark.report_id == report.id, AttendanceMark.status == "provisional")))


def latest_report(session: Session, pupil: Pupil, day: dt.date) -> AbsenceReport | None:
    stmt = (
        select(AbsenceReport)
        .where(AbsenceReport.pupil_id == pupil.id, AbsenceReport.intent == "absence", AbsenceReport.status != "cancelled", AbsenceReport.first_day <= day)
        .order_by(AbsenceReport.first_day.desc(), AbsenceReport.id.desc())  # type: ignore[attr-defined]
    )
    return session.exec(stmt).first()


def record_update(turn: Turn, proposal: Any, pupils: list[Pupil]) -> None:
    """Still off, back on a day, or coming in after all: adjust the open report and tell staff."""
    day = proposal.first_day or turn.today
    for pupil in pupils:
        school = turn.school_of(pupil)
        contact = turn.contact_for(pupil)
        report = latest_report(turn.session, pupil, day)
        key = f"upd:{turn.msg.inbound_id}:{pupil.id}"
        if report is None:
            if proposal.last_day is None and not COMING_IN.search(turn.msg.text):
                record_absence(turn, as_absence(proposal), [pupil])
                continue
            turn.out += staff_note(school, key, update_note(pupil, "no open absence report found", text=turn.msg.text, contact=contact, sensitive=turn.sensitive))
            continue
        change = apply_update(turn, proposal, pupil, report, day)
        report.follow_ups = [*report.follow_ups, turn.follow_up("update")]
        turn.session.add(report)
        turn.out += staff_note(school, key, update_note(pupil, change, text=turn.msg.text, contact=contact, report=report, sensitive=turn.sensitive))
        turn.out += card_edit(turn, report, pupil, change)
    turn.say(replies.update_passed(turn.contact, pupils, turn.lang))


def card_edit(turn: Turn, report: AbsenceReport, pupil: Pupil, change: str) -> list[Outgoing]:
    return card_message(turn.session, report, turn.school_of(pupil), note=f"Update from parent: {change}", edit=f"upd:{turn.msg.inbound_id}")


def as_absence(proposal: Any) -> StoredProposal:
    return StoredProposal("absence", proposal.code or "N", proposal.sessions or "ALL", float(proposal.confidence), proposal.first_day, proposal.first_day, list(proposal.evidence), bool(proposal.safeguarding))


def apply_update(turn: Turn, proposal: Any, pupil: Pupil, report: AbsenceReport, day: dt.date) -> str:
    if proposal.last_day is not None:
        report.last_day = max(proposal.last_day, report.first_day)
        dropped = drop_marks_after(turn.session, report, report.last_day)
        turn.session.add(report)
        turn.session.flush()
        write_marks(turn, pupil, report)
        return f"absent until {day_label(report.last_day)}, back after that" + (f" ({dropped} later provisional session(s) removed)" if dropped else "")
    if COMING_IN.search(turn.msg.text):
        return f"says the pupil is coming in after all on {day_label(day)}: check the register"
    if is_school_day(day, turn.closed(turn.school_of(pupil), day)):
        if day > (report.last_day or report.first_day):
            report.last_day = day
            turn.session.add(report)
            turn.session.flush()
        write_marks(turn, pupil, report)
    return f"still off on {day_label(day)}"


def drop_marks_after(session: Session, report: AbsenceReport, last: dt.date) -> int:
    """Remove provisional parent marks of this report after its new last day, unless already amended."""
    stmt = select(AttendanceMark).where(AttendanceMark.report_id == report.id, AttendanceMark.date > last, AttendanceMark.status == "provisional", AttendanceMark.source == "parent")
    dropped = 0
    for mark in session.exec(stmt):
        amended = session.exec(select(func.count()).select_from(MarkAmendment).where(MarkAmendment.mark_id == mark.id)).one()
        if not amended:
            session.delete(mark)
            dropped += 1
    session.flush()
    return dropped

