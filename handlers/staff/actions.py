"""Staff taps on a report card: confirm the proposed code, change it, list the other codes, add a reason.

`callback_data` comes from the client and can be forged, so it is parsed
strictly, and every tap is checked against the configured staff for the
report's school and that school's staff chat after the report is reloaded
from the database. Each mark of the report changes only through
`store.marks.amend_mark`. The report row is locked for the whole action
(BEGIN IMMEDIATE on SQLite, SELECT … FOR UPDATE on PostgreSQL) and moves
pending → confirmed with a conditional UPDATE, so a double tap or two staff
at once produce one amendment.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.activity import activity, local_time
from handlers.outbox import Button, queue
from handlers.parent_notices import unauthorised_notice
from handlers.staff.access import CHANGE_ROLES, CONFIRM_ROLES, Actor, NotAllowed, authorise, local_clock
from handlers.staff.card import CHANGE_CODES, card_for_report, current_code, school_zone
from store.codes import CODES, PRESENT_CODES
from store.db import immediate_session
from store.models import AbsenceReport, AttendanceMark, MarkAmendment, Pupil, StaffReasonRequest
from store.reports import covered_sessions
from store.marks import amend_mark, create_mark, get_mark
from store.settings import SchoolSettings, Settings

log = logging.getLogger(__name__)

#: Codes that say the pupil attended the session: a decision about an absence never overwrites them.
ATTENDED = PRESENT_CODES | {"L"}

Buttons = tuple[tuple[Button, ...], ...]
ActionKind = Literal["confirm", "change", "more", "back", "reason"]

COMMON_CODES = CHANGE_CODES
#: Present marks are per session and whole-school/prospective codes never fit one pupil's report.
NOT_OFFERED = frozenset({"/", "\\", "#", "Z"})
OTHER_CODES = tuple(c for c in CODES if c not in COMMON_CODES and c not in NOT_OFFERED)
CHANGEABLE = frozenset(COMMON_CODES + OTHER_CODES)
REASON_MINUTES = 10
MAX_REASON_CHARS = 500

_ID = r"([1-9][0-9]{0,9})"
_SIMPLE = re.compile(rf"^(cf|more|bk|rs):{_ID}$")
_CHANGE = re.compile(rf"^cc:{_ID}:([A-Z0-9]{{1,2}})$")
_KINDS: dict[str, ActionKind] = {"cf": "confirm", "more": "more", "bk": "back", "rs": "reason"}

INVALID = "This button is not valid any more."
GONE = "That report no longer exists."
NOT_THIS_CARD = "That button does not belong to this card, so nothing was changed. Use /pending to find the report."


@dataclass(frozen=True)
class CardAction:
    kind: ActionKind
    report_id: int
    code: str | None = None


@dataclass(frozen=True)
class Tap:
    """An inline-button press as the transport saw it: who, where, which message, what data."""

    user_id: int
    chat_id: int
    data: str
    message_id: int | None = None
    #: The text of the message the button was on, as Telegram sent it (None: not known, e.g. the demo).
    message_text: str | None = None


@dataclass(frozen=True)
class TapResult:
    """What to show: a short notice to the tapper and, when `text` is set, the card edited in place."""

    notice: str
    text: str | None = None
    buttons: Buttons = ()
    show_alert: bool = False


def parse_card_data(data: str) -> CardAction | None:
    """The action a card button asks for, or None for anything that is not exactly one of ours."""
    if m := _SIMPLE.fullmatch(data):
        return CardAction(_KINDS[m.group(1)], int(m.group(2)))
    if (m := _CHANGE.fullmatch(data)) and m.group(2) in CHANGEABLE:
        return CardAction("change", int(m.group(1)), m.group(2))
    return None


def handle_card_tap(engine: Engine, settings: Settings, tap: Tap, *, now: dt.datetime) -> TapResult:
    """Apply one card button press, or refuse it (logged) without touching the data."""
    action = parse_card_data(tap.data)
    if action is None:
        log.warning("refused card callback with unknown data from user %s in chat %s", tap.user_id, tap.chat_id)
        return TapResult(INVALID, show_alert=True)
    if tap.message_text is not None and not on_its_card(tap.message_text, action.report_id):
        log.warning("refused card callback for report %s sent from another message by user %s", action.report_id, tap.user_id)
        return TapResult(NOT_THIS_CARD, show_alert=True)
    with immediate_session(engine) as session:
        report = _locked_report(session, action.report_id)
        if report is None:
            log.warning("card callback for missing report %s from user %s", action.report_id, tap.user_id)
            return TapResult(GONE, show_alert=True)
        roles = CHANGE_ROLES if action.kind == "change" else CONFIRM_ROLES
        try:
            actor = authorise(
                settings, user_id=tap.user_id, chat_id=tap.chat_id, school_id=report.school_id, roles=roles, chats=("staff",)
            )
        except NotAllowed as refusal:
            return TapResult(refusal.notice, show_alert=True)
        return _apply(session, action, report, actor, tap, now, settings.school(report.school_id))


def staff_actor(settings: Settings, tap: Tap, *, school_id: str, roles: frozenset[str]) -> Actor | TapResult:
    """The tapper as staff of `school_id` with one of `roles`, in its staff chat; else the refusal to show them."""
    try:
        return authorise(settings, user_id=tap.user_id, chat_id=tap.chat_id, school_id=school_id, roles=roles, chats=("staff",))
    except NotAllowed as refusal:
        return TapResult(refusal.notice, show_alert=True)


def on_its_card(message_text: str, report_id: int) -> bool:
    """The button was on the card of this report: its first line names the report ("… · report #12")."""
    first_line = message_text.split("\n", 1)[0]
    return re.search(rf"\breport #{report_id}\b", first_line) is not None


def _apply(
    session: Session, action: CardAction, report: AbsenceReport, actor: Actor, tap: Tap, now: dt.datetime, school: SchoolSettings,
) -> TapResult:
    if action.kind == "confirm":
        return _confirm(session, report, actor, now)
    if action.kind == "change":
        assert action.code is not None
        return _change(session, report, actor, action.code, now, school)
    if action.kind == "more":
        return _other_codes(session, report)
    if action.kind == "back":
        text, buttons = render_card(session, report)
        return TapResult("Back to the card.", text, buttons)
    return _ask_reason(session, report, actor, tap, now)


def _locked_report(session: Session, report_id: int) -> AbsenceReport | None:
    stmt = select(AbsenceReport).where(AbsenceReport.id == report_id).with_for_update()
    return session.execute(stmt).scalar_one_or_none()


def marks_of(session: Session, report_id: int) -> list[AttendanceMark]:
    stmt = select(AttendanceMark).where(AttendanceMark.report_id == report_id).order_by(AttendanceMark.date, AttendanceMark.session)
    return list(session.execute(stmt).scalars())


def _confirm(session: Session, report: AbsenceReport, actor: Actor, now: dt.datetime) -> TapResult:
    """Confirm the code the report stands at on every session it covers (also sessions added after a decision)."""
    assert report.id is not None
    code = current_code(report) or _marks_code(session, report.id) or "N"
    won = session.execute(
        update(AbsenceReport)
        .where(AbsenceReport.id == report.id, AbsenceReport.status == "pending")
        .values(status="confirmed", reviewed_code=code, reviewed_by=actor.name, reviewed_role=actor.role, reviewed_at=now)
    ).rowcount  # type: ignore[attr-defined]
    session.refresh(report)
    if not won and not _unconfirmed_marks(session, report):
        text, buttons = render_card(session, report)
        return TapResult(_already(session, report), text, buttons)
    if not won:
        session.execute(update(AbsenceReport).where(AbsenceReport.id == report.id).values(reviewed_by=actor.name, reviewed_role=actor.role, reviewed_at=now))
        session.refresh(report)
    apply_decision(session, report, code, actor, now, reason="confirmed by staff")
    log.info("report %s confirmed as %s by staff user %s", report.id, code, actor.user_id)
    text, buttons = render_card(session, report)
    return TapResult(f"Confirmed {code}.", text, buttons)


def _change(session: Session, report: AbsenceReport, actor: Actor, code: str, now: dt.datetime, school: SchoolSettings) -> TapResult:
    assert report.id is not None
    before = current_code(report)
    if report.status == "cancelled":
        return TapResult("That report was cancelled.", show_alert=True)
    if report.status != "pending" and report.reviewed_code == code and not _unconfirmed_marks(session, report):
        text, buttons = render_card(session, report)
        return TapResult(_already(session, report), text, buttons)
    session.execute(
        update(AbsenceReport)
        .where(AbsenceReport.id == report.id)
        .values(status="changed", reviewed_code=code, reviewed_by=actor.name, reviewed_role=actor.role, reviewed_at=now)
    )
    session.refresh(report)
    apply_decision(session, report, code, actor, now)
    queue(session, unauthorised_notice(session, school, report, code, before), now=now)
    log.info("report %s changed to %s by staff user %s", report.id, code, actor.user_id)
    text, buttons = render_card(session, report)
    return TapResult(f"Changed to {code}.", text, buttons)


def apply_decision(session: Session, report: AbsenceReport, code: str, actor: Actor, now: dt.datetime, reason: str | None = None) -> None:
    """The staff code on every session the report covers, whatever source set each mark before."""
    assert report.id is not None
    pupil = session.get(Pupil, report.pupil_id)
    activity(
        "staff.decision", school=report.school_id, pupil=pupil.mis_id if pupil else None, report=report.id, code=code,
        by=actor.name, role=actor.role, at=local_time(now, actor.school.tz),
    )
    for day, sess in covered_sessions(session, report):
        mark = get_mark(session, pupil_id=report.pupil_id, date=day, sess=sess)
        if mark is None:
            create_mark(
                session, pupil_id=report.pupil_id, date=day, sess=sess, code=code, source="staff", status="confirmed",
                reason=report.reason_text, report_id=report.id, updated_by=actor.name, at=now,
            )
            continue
        if mark.code in ATTENDED:
            continue  # the register says the pupil was in for this session: the decision is about the absence
        why = reason or f"changed by staff from {mark.code} to {code}"
        source = "staff" if mark.code != code else None
        amend_mark(session, mark=mark, code=code, status="confirmed", reason=why, who=actor.name, role=actor.role, source=source, report_id=report.id, at=now)
        if mark.report_id != report.id:
            mark.report_id = report.id
            session.add(mark)
    for mark in marks_of(session, report.id):
        if mark.code in ATTENDED:
            continue
        # Marks once attached to the report but outside what it covers now (rare: a shortened report) are decided too.
        amend_mark(session, mark=mark, code=code, status="confirmed", reason=reason or f"changed by staff from {mark.code} to {code}", who=actor.name, role=actor.role, at=now)


def _unconfirmed_marks(session: Session, report: AbsenceReport) -> bool:
    if report.id is None:
        return False
    covered = covered_sessions(session, report)
    marks = {(m.date, m.session): m for m in marks_of(session, report.id)}
    return any(key not in marks or marks[key].status == "provisional" for key in covered)


def _marks_code(session: Session, report_id: int) -> str | None:
    marks = marks_of(session, report_id)
    return marks[0].code if marks else None


def _already(session: Session, report: AbsenceReport) -> str:
    verb = "confirmed" if report.status == "confirmed" else "changed to"
    when = _reviewed_clock(session, report)
    return f"Already {verb} {report.reviewed_code} by {report.reviewed_by} {when}".rstrip() + "."


def _other_codes(session: Session, report: AbsenceReport) -> TapResult:
    assert report.id is not None
    text, card = render_card(session, report)
    on_card = {b.data.rsplit(":", 1)[-1] for row in card for b in row if b.data.startswith("cc:")}
    others = [c for c in COMMON_CODES + OTHER_CODES if c not in on_card and c != current_code(report)]
    legend = "\n".join(f"<b>{html.escape(c)}</b> {html.escape(CODES[c].meaning[:60])}" for c in others)
    row_size = 6
    codes = [Button(c, f"cc:{report.id}:{c}") for c in others]
    rows = [tuple(codes[i : i + row_size]) for i in range(0, len(codes), row_size)]
    rows.append((Button("« Back", f"bk:{report.id}"),))
    return TapResult("Pick a code.", f"{text}\n\n<i>Other codes:</i>\n{legend}", tuple(rows))


def _ask_reason(session: Session, report: AbsenceReport, actor: Actor, tap: Tap, now: dt.datetime) -> TapResult:
    assert report.id is not None
    session.execute(
        delete(StaffReasonRequest).where(
            StaffReasonRequest.staff_user_id == tap.user_id,  # type: ignore[arg-type]
            StaffReasonRequest.chat_id == tap.chat_id,  # type: ignore[arg-type]
        )
    )
    session.add(
        StaffReasonRequest(
            school_id=report.school_id,
            report_id=report.id,
            staff_user_id=tap.user_id,
            chat_id=tap.chat_id,
            card_message_id=tap.message_id,
            created_at=now,
            expires_at=now + dt.timedelta(minutes=REASON_MINUTES),
        )
    )
    return TapResult(f"{actor.name}: send the reason as your next message here, or reply to the card ({REASON_MINUTES} minutes).", show_alert=True)


def render_card(session: Session, report: AbsenceReport) -> tuple[str, Buttons]:
    """The card as the parent flow renders it: proposal, decision and who made it, and what is still open."""
    assert report.id is not None
    text, buttons = card_for_report(session, report.id)
    return text, tuple(tuple(row) for row in buttons)


def _reviewed_clock(session: Session, report: AbsenceReport) -> str:
    if report.reviewed_at is None:
        return ""
    return report.reviewed_at.astimezone(school_zone(session, report.school_id)).strftime("%H:%M")


@dataclass(frozen=True)
class ReasonResult:
    """A reason was recorded: reply to the staff member and, if known, edit the card."""

    reply: str
    card_message_id: int | None
    card_text: str
    card_buttons: Buttons


def take_reason(
    engine: Engine,
    settings: Settings,
    *,
    user_id: int,
    chat_id: int,
    text: str,
    now: dt.datetime,
    reply_to_message_id: int | None = None,
) -> ReasonResult | None:
    """Record `text` as the reason if this staff member asked to add one here; None when the message is not one."""
    with immediate_session(engine) as session:
        request = _reason_request(session, user_id, chat_id, now, reply_to_message_id)
        if request is None:
            return None
        session.delete(request)
        report = _locked_report(session, request.report_id)
        if report is None:
            return None
        try:
            actor = authorise(settings, user_id=user_id, chat_id=chat_id, school_id=report.school_id, roles=CONFIRM_ROLES, chats=("staff",))
        except NotAllowed:
            return None
        reason = " ".join(text.split())[:MAX_REASON_CHARS]
        for mark in marks_of(session, request.report_id):
            _note_reason(session, mark, reason, actor, now)
        card_text, buttons = render_card(session, report)
        note = f"📝 Reason from {html.escape(actor.signature)} {local_clock(actor.school, now)}: {html.escape(reason)}"
        log.info("reason added to report %s by staff user %s", report.id, user_id)
        return ReasonResult("Reason recorded.", request.card_message_id, f"{card_text}\n{note}", buttons)


def _reason_request(
    session: Session, user_id: int, chat_id: int, now: dt.datetime, reply_to: int | None
) -> StaffReasonRequest | None:
    stmt = select(StaffReasonRequest).where(
        StaffReasonRequest.staff_user_id == user_id,  # type: ignore[arg-type]
        StaffReasonRequest.chat_id == chat_id,  # type: ignore[arg-type]
    )
    request = session.execute(stmt).scalar_one_or_none()
    if request is None:
        return None
    if request.expires_at <= now:
        session.delete(request)
        return None
    if reply_to is not None and request.card_message_id is not None and reply_to != request.card_message_id:
        return None
    return request


def _note_reason(session: Session, mark: AttendanceMark, reason: str, actor: Actor, now: dt.datetime) -> None:
    """Keep the reason on the mark, audited like an amendment (the code and status stay as they are)."""
    assert mark.id is not None
    session.add(
        MarkAmendment(
            mark_id=mark.id,
            original_code=mark.code,
            original_status=mark.status,
            amended_code=mark.code,
            amended_status=mark.status,
            reason=f"reason added: {reason}",
            amended_at=now,
            amended_by=actor.name,
            role=actor.role,
        )
    )
    mark.reason = reason
    mark.updated_by = actor.name
    mark.updated_at = now
    session.add(mark)
