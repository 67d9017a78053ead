"""A parent's message, whatever the channel: understand it, record it, reply, and tell the office.

Input is plain data (`ParentMessage`, the matched `Contact`, the school's
settings, `now`); output is a list of `Outgoing` messages the caller queues
in the same transaction as the records written here. Replies say in plain
words what was recorded and name a child by first name only (with the reg
group): never a surname, another family's pupil, or anything from a
safeguarding alert. Staff get a card per report.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from handlers import conversation
from handlers.alerts import pupil_label, raise_alert
from handlers.outbox import Button, Outgoing
from handlers.staff.card import card_message, day_label, staff_note
from store.marks import amend_mark, create_mark, get_mark
from store.models import AbsenceReport, AttendanceMark, Contact, MarkAmendment, OutboundMessage, Pupil
from store.roster import pupils_for_contact
from store.schools import is_school_day, non_school_days, school_days
from store.settings import SchoolSettings

log = logging.getLogger(__name__)

Parser = Callable[..., Any]
REASONS = {"I": " because of illness", "M": " for a medical appointment"}
TITLES = re.compile(r"^(mr|mrs|ms|miss|mx|dr)\.?$", re.I)
COMING_IN = re.compile(r"\b(after all|coming in|bringing (him|her|them) in|back in today|in today|will be in)\b", re.I)
REPLY_KINDS = ("reply", "question")


def default_parser() -> Parser:
    """The project's NLU (`nlu.parse`)."""
    from nlu import parse

    return parse


@dataclass(frozen=True)
class ParentMessage:
    """One message from a parent: `reply_to` is the phone (sms) or chat id (telegram) to answer."""

    inbound_id: int
    channel: str
    reply_to: str
    text: str
    received_at: dt.datetime
    callback: str | None = None


@dataclass
class Turn:
    """What handling one message produces: records go to the session, messages here."""

    session: Session
    msg: ParentMessage
    contact: Contact
    school: SchoolSettings
    now: dt.datetime
    parse: Parser
    reply_cap: int
    out: list[Outgoing] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    buttons: tuple[tuple[Button, ...], ...] = ()
    #: The message a report comes from when this turn answers a question about an earlier one.
    source_inbound_id: int | None = None

    @property
    def today(self) -> dt.date:
        return self.msg.received_at.astimezone(self.school.tz).date()

    def closed(self, start: dt.date, days: int = 120) -> set[dt.date]:
        return non_school_days(self.session, school_id=self.school.id, start=start - dt.timedelta(days=7), end=start + dt.timedelta(days=days))

    def say(self, text: str) -> None:
        self.replies.append(text)


def first_name(contact: Contact) -> str:
    """The contact's first name for a greeting (titles skipped), or '' when unknown."""
    words = [w for w in contact.name.split() if not TITLES.match(w)]
    return words[0] if words else ""


def child_name(pupil: Pupil) -> str:
    """How a reply names a child: first (or preferred) name and reg group, never the surname."""
    name = pupil.preferred_name or pupil.first_name
    return f"{name} ({pupil.reg_group})" if pupil.reg_group else name


def join_names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def greeting(contact: Contact) -> str:
    name = first_name(contact)
    return f"Thanks, {name}." if name else "Thanks."


def handle_parent_message(
    session: Session, *, msg: ParentMessage, contact: Contact, school: SchoolSettings, now: dt.datetime, parse: Parser, reply_cap: int
) -> list[Outgoing]:
    """Handle one message from a matched contact; return the messages to queue."""
    turn = Turn(session, msg, contact, school, now, parse, reply_cap)
    pupils = pupils_for_contact(session, contact_id=contact.id or 0)
    if not pupils:
        turn.say(f"{greeting(contact)} Your message has been passed to the school office.")
        turn.out += staff_note(school, f"fwd:{msg.inbound_id}", forward_text(msg, contact))
        return finish(turn)
    conv = conversation.active(session, contact_id=contact.id or 0, channel=msg.channel, now=now)
    question = conversation.current_question(conv)
    if question is not None and conv is not None and answer_question(turn, conv, question, pupils):
        return finish(turn)
    if msg.callback is not None:
        turn.say("That question has already been answered or has expired. Please send a new message if anything has changed.")
        return finish(turn)
    handle_report(turn, pupils)
    return finish(turn)


