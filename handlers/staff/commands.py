"""Commands in a school's staff group: /today, /pending, /absent, /find, /export, /card, /tasks and /case.

Each command checks that the chat is that school's staff (or safeguarding)
group and that the sender is configured staff of the school; then it reads
(or, for /absent, writes) the store and returns a `StaffReply` of HTML texts.
Everything quoted from parents or the roll is HTML-escaped.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.outbox import Button
from handlers.staff.access import ANY_ROLE, Actor, NotAllowed, authorise, local_today, school_for_chat
from handlers.staff.actions import render_card
from handlers.staff.board import board_texts
from handlers.staff.case import case_lines
from handlers.staff.letters import LETTER_KINDS, LetterTemplateError, letter_filename, render_letter
from handlers.staff.tasks import open_task_lines, render_task, task_buttons
from handlers.staff.digest import report_line, split_lines
from handlers.staff.lookup import match_pupils
from store.db import immediate_session
from store.export import COLUMNS, mark_rows
from store.marks import amend_mark, create_mark, get_mark
from store.models import AbsenceReport, Attachment, AttendanceMark, PolicyTask, Pupil
from store.roster import contacts_for_pupil
from store.settings import Settings
from store.tasks import list_tasks, owner_chat

log = logging.getLogger(__name__)

COMMANDS = ("today", "pending", "absent", "find", "export", "card", "tasks", "case", "letter", "evidence", "help")
#: What each command does, for /help and the command menu Telegram shows in staff groups.
COMMAND_HELP = {
    "today": "the day's board: reported, awaiting review, absent without a reason, being chased, late",
    "pending": "reports nobody has confirmed yet, oldest first",
    "absent": "<name or MIS id>: mark a pupil absent without a reason for the rest of today, so they are chased",
    "find": "<name or MIS id>: a pupil's contacts in calling order and today's marks",
    "export": "[YYYY-MM-DD | today | yesterday]: this school's marks for a day as CSV",
    "card": "<n>: post report n's card again, with its buttons",
    "tasks": "[n]: open casework tasks for this chat, oldest due first; with n, task n's card and buttons",
    "case": "<name or MIS id>: a pupil's year: figures, reports, chases, tasks, letters and notices",
    "evidence": "<n>: the photo or document a parent sent as evidence (its number is on the card)",
    "letter": "<task n>: the letter for a letter task, as a PDF to print or send",
    "help": "this list",
}
NOT_A_STAFF_GROUP = "This group is not a school's staff group."
PUPIL_LIST_LIMIT = 6
#: An /absent never overwrites a reason someone gave; it replaces present marks and "no mark".
REPLACEABLE = frozenset({"/", "\\", "L", "-"})
_CARD = re.compile(r"^#?([1-9][0-9]{0,9})$")


@dataclass(frozen=True)
class StaffReply:
    """What the bot answers: HTML messages, buttons on the last one, or a document."""

    texts: tuple[str, ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()
    document: bytes | None = None
    filename: str | None = None
    #: A parent's photo or document to show, by the provider's reference: (kind, Telegram file_id or MMS URL).
    file_ref: tuple[str, str] | None = None


@dataclass(frozen=True)
class CommandContext:
    session: Session
    engine: Engine
    actor: Actor
    args: str
    now: dt.datetime
    chat_id: int = 0

    @property
    def today(self) -> dt.date:
        return local_today(self.actor.school, self.now)


def run_staff_command(
    engine: Engine, settings: Settings, *, user_id: int, chat_id: int, command: str, args: str, now: dt.datetime
) -> StaffReply:
    """Check who and where, then run one staff command; refusals change nothing and are logged."""
    school = school_for_chat(settings, chat_id)
    if school is None or command not in COMMANDS:
        log.warning("staff command /%s refused in chat %s from user %s: not a staff group", command, chat_id, user_id)
        return _text(NOT_A_STAFF_GROUP)
    try:
        actor = authorise(settings, user_id=user_id, chat_id=chat_id, school_id=school.id, roles=ANY_ROLE, chats=("staff", "safeguarding"))
    except NotAllowed as refusal:
        return _text(refusal.notice)
    with immediate_session(engine) as session:
        return _HANDLERS[command](CommandContext(session, engine, actor, " ".join(args.split()), now, chat_id))


def _text(*texts: str) -> StaffReply:
    return StaffReply(texts=tuple(texts))


def today(ctx: CommandContext) -> StaffReply:
    """The day's board per session."""
    return StaffReply(texts=tuple(board_texts(ctx.session, school=ctx.actor.school, day=ctx.today)))


