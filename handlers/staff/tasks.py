"""Casework tasks in the staff chats: the task card, its Done / Not needed buttons, and /tasks.

A task is posted to the chat of its owner role (dsl: the safeguarding chat;
office: the staff chat) with two buttons. Only staff of the task's school
with the owner role, or admin, in that chat may close it; the first close
wins (`store.tasks.close_task`). Callback data is `td:<id>` (done) or
`tn:<id>` (not needed), parsed strictly: it comes from the client.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re

from sqlmodel import Session

from handlers.alerts import alert_chat, pupil_label
from handlers.outbox import Button, Outgoing
from handlers.staff.access import NotAllowed, authorise
from handlers.staff.actions import INVALID, Tap, TapResult
from store.db import immediate_session
from store.models import PolicyTask, Pupil
from store.settings import SchoolSettings, Settings
from store.tasks import KINDS, close_task, owner_chat

log = logging.getLogger(__name__)

_TAP = re.compile(r"^(td|tn):([1-9][0-9]{0,9})$")
STATUS_WORDS = {"done": "Done", "dismissed": "Not needed"}


def task_buttons(task_id: int) -> tuple[tuple[Button, ...], ...]:
    return ((Button("✅ Done", f"td:{task_id}"), Button("Not needed", f"tn:{task_id}")),)


def render_task(task: PolicyTask, pupil: Pupil | None, *, overdue: bool = False) -> str:
    """The task as Telegram HTML: what, who, why, by when, and who closed it."""
    esc = html.escape
    title = task.title or KINDS.get(task.kind, (task.kind, ""))[0]
    head = "⏰ Overdue task" if overdue and task.status == "open" else "📋 Task"
    lines = [f"<b>{head} #{task.id}: {esc(title)}</b>"]
    if pupil is not None:
        lines.append(esc(pupil_label(pupil)))
    lines.append(esc(task.details))
    if task.kind == "letter" and task.status == "open":
        lines.append(f"/letter {task.id} downloads the letter (PDF); tap Done when it has been sent.")
    if task.due_on is not None:
        lines.append(f"Due {task.due_on:%a %d %b %Y} · for {esc(task.owner_role)} staff")
    if task.status != "open":
        when = f" {task.done_at:%d %b %H:%M} UTC" if task.done_at else ""
        lines.append(f"<b>{STATUS_WORDS.get(task.status, task.status)}: {esc(task.done_by or '')}{when}</b>")
        if task.note:
            lines.append(f"Note: {esc(task.note)}")
    return "\n".join(lines)


def task_message(task: PolicyTask, pupil: Pupil | None, school: SchoolSettings, *, key: str, overdue: bool = False) -> Outgoing | None:
    """The task card for its owner's chat, or None (logged) when the school has no such chat."""
    chat_kind = owner_chat(task.owner_role)
    chat = alert_chat(school) if chat_kind == "safeguarding" else school.staff_chat_id
    if chat is None:
        log.error("school %s has no %s chat: task %s stored but not posted", school.id, chat_kind, task.id)
        return None
    assert task.id is not None
    return Outgoing(
        key=key,
        channel="telegram",
        recipient=str(chat),
        text=render_task(task, pupil, overdue=overdue),
        kind="task",
        school_id=school.id,
        buttons=task_buttons(task.id),
        html=True,
        extra={"chat_key": chat_kind, "task_id": task.id},
    )


def parse_task_data(data: str) -> tuple[str, int] | None:
    m = _TAP.fullmatch(data)
    if not m:
        return None
    return ("done" if m.group(1) == "td" else "dismissed"), int(m.group(2))


def handle_task_tap(engine: object, settings: Settings, tap: Tap, *, now: dt.datetime) -> TapResult:
    """Close a task as done or not needed for a member of its owner role (or admin), in its owner's chat."""
    parsed = parse_task_data(tap.data)
    if parsed is None:
        log.warning("refused task callback with unknown data from user %s in chat %s", tap.user_id, tap.chat_id)
        return TapResult(INVALID, show_alert=True)
    status, task_id = parsed
    with immediate_session(engine) as session:  # type: ignore[arg-type]
        task = session.get(PolicyTask, task_id)
        if task is None:
            return TapResult("That task no longer exists.", show_alert=True)
        try:
            actor = authorise(
                settings, user_id=tap.user_id, chat_id=tap.chat_id, school_id=task.school_id,
                roles=frozenset({task.owner_role, "admin"}), chats=(owner_chat(task.owner_role),),
            )
        except NotAllowed as refusal:
            return TapResult(refusal.notice, show_alert=True)
        closed = close_task(session, task_id=task_id, status=status, by=actor.signature, at=now)  # type: ignore[arg-type]
        pupil = session.get(Pupil, task.pupil_id) if task.pupil_id is not None else None
        text = render_task(closed.task, pupil)
        if not closed.won:
            word = STATUS_WORDS.get(closed.task.status, closed.task.status)
            return TapResult(f"Already closed ({word}) by {closed.task.done_by}.", text)
        log.info("task %s %s by staff user %s", task_id, status, tap.user_id)
        return TapResult("Recorded. Thank you." if status == "done" else "Recorded as not needed.", text)


def open_task_lines(session: Session, tasks: list[tuple[PolicyTask, Pupil | None]], today: dt.date) -> list[str]:
    """One line per open task for /tasks: id, due, title, pupil."""
    lines = []
    for task, pupil in tasks:
        late = " ⏰" if task.due_on and task.due_on < today else ""
        who = f" — {html.escape(pupil_label(pupil))}" if pupil else ""
        title = task.title or KINDS.get(task.kind, (task.kind, ""))[0]
        due = f"due {task.due_on:%d %b}" if task.due_on else "no due date"
        lines.append(f"#{task.id} {due}{late}: {html.escape(title)}{who}")
    return lines