def handle_report(turn: Turn, pupils: list[Pupil]) -> None:
    """Parse a new message and act on its intent."""
    proposal = turn.parse(
        turn.msg.text,
        received_at=turn.msg.received_at.astimezone(turn.school.tz),
        children=[child_for(p) for p in pupils],
        calendar=None,  # closures are checked here, so a parent is told when they name a closed day
    )
    by_id = {str(p.id): p for p in pupils}
    chosen = [by_id[i] for i in proposal.pupils if i in by_id] if isinstance(proposal.pupils, list) else []
    if proposal.safeguarding:
        raise_cue(turn, chosen or pupils if len(pupils) == 1 else chosen)
    if proposal.pupils == "ask" and proposal.intent != "other":
        ask_which_child(turn, proposal, pupils)
        return
    act_on(turn, proposal, chosen or (pupils if len(pupils) == 1 else []))


def act_on(turn: Turn, proposal: Any, chosen: list[Pupil]) -> None:
    if proposal.intent == "other" or not chosen:
        turn.say(f"{greeting(turn.contact)} Your message has been passed to the school office.")
        turn.out += staff_note(turn.school, f"fwd:{turn.msg.inbound_id}", forward_text(turn.msg, turn.contact))
    elif proposal.intent == "late":
        record_late(turn, proposal, chosen)
    elif proposal.intent == "leave_request":
        record_leave(turn, proposal, chosen)
    elif proposal.intent == "update":
        record_update(turn, proposal, chosen)
    else:
        record_absence(turn, proposal, chosen)


def child_for(pupil: Pupil) -> Any:
    from nlu import Child

    return Child(id=str(pupil.id), first_name=pupil.first_name, last_name=pupil.last_name, year=pupil.year_group, preferred_name=pupil.preferred_name)


def raise_cue(turn: Turn, pupils: list[Pupil]) -> None:
    """A safeguarding cue goes to the DSLs whatever else happens; the parent is told nothing of it."""
    c = turn.contact
    local = turn.msg.received_at.astimezone(turn.school.tz)
    details = f"Message from {c.name or 'a contact'} ({c.relationship or 'contact'}) by {turn.msg.channel} at {local:%H:%M %a %d %b}: “{turn.msg.text}”"
    targets: list[Pupil | None] = list(pupils) or [None]
    for pupil in targets:
        extra = "" if pupil is not None else " Linked pupils: " + "; ".join(pupil_label(p) for p in pupils_for_contact(turn.session, contact_id=c.id or 0))
        turn.out += raise_alert(
            turn.session, school=turn.school, pupil=pupil, kind="cue", details=details + extra,
            dedupe_key=f"cue:{turn.msg.inbound_id}:{pupil.id if pupil else 'contact'}", now=turn.now,
        )


def proposal_data(proposal: Any) -> dict[str, Any]:
    return {
        "intent": proposal.intent, "code": proposal.code, "sessions": proposal.sessions, "confidence": float(proposal.confidence),
        "first_day": proposal.first_day.isoformat() if proposal.first_day else None,
        "last_day": proposal.last_day.isoformat() if proposal.last_day else None,
        "evidence": list(proposal.evidence), "safeguarding": bool(proposal.safeguarding),
    }


@dataclass(frozen=True)
class StoredProposal:
    """A proposal kept in conversation state while a question is answered."""

    intent: str
    code: str | None
    sessions: str | None
    confidence: float
    first_day: dt.date | None
    last_day: dt.date | None
    evidence: list[str]
    safeguarding: bool
    pupils: list[str] | str = "ask"

    @classmethod
    def load(cls, data: dict[str, Any]) -> StoredProposal:
        days = {k: dt.date.fromisoformat(data[k]) if data.get(k) else None for k in ("first_day", "last_day")}
        return cls(data["intent"], data["code"], data["sessions"], data["confidence"], days["first_day"], days["last_day"], data["evidence"], data["safeguarding"])


def ask_which_child(turn: Turn, proposal: Any, pupils: list[Pupil]) -> None:
    question = {
        "kind": "which_child", "id": turn.msg.inbound_id, "text": turn.msg.text,
        "options": [p.id for p in pupils], "proposal": proposal_data(proposal),
    }
    if conversation.enqueue(turn.session, contact_id=turn.contact.id or 0, channel=turn.msg.channel, question=question, now=turn.now):
        prompt_question(turn, question, pupils, lead=greeting(turn.contact))
    else:
        turn.say(f"{greeting(turn.contact)} We have your message and will ask about it once you have answered our first question.")