def pending(ctx: CommandContext) -> StaffReply:
    """Reports still waiting for a staff decision, oldest first."""
    stmt = (
        select(AbsenceReport, Pupil)
        .join(Pupil, Pupil.id == AbsenceReport.pupil_id)
        .where(AbsenceReport.school_id == ctx.actor.school.id, AbsenceReport.status == "pending")
        .order_by(AbsenceReport.created_at, AbsenceReport.id)
    )
    rows = ctx.session.execute(stmt).all()
    if not rows:
        return _text("Nothing pending: every report has been reviewed.")
    header = f"<b>Pending reports ({len(rows)})</b> — tap /card_… to open one"
    return StaffReply(texts=tuple(split_lines(header, [report_line(r, p) for r, p in rows])))


def card(ctx: CommandContext) -> StaffReply:
    """Post one report's card again, with its buttons."""
    m = _CARD.fullmatch(ctx.args)
    report = ctx.session.get(AbsenceReport, int(m.group(1))) if m else None
    if report is None or report.school_id != ctx.actor.school.id:
        return _text("No such report for this school. Usage: /card 12")
    text, buttons = render_card(ctx.session, report)
    return StaffReply(texts=(text,), buttons=buttons)


def absent(ctx: CommandContext) -> StaffReply:
    """Mark a pupil absent without a reason (N, source staff) so the first day protocol chases them."""
    found = _one_pupil(ctx, "absent")
    if isinstance(found, StaffReply):
        return found
    local = ctx.now.astimezone(ctx.actor.school.tz)
    sessions = ("AM", "PM") if local.hour < 12 else ("PM",)
    done, kept = [], []
    for sess in sessions:
        outcome = _mark_absent(ctx, found, sess)
        (done if outcome is None else kept).append(outcome or sess)
    label = html.escape(f"{found.first_name} {found.last_name} ({found.reg_group or found.year_group})")
    lines = []
    if done:
        lines.append(f"Marked <b>{label}</b> absent without a reason (<b>N</b>) for {', '.join(done)}. Their contacts will be chased.")
    lines += [f"{label}: {html.escape(k)}" for k in kept]
    log.info("staff user %s marked pupil %s absent (N) for %s", ctx.actor.user_id, found.id, done)
    return _text("\n".join(lines))


def _mark_absent(ctx: CommandContext, pupil: Pupil, sess: str) -> str | None:
    """None when marked; otherwise why this session was left as it is."""
    assert pupil.id is not None
    mark = get_mark(ctx.session, pupil_id=pupil.id, date=ctx.today, sess=sess)
    who, role = ctx.actor.name, ctx.actor.role
    if mark is None:
        create_mark(ctx.session, pupil_id=pupil.id, date=ctx.today, sess=sess, code="N", source="staff", updated_by=who, at=ctx.now)
        return None
    if mark.code == "N":
        return f"{sess} is already N (absent, reason not yet known)."
    if mark.code not in REPLACEABLE:
        return f"{sess} already has {mark.code} ({mark.status}, from {mark.source}); not changed."
    amend_mark(ctx.session, mark=mark, code="N", reason="marked absent by staff (/absent)", who=who, role=role, status="provisional", source="staff", at=ctx.now)
    return None


def find(ctx: CommandContext) -> StaffReply:
    """Pupil, contacts with usable or unusable numbers, and today's marks."""
    if not ctx.args:
        return _text("Usage: /find name (or MIS id)")
    found = match_pupils(ctx.session, school_id=ctx.actor.school.id, query=ctx.args, limit=PUPIL_LIST_LIMIT)
    if not found:
        return _text(f"No pupil on roll matches “{html.escape(ctx.args)}”.")
    return StaffReply(texts=tuple(split_lines("", [_pupil_card(ctx, p) for p in found])))


