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
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.outbox import Button
from handlers.staff.access import CHANGE_ROLES, CONFIRM_ROLES, Actor, NotAllowed, authorise, local_clock
from handlers.staff.card import CHANGE_CODES, card_for_report
from store.codes import CODES
from store.db import immediate_session
from store.models import AbsenceReport, AttendanceMark, MarkAmendment, School, StaffReasonRequest
from store.marks import amend_mark
from store.settings import Settings

log = logging.getLogger(__name__)

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
        return _apply(session, action, report, actor, tap, now)


def _apply(session: Session, action: CardAction, report: AbsenceReport, actor: Actor, tap: Tap, now: dt.datetime) -> TapResult:
    if action.kind == "confirm":
        return _confirm(session, report, actor, now)
    if action.kind == "change":
        assert action.code is not None
        return _change(session, report, actor, action.code, now)
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
    assert report.id is not None
    code = report.proposed_code or _marks_code(session, report.id) or "N"
    won = session.execute(
        update(AbsenceReport)
        .where(AbsenceReport.id == report.id, AbsenceReport.status == "pending")
        .values(status="confirmed", reviewed_code=code, reviewed_by=actor.name, reviewed_role=actor.role, reviewed_at=now)
    ).rowcount  # type: ignore[attr-defined]
    session.refresh(report)
    if not won:
        text, buttons = render_card(session, report)
        return TapResult(_already(session, report), text, buttons)
    for mark in marks_of(session, report.id):
        amend_mark(session, mark=mark, code=mark.code, status="confirmed", reason="confirmed by staff", who=actor.name, role=actor.role, at=now)
    log.info("report %s confirmed as %s by staff user %s", report.id, code, actor.user_id)
    text, buttons = render_card(session, report)
    return TapResult(f"Confirmed {code}.", text, buttons)


def _change(session: Session, report: AbsenceReport, actor: Actor, code: str, now: dt.datetime) -> TapResult:
    assert report.id is not None
    if report.status == "cancelled":
        return TapResult("That report was cancelled.", show_alert=True)
    if report.status != "pending" and report.reviewed_code == code:
        text, buttons = render_card(session, report)
        return TapResult(_already(session, report), text, buttons)
    session.execute(
        update(AbsenceReport)
        .where(AbsenceReport.id == report.id)
        .values(status="changed", reviewed_code=code, reviewed_by=actor.name, reviewed_role=actor.role, reviewed_at=now)
    )
    session.refresh(report)
    for mark in marks_of(session, report.id):
        reason = f"changed by staff from {mark.code} to {code}"
        amend_mark(session, mark=mark, code=code, status="confirmed", reason=reason, who=actor.name, role=actor.role, at=now)
    log.info("report %s changed to %s by staff user %s", report.id, code, actor.user_id)
    text, buttons = render_card(session, report)
    return TapResult(f"Changed to {code}.", text, buttons)


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
    others = [c for c in COMMON_CODES + OTHER_CODES if c not in on_card]
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
    """The card as the parent flow renders it, plus who decided what; no Confirm once decided."""
    assert report.id is not None
    text, buttons = card_for_report(session, report.id)
    outcome = outcome_line(session, report)
    if outcome is None:
        return text, tuple(tuple(row) for row in buttons)
    kept = tuple(r for r in (tuple(b for b in row if not b.data.startswith("cf:")) for row in buttons) if r)
    return f"{text}\n\n{outcome}", kept


def outcome_line(session: Session, report: AbsenceReport) -> str | None:
    """E.g. "✅ Confirmed I by Jo Pemberton (office) 08:12" in the school's local time."""
    if report.status == "pending" or report.reviewed_by is None:
        return None
    when = _reviewed_clock(session, report)
    verb = "✅ Confirmed" if report.status == "confirmed" else "✏️ Changed to"
    who = html.escape(f"{report.reviewed_by} ({report.reviewed_role})")
    return f"<b>{verb} {html.escape(report.reviewed_code or '')}</b> by {who} {when}".rstrip()


def _reviewed_clock(session: Session, report: AbsenceReport) -> str:
    if report.reviewed_at is None:
        return ""
    school = session.get(School, report.school_id)
    return report.reviewed_at.astimezone(ZoneInfo(school.timezone if school else "Europe/London")).strftime("%H:%M")


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