def prompt_question(turn: Turn, question: dict[str, Any], pupils: list[Pupil] | None = None, lead: str = "") -> None:
    """Ask a queued question (SMS: numbered options; Telegram: buttons)."""
    lead = f"{lead} " if lead else ""
    if question["kind"] == "reason":
        turn.say(f"{lead}Can you tell us the reason {question['names']} is off? A short reply is fine.")
        return
    options = pupils or [p for p in (turn.session.get(Pupil, i) for i in question["options"]) if p is not None]
    names = [p.preferred_name or p.first_name for p in options]
    if turn.msg.channel == "telegram":
        turn.say(f"{lead}Which child is this about?")
        row = [Button(n, f"pc:{question['id']}:{i + 1}") for i, n in enumerate(names)]
        both = (Button("Both" if len(names) == 2 else "All of them", f"pc:{question['id']}:{len(names) + 1}"),)
        turn.buttons = (tuple(row), both)
        return
    choices = [f"{i + 1} for {n}" for i, n in enumerate(names)] + [f"{len(names) + 1} for {'both' if len(names) == 2 else 'all'}"]
    turn.say(f"{lead}Which child is this about? Reply {join_names(choices).replace(' and ', ' or ')}, or their name.")


def answer_question(turn: Turn, conv: Any, question: dict[str, Any], pupils: list[Pupil]) -> bool:
    """Try the message as the answer to the waiting question; False when it is something new."""
    if question["kind"] == "which_child":
        options = [p for p in pupils if p.id in question["options"]]
        answer = turn.msg.text
        if turn.msg.callback is not None:
            prefix = f"pc:{question['id']}:"
            if not turn.msg.callback.startswith(prefix):
                return False
            answer = turn.msg.callback.removeprefix(prefix)
        chosen = conversation.choose_children(answer, options)
        if chosen is None and turn.msg.callback is None and len(answer.split()) <= 4:
            chosen = named_by_nlu(turn, answer, options)
        if chosen is None or (turn.msg.callback is None and len(answer.split()) > 4):
            return False
        nxt = conversation.pop_question(turn.session, conv, turn.now)
        turn.source_inbound_id = question["id"]
        act_on(turn, StoredProposal.load(question["proposal"]), chosen)
        if nxt is not None:
            prompt_question(turn, nxt)
        return True
    return answer_reason(turn, conv, question, pupils)


def named_by_nlu(turn: Turn, answer: str, options: list[Pupil]) -> list[Pupil] | None:
    """Nicknames and misspellings ("ollie") resolved by the NLU's name matching."""
    proposal = turn.parse(answer, received_at=turn.msg.received_at.astimezone(turn.school.tz), children=[child_for(p) for p in options], calendar=None)
    if not isinstance(proposal.pupils, list) or not proposal.pupils or len(options) == 1:
        return None
    return [p for p in options if str(p.id) in proposal.pupils] or None


def answer_reason(turn: Turn, conv: Any, question: dict[str, Any], pupils: list[Pupil]) -> bool:
    reports = [r for r in (turn.session.get(AbsenceReport, i) for i in question["report_ids"]) if r is not None]
    if not reports or turn.msg.callback is not None:
        return False
    awaited = {str(r.pupil_id) for r in reports}
    children = [child_for(p) for p in pupils if str(p.id) in awaited]
    proposal = turn.parse(turn.msg.text, received_at=turn.msg.received_at.astimezone(turn.school.tz), children=children, calendar=None)
    if proposal.intent in ("late", "leave_request") or (proposal.first_day and proposal.first_day > reports[0].first_day and proposal.intent == "absence" and proposal.code == "N"):
        return False
    if proposal.safeguarding:
        raise_cue(turn, [p for p in pupils if str(p.id) in awaited])
    code = proposal.code if proposal.code in ("I", "M") else None
    for report in reports:
        apply_reason(turn, report, code, turn.msg.text)
    nxt = conversation.pop_question(turn.session, conv, turn.now)
    reason = REASONS.get(code or "", "")
    turn.say(f"{greeting(turn.contact)} We have added that{(' (' + reason.strip() + ')') if reason else ''} to the absence record. The office will confirm.")
    if nxt is not None:
        prompt_question(turn, nxt)
    return True