def _pupil_card(ctx: CommandContext, pupil: Pupil) -> str:
    assert pupil.id is not None
    esc = html.escape
    known_as = f" (known as {esc(pupil.preferred_name)})" if pupil.preferred_name else ""
    lines = [f"<b>{esc(pupil.first_name)} {esc(pupil.last_name)}</b>{known_as} — {esc(pupil.reg_group or '')} year {esc(pupil.year_group)}, MIS {esc(pupil.mis_id)}"]
    contacts = contacts_for_pupil(ctx.session, pupil_id=pupil.id)
    if not contacts:
        lines.append("  No contacts on the roll.")
    for contact, priority in contacts:
        rel = f", {contact.relationship}" if contact.relationship else ""
        if contact.sms_usable:
            phone = f"{contact.phone} ✅ usable"
        else:
            why = "opted out of SMS" if contact.sms_opted_out else contact.phone_status
            phone = f"{contact.phone or contact.phone_raw or 'no number'} ❌ unusable ({why})"
        tg = ", Telegram linked" if contact.telegram_user_id else ""
        lines.append(f"  {priority or '–'}. {esc(contact.name or contact.mis_id)}{esc(rel)}: {esc(phone)}{tg}")
    stmt = select(AttendanceMark).where(AttendanceMark.pupil_id == pupil.id, AttendanceMark.date == ctx.today).order_by(AttendanceMark.session)
    marks = list(ctx.session.execute(stmt).scalars())
    today_text = ", ".join(f"{m.session} <b>{esc(m.code)}</b> ({m.status}, {m.source})" for m in marks) or "no marks yet"
    lines.append(f"  Today: {today_text}")
    return "\n".join(lines)


def _one_pupil(ctx: CommandContext, command: str, *, on_roll_only: bool = True) -> Pupil | StaffReply:
    if not ctx.args:
        return _text(f"Usage: /{command} name (or MIS id)")
    found = match_pupils(ctx.session, school_id=ctx.actor.school.id, query=ctx.args, limit=PUPIL_LIST_LIMIT, on_roll_only=on_roll_only)
    if not found:
        return _text(f"No pupil on roll matches “{html.escape(ctx.args)}”.")
    if len(found) > 1:
        options = "\n".join(
            f"• {html.escape(f'{p.first_name} {p.last_name} ({p.reg_group or p.year_group})')} — /{command} {html.escape(p.mis_id)}" for p in found
        )
        return _text(f"More than one pupil matches “{html.escape(ctx.args)}”. Which one?\n{options}")
    return found[0]


def export(ctx: CommandContext) -> StaffReply:
    """This school's marks for a day (default today) as a CSV document."""
    day = _export_day(ctx.args, ctx.today)
    if day is None:
        return _text("Usage: /export [YYYY-MM-DD | today | yesterday]")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in mark_rows(engine=ctx.engine, start=day, end=day, school_id=ctx.actor.school.id):
        writer.writerow(row)
        count += 1
    log.info("staff user %s exported %s marks for %s", ctx.actor.user_id, count, day)
    return StaffReply(
        texts=(f"Marks for {day.isoformat()}: {count} row(s).",),
        document=out.getvalue().encode("utf-8"),
        filename=f"marks-{ctx.actor.school.id}-{day.isoformat()}.csv",
    )


def _export_day(arg: str, today: dt.date) -> dt.date | None:
    words = {"": today, "today": today, "yesterday": today - dt.timedelta(days=1)}
    if arg.lower() in words:
        return words[arg.lower()]
    try:
        return dt.date.fromisoformat(arg)
    except ValueError:
        return None


def _in_safeguarding_chat(ctx: CommandContext, chat_id: int) -> bool:
    return chat_id == ctx.actor.school.safeguarding_chat_id or ctx.actor.school.safeguarding_chat_id is None


def tasks(ctx: CommandContext) -> StaffReply:
    """Open tasks this chat may see (the staff chat: not the DSL's), or one task's card with its buttons."""
    sg = _in_safeguarding_chat(ctx, ctx.chat_id)
    if ctx.args:
        m = _CARD.fullmatch(ctx.args)
        task = ctx.session.get(PolicyTask, int(m.group(1))) if m else None
        if task is None or task.school_id != ctx.actor.school.id or not (sg or owner_chat(task.owner_role) == "staff"):
            return _text("No such task for this chat. Usage: /tasks or /tasks 12")
        pupil = ctx.session.get(Pupil, task.pupil_id) if task.pupil_id is not None else None
        overdue = task.due_on is not None and task.due_on < ctx.today
        return StaffReply(texts=(render_task(task, pupil, overdue=overdue),), buttons=task_buttons(task.id) if task.status == "open" else ())
    rows = [(t, p) for t, p in list_tasks(ctx.session, school_id=ctx.actor.school.id) if sg or owner_chat(t.owner_role) == "staff"]
    if not rows:
        return _text("No open tasks.")
    header = f"<b>Open tasks ({len(rows)})</b> — /tasks n for one task's buttons"
    return StaffReply(texts=tuple(split_lines(header, open_task_lines(ctx.session, rows, ctx.today))))


