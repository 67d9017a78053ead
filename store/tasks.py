"""Casework tasks (DESIGN §4.8): the kinds, who owns each, listing them, and closing one exactly once.

A task is raised open by the daily escalation and closed by a staff member
of its owner role (or admin), from a button or the shell, as `done` or
`dismissed` ("not needed"). Closing is a conditional UPDATE on
`status = 'open'`, so two taps or two workers close it once and the first
one's name is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select, update
from sqlmodel import Session

from store.models import PolicyTask, Pupil

#: Every kind a policy raises, with its title and the role that owns it.
KINDS: dict[str, tuple[str, str]] = {
    "referral": ("Safeguarding referral: absence without a reason", "dsl"),
    "teacher_call": ("Class team to call home", "office"),
    "la_no_contact": ("Tell the local authority: absence without contact", "dsl"),
    "n_unresolved": ("Resolve the N code (it will be treated as O)", "office"),
    "persistent_absence": ("Persistent absence: 10% or more of sessions missed", "office"),
    "severe_absence": ("Severe absence: 50% or more of sessions missed", "dsl"),
    "threshold": ("Attendance policy stage", "office"),
    "letter": ("Letter home", "office"),
    "penalty": ("Penalty notice threshold reached", "office"),
    "illness_la": ("Tell the local authority: 15 days of illness", "office"),
    "leaver_la": ("Tell the local authority: pupil left the roll", "office"),
    "admission_la": ("Tell the local authority: new pupil on roll", "office"),
    "social_worker": ("Tell the social worker", "dsl"),
    "lateness": ("Persistent lateness", "office"),
}
STATUSES = ("open", "done", "dismissed")
Status = Literal["open", "done", "dismissed"]
FIELDS = ("id", "school_id", "pupil_id", "kind", "title", "raised_on", "due_on", "owner_role", "status", "done_by", "done_at", "note")
MAX_NOTE = 500


def owner_chat(owner_role: str) -> Literal["staff", "safeguarding"]:
    """The chat a task is posted to: the safeguarding chat for dsl tasks, the staff chat for the rest."""
    return "safeguarding" if owner_role == "dsl" else "staff"


def task_dict(task: PolicyTask, pupil: Pupil | None) -> dict[str, Any]:
    """A task in the JSON shape of `absence-bot tasks list --format json` (dates ISO, pupil by MIS id)."""
    return {
        "id": task.id,
        "school_id": task.school_id,
        "pupil_id": pupil.mis_id if pupil else None,
        "kind": task.kind,
        "title": task.title or KINDS.get(task.kind, (task.kind, ""))[0],
        "raised_on": (task.raised_on or task.raised_at.date()).isoformat(),
        "due_on": task.due_on.isoformat() if task.due_on else None,
        "owner_role": task.owner_role,
        "status": task.status,
        "done_by": task.done_by,
        "done_at": task.done_at.isoformat(timespec="seconds") if task.done_at else None,
        "note": task.note,
    }


def list_tasks(
    session: Session, *, school_id: str, status: str = "open", pupil_id: int | None = None
) -> list[tuple[PolicyTask, Pupil | None]]:
    """Tasks of a school (optionally one pupil) with their pupils, oldest first; `status` 'all' for every one."""
    stmt = select(PolicyTask, Pupil).outerjoin(Pupil, Pupil.id == PolicyTask.pupil_id).where(PolicyTask.school_id == school_id)
    if status != "all":
        stmt = stmt.where(PolicyTask.status == status)
    if pupil_id is not None:
        stmt = stmt.where(PolicyTask.pupil_id == pupil_id)
    stmt = stmt.order_by(PolicyTask.due_on, PolicyTask.id)  # type: ignore[arg-type]
    return [(t, p) for t, p in session.execute(stmt).all()]


@dataclass(frozen=True)
class Closed:
    """What closing a task did: `won` False when someone had closed it already (the task shows who)."""

    task: PolicyTask
    won: bool


class TaskNotFound(LookupError):
    """No task with that id."""


def close_task(
    session: Session, *, task_id: int, status: Status, by: str, at: dt.datetime, note: str | None = None
) -> Closed:
    """Close an open task as done or dismissed, once; a second close changes nothing."""
    if status not in ("done", "dismissed"):
        raise ValueError(f"a task is closed as done or dismissed, not {status!r}")
    task = session.get(PolicyTask, task_id)
    if task is None:
        raise TaskNotFound(task_id)
    clean = " ".join((note or "").split())[:MAX_NOTE] or None
    won = session.execute(
        update(PolicyTask)
        .where(PolicyTask.id == task_id, PolicyTask.status == "open")
        .values(status=status, done_by=by, done_at=at, note=clean)
    ).rowcount  # type: ignore[attr-defined]
    session.refresh(task)
    return Closed(task, bool(won))