def apply_reason(turn: Turn, report: AbsenceReport, code: str | None, text: str) -> None:
    report.reason_text = text
    if code is not None and report.proposed_code == "N":
        report.proposed_code = code
        for mark in turn.session.exec(select(AttendanceMark).where(AttendanceMark.report_id == report.id)):
            if mark.status == "provisional" and mark.code == "N":
                amend_mark(turn.session, mark=mark, code=code, reason=f"reason from parent: {text[:200]}", who=turn.contact.name or "parent", role="parent", report_id=report.id, at=turn.now)
    turn.session.add(report)
    turn.session.flush()
    turn.out += card_message(turn.session, report, turn.school, edit=f"reason:{turn.msg.inbound_id}")


def covered_days(turn: Turn, first: dt.date | None, last: dt.date | None) -> tuple[list[dt.date], dt.date]:
    """School days an absence covers; a message on a closed day about 'today' means the next school day."""
    day = first or turn.today
    closed = turn.closed(day)
    if day == turn.today and not is_school_day(day, closed) and (last is None or last <= day):
        while not is_school_day(day, closed):
            day += dt.timedelta(days=1)
        return [day], day
    end = max(last or day, day)
    return school_days(day, end, closed), day


def sessions_for(day_index: int, sessions: str | None) -> list[str]:
    s = sessions if day_index == 0 else "ALL"
    return {"AM": ["AM"], "PM": ["PM"]}.get(s or "ALL", ["AM", "PM"])


def put_mark(turn: Turn, pupil: Pupil, day: dt.date, sess: str, code: str, report: AbsenceReport) -> None:
    """Create the provisional mark, or amend one that a parent report may still change."""
    mark = get_mark(turn.session, pupil_id=pupil.id or 0, date=day, sess=sess)
    reason = f"parent report #{report.id}"
    if mark is None:
        create_mark(turn.session, pupil_id=pupil.id or 0, date=day, sess=sess, code=code, source="parent", reason=reason, report_id=report.id, at=turn.now)
        return
    changeable = mark.status == "provisional" and (mark.code == "N" or mark.source == "parent")
    if changeable and not (code == "N" and mark.code in ("I", "M")):
        amend_mark(turn.session, mark=mark, code=code, reason=reason, who=turn.contact.name or "parent", role="parent", source="parent", report_id=report.id, at=turn.now)


STATED_REASON = re.compile(r'^reason: "(?P<reason>[^"]+)" \(not illness or medical\)$')


def stated_reason(evidence: Sequence[str]) -> str | None:
    """The non-medical reason the parent gave (from the NLU's evidence), or None when they gave none."""
    for line in evidence:
        match = STATED_REASON.match(line)
        if match:
            return match.group("reason")
    return None


def new_report(turn: Turn, pupil: Pupil, proposal: Any, intent: str, first: dt.date, last: dt.date | None, code: str | None) -> AbsenceReport:
    report = AbsenceReport(
        school_id=turn.school.id, pupil_id=pupil.id or 0, contact_id=turn.contact.id,
        inbound_id=turn.source_inbound_id or turn.msg.inbound_id, intent=intent, reason_text=stated_reason(proposal.evidence),
        first_day=first, last_day=last, sessions=proposal.sessions or "ALL", proposed_code=code,
        confidence=float(proposal.confidence), evidence=list(proposal.evidence), created_at=turn.now,
    )
    turn.session.add(report)
    turn.session.flush()
    return report


def when_text(turn: Turn, days: list[dt.date]) -> str:
    first = days[0]
    rel = {turn.today: "today, ", turn.today + dt.timedelta(days=1): "tomorrow, "}.get(first, "on ")
    if len(days) == 1:
        return f"{rel}{day_label(first)}"
    return f"from {day_label(first)} to {day_label(days[-1])}"