def case(ctx: CommandContext) -> StaffReply:
    """One pupil's history this school year (safeguarding items only in the safeguarding chat)."""
    found = _one_pupil(ctx, "case", on_roll_only=False)
    if isinstance(found, StaffReply):
        return found
    in_safeguarding = _in_safeguarding_chat(ctx, ctx.chat_id)
    lines = case_lines(ctx.session, school=ctx.actor.school, pupil=found, today=ctx.today, safeguarding=in_safeguarding)
    buttons = ((Button("📨 Send attendance report", f"ar:{found.id}"),),) if found.on_roll and not in_safeguarding else ()
    return StaffReply(texts=tuple(split_lines(lines[0], lines[1:])), buttons=buttons)


def letter(ctx: CommandContext) -> StaffReply:
    """The PDF letter of a letter task of this school (Done on the task records it as sent)."""
    m = _CARD.fullmatch(ctx.args)
    task = ctx.session.get(PolicyTask, int(m.group(1))) if m else None
    if task is None or task.school_id != ctx.actor.school.id or task.kind not in LETTER_KINDS or task.pupil_id is None:
        return _text("No such letter task for this school. Usage: /letter 12 (the task number)")
    pupil = ctx.session.get(Pupil, task.pupil_id)
    assert pupil is not None
    try:
        pdf = render_letter(ctx.session, task, pupil, ctx.actor.school, ctx.today)
    except LetterTemplateError as exc:
        log.error("letter for task %s: %s", task.id, exc)
        return _text("The school's letter template cannot be read; tell the IT technician (the log says why).")
    log.info("staff user %s downloaded the letter of task %s", ctx.actor.user_id, task.id)
    return StaffReply(
        texts=(f"Letter for task #{task.id}: {html.escape(pupil.first_name)} {html.escape(pupil.last_name)}. Tap Done on the task once it is sent.",),
        document=pdf, filename=letter_filename(task, pupil),
    )


def evidence(ctx: CommandContext) -> StaffReply:
    """A parent's photo or document, to this school's staff; a safeguarding report's only in the safeguarding chat."""
    m = _CARD.fullmatch(ctx.args)
    item = ctx.session.get(Attachment, int(m.group(1))) if m else None
    report = ctx.session.get(AbsenceReport, item.report_id) if item is not None and item.report_id else None
    if item is None or report is None or item.school_id != ctx.actor.school.id or item.file_ref == "":
        return _text("No such evidence for this school (it may have been purged). Usage: /evidence 12 (the number on the card)")
    if report.sensitive and not _in_safeguarding_chat(ctx, ctx.chat_id):
        return _text("That evidence belongs to a safeguarding report: ask for it in the safeguarding group.")
    pupil = ctx.session.get(Pupil, report.pupil_id)
    name = f"{pupil.first_name} {pupil.last_name}" if pupil else "the pupil"
    log.info("staff user %s viewed evidence %s of report %s", ctx.actor.user_id, item.id, report.id)
    head = f"Evidence #{item.id} for report #{report.id}: {html.escape(name)}, {item.kind}"
    if item.kind == "mms":
        return _text(f"{head}. Twilio keeps the picture: {html.escape(item.file_ref)} (open it signed in to the Twilio console).")
    return StaffReply(texts=(head + ".",), file_ref=(item.kind, item.file_ref))


def help_text(ctx: CommandContext) -> StaffReply:
    lines = [f"<b>{html.escape(ctx.actor.school.name)}</b>: you are {html.escape(ctx.actor.name)} ({html.escape(ctx.actor.role)})."]
    lines += [f"/{name} {html.escape(text)}" for name, text in COMMAND_HELP.items()]
    lines.append("Tap a card's buttons to confirm or change its code; /whoami tells anyone their Telegram id.")
    return _text("\n".join(lines))


_HANDLERS: dict[str, Callable[[CommandContext], StaffReply]] = {
    "help": help_text,
    "today": today,
    "pending": pending,
    "absent": absent,
    "find": find,
    "export": export,
    "card": card,
    "tasks": tasks,
    "case": case,
    "letter": letter,
    "evidence": evidence,
}
