"""Policy tasks: raised once each (by dedupe key) and announced as one digest per chat and run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from handlers.alerts import pupil_label
from handlers.outbox import Outgoing
from scheduler.calendar import format_day
from scheduler.context import JobContext
from scheduler.digest import Audience, digest_messages
from store.models import PolicyTask, Pupil

TITLES = {
    "referral": "Safeguarding referral: unexplained absence",
    "teacher_call": "Class teacher / DSL to call home",
    "la_no_contact": "Tell the local authority: no contact",
    "n_unresolved": "Resolve the N code (it will be treated as O)",
    "threshold": "Attendance below the policy threshold",
    "penalty": "Consider a penalty notice",
    "illness_la": "Tell the local authority: long illness",
}


@dataclass(frozen=True)
class Task:
    pupil: Pupil
    kind: str
    audience: Audience
    details: str
    dedupe_key: str

    def line(self) -> str:
        return f"• {pupil_label(self.pupil)}: {TITLES.get(self.kind, self.kind)}. {self.details}"


def raise_tasks(session: Session, ctx: JobContext, tasks: Sequence[Task]) -> list[tuple[int, Task]]:
    """Store tasks not raised before; return (task id, task) for those raised now."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    raised = []
    for task in sorted(tasks, key=lambda t: t.dedupe_key):
        stmt = (
            insert(PolicyTask)
            .values(
                school_id=ctx.school.id,
                pupil_id=task.pupil.id,
                kind=task.kind,
                channel=task.audience,
                details=task.details,
                dedupe_key=task.dedupe_key,
                raised_at=ctx.now,
            )
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(PolicyTask.id)
        )
        task_id = session.execute(stmt).scalar_one_or_none()
        if task_id is not None:
            raised.append((task_id, task))
    return raised


def task_digests(session: Session, ctx: JobContext, raised: Sequence[tuple[int, Task]], today: dt.date) -> list[Outgoing]:
    """One digest per audience listing the tasks raised in this run."""
    out: list[Outgoing] = []
    for audience in ("safeguarding", "staff"):
        mine = [(i, t) for i, t in raised if t.audience == audience]
        if not mine:
            continue
        first_id = min(i for i, _ in mine)
        ordered = sorted((t for _, t in mine), key=lambda t: (t.kind, t.pupil.last_name, t.pupil.first_name, t.dedupe_key))
        out += digest_messages(
            session,
            school=ctx.school,
            audience=audience,  # type: ignore[arg-type]
            key=f"digest:escalation:{ctx.school.id}:{today.isoformat()}:{audience}:{first_id}",
            title=f"Attendance policy tasks: {ctx.school.name}, {format_day(today)} ({len(ordered)})",
            lines=[t.line() for t in ordered],
            extra={"task_ids": sorted(i for i, _ in mine)},
        )
    return out