def record_absence(turn: Turn, proposal: Any, pupils: list[Pupil]) -> None:
    """Reports and provisional marks for each child; one plain reply; a card each; ask a reason once if none."""
    code = proposal.code if proposal.code in ("I", "M", "N") else "N"
    recorded: list[tuple[Pupil, AbsenceReport, list[dt.date]]] = []
    for pupil in pupils:
        days, first = covered_days(turn, proposal.first_day, proposal.last_day)
        if not days:
            turn.say(f"{greeting(turn.contact)} School is closed on {day_label(first)}, so there is nothing to record for {child_name(pupil)}.")
            continue
        last = days[-1] if proposal.last_day is not None else None
        report = new_report(turn, pupil, proposal, "absence", days[0], last, code)
        for i, day in enumerate(days):
            for sess in sessions_for(i, proposal.sessions):
                put_mark(turn, pupil, day, sess, code, report)
        turn.out += card_message(turn.session, report, turn.school)
        recorded.append((pupil, report, days))
    if not recorded:
        return
    names = join_names([child_name(p) for p, _, _ in recorded])
    verb = "is" if len(recorded) == 1 else "are"
    part = {"AM": " for the morning", "PM": " for the afternoon"}.get(proposal.sessions or "ALL", "")
    when = when_text(turn, recorded[0][2])
    reason = f",{REASONS[code]}" if code in REASONS else ""
    text = f"{greeting(turn.contact)} {names} {verb} recorded as absent{part} {when}{reason}. The office will confirm."
    turn.say(text)
    if code == "N" and stated_reason(proposal.evidence) is None:
        ask_reason(turn, [r for _, r, _ in recorded], [p for p, _, _ in recorded])


def ask_reason(turn: Turn, reports: list[AbsenceReport], pupils: list[Pupil]) -> None:
    question = {"kind": "reason", "id": turn.msg.inbound_id, "report_ids": [r.id for r in reports],
                "names": join_names([p.preferred_name or p.first_name for p in pupils])}
    if conversation.enqueue(turn.session, contact_id=turn.contact.id or 0, channel=turn.msg.channel, question=question, now=turn.now):
        prompt_question(turn, question)


def after_close(turn: Turn, day: dt.date) -> bool:
    policy = turn.school.resolved_policy()
    local = turn.msg.received_at.astimezone(turn.school.tz)
    closes = dt.datetime.combine(day, policy.register_closes, tzinfo=turn.school.tz) + dt.timedelta(minutes=policy.late_unauthorised_after_minutes)
    return day == local.date() and local > closes


def record_late(turn: Turn, proposal: Any, pupils: list[Pupil]) -> None:
    day = proposal.first_day or turn.today
    late_after_close = after_close(turn, day)
    note = "Arriving after the register closed: counts as U unless a reason changes it." if late_after_close else "Expected late, before the register closes."
    for pupil in pupils:
        report = new_report(turn, pupil, proposal, "late", day, day, "U" if late_after_close else "L")
        turn.out += card_message(turn.session, report, turn.school, note=note)
    when = "today" if day == turn.today else f"on {day_label(day)}"
    names = join_names([child_name(p) for p in pupils])
    text = f"{greeting(turn.contact)} We have noted that {names} will be late {when}. Please sign in at the school office on arrival."
    if late_after_close:
        text += " The register has closed, so this may count as an unauthorised late."
    turn.say(text)


def record_leave(turn: Turn, proposal: Any, pupils: list[Pupil]) -> None:
    first = proposal.first_day or turn.today
    for pupil in pupils:
        report = new_report(turn, pupil, proposal, "leave_request", first, proposal.last_day, None)
        turn.out += card_message(turn.session, report, turn.school, note="Leave request: the headteacher decides; no marks recorded.")
    process = turn.school.resolved_policy().leave_of_absence_process or "Please ask the school office how to request leave."
    turn.say(f"{greeting(turn.contact)} {process} The office has been told of your request.")


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
        report = latest_report(turn.session, pupil, day)
        if report is None:
            if proposal.last_day is None and not COMING_IN.search(turn.msg.text):
                record_absence(turn, _as_absence(proposal), [pupil])
                continue
            turn.out += staff_note(turn.school, f"upd:{turn.msg.inbound_id}:{pupil.id}", update_note(turn, pupil, "no open absence report found"))
            continue
        change = apply_update(turn, proposal, pupil, report, day)
        turn.out += staff_note(turn.school, f"upd:{turn.msg.inbound_id}:{pupil.id}", update_note(turn, pupil, change, report))
        turn.out += card_message(turn.session, report, turn.school, note=f"Update from parent: {change}", edit=f"upd:{turn.msg.inbound_id}")
    names = join_names([p.preferred_name or p.first_name for p in pupils])
    turn.say(f"{greeting(turn.contact)} We have passed your update about {names} to the school office.")


def _as_absence(proposal: Any) -> Any:
    return StoredProposal("absence", proposal.code or "N", proposal.sessions or "ALL", float(proposal.confidence), proposal.first_day, proposal.first_day, list(proposal.evidence), bool(proposal.safeguarding))


def apply_update(turn: Turn, proposal: Any, pupil: Pupil, report: AbsenceReport, day: dt.date) -> str:
    if proposal.last_day is not None:
        report.last_day = max(proposal.last_day, report.first_day)
        dropped = drop_marks_after(turn.session, report, report.last_day)
        for i, d in enumerate(school_days(report.first_day, report.last_day, turn.closed(report.first_day))):
            for sess in sessions_for(i, report.sessions):
                put_mark(turn, pupil, d, sess, report.proposed_code or "N", report)
        turn.session.add(report)
        return f"absent until {day_label(report.last_day)}, back after that" + (f" ({dropped} later provisional session(s) removed)" if dropped else "")
    if COMING_IN.search(turn.msg.text):
        return f"says the pupil is coming in after all on {day_label(day)}: check the register"
    if is_school_day(day, turn.closed(day)):
        for sess in ("AM", "PM"):
            put_mark(turn, pupil, day, sess, report.proposed_code or "N", report)
        if report.last_day is not None and report.last_day < day:
            report.last_day = day
            turn.session.add(report)
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


def update_note(turn: Turn, pupil: Pupil, change: str, report: AbsenceReport | None = None) -> str:
    ref = f" (report #{report.id})" if report else ""
    return (
        f"<b>Update from parent</b>{ref}\nPupil: <b>{html.escape(pupil_label(pupil))}</b>\n{html.escape(change)}\n"
        f"Message: <i>{html.escape(turn.msg.text)}</i>\nFrom: {html.escape(turn.contact.name or turn.contact.mis_id)}"
    )


def forward_text(msg: ParentMessage, contact: Contact | None) -> str:
    """A message for staff to handle by hand (unknown sender, or nothing the bot can record)."""
    who = html.escape(f"{contact.name} ({contact.relationship or 'contact'})") if contact else "an unrecognised sender"
    return f"<b>Message to handle by hand</b>\nFrom {who} by {msg.channel}: {html.escape(msg.reply_to)}\n<i>{html.escape(msg.text)}</i>"


def replies_today(session: Session, recipient: str, since: dt.datetime) -> int:
    stmt = select(func.count()).select_from(OutboundMessage).where(
        OutboundMessage.recipient == recipient, OutboundMessage.kind.in_(REPLY_KINDS), OutboundMessage.created_at >= since  # type: ignore[attr-defined]
    )
    return int(session.exec(stmt).one())


def capped(session: Session, *, school: SchoolSettings, channel: str, recipient: str, received_at: dt.datetime, now: dt.datetime, cap: int, inbound_id: int) -> tuple[bool, list[Outgoing]]:
    """Whether the sender has had `cap` replies today; the first time, staff are shown the flood."""
    local = received_at.astimezone(school.tz)
    since = dt.datetime.combine(local.date(), dt.time(0), tzinfo=school.tz)
    if replies_today(session, recipient, since) < cap:
        return False, []
    details = f"More than {cap} messages today from {recipient} ({channel}); replies stopped until tomorrow. Latest message #{inbound_id}."
    return True, raise_alert(session, school=school, pupil=None, kind="flood", details=details, dedupe_key=f"flood:{school.id}:{recipient}:{local.date()}", now=now)


def finish(turn: Turn) -> list[Outgoing]:
    """Turn the collected reply text into one reply message (subject to the daily cap)."""
    if turn.replies:
        over, alert = capped(turn.session, school=turn.school, channel=turn.msg.channel, recipient=turn.msg.reply_to, received_at=turn.msg.received_at, now=turn.now, cap=turn.reply_cap, inbound_id=turn.msg.inbound_id)
        turn.out += alert
        if not over:
            turn.out.append(reply_message(turn.msg, " ".join(turn.replies), school_id=turn.school.id, contact_id=turn.contact.id, buttons=turn.buttons))
    return turn.out


def reply_message(msg: ParentMessage, text: str, *, school_id: str | None, contact_id: int | None, n: int = 1, buttons: tuple[tuple[Button, ...], ...] = (), request_contact: str | None = None) -> Outgoing:
    """The reply on the channel the message came in on (idempotency key from the inbound id)."""
    return Outgoing(
        key=f"reply:{msg.inbound_id}:{n}", channel="telegram" if msg.channel == "telegram" else "sms", recipient=msg.reply_to,
        text=text, kind="reply", school_id=school_id, contact_id=contact_id, buttons=buttons, request_contact=request_contact,
    )
