"""Policy tasks: raised once each (by dedupe key), posted as cards with Done / Not needed, overdue ones again.

Each task raised in a run is posted to its owner's chat as a card of its
own. A run that raises more than `CARDS_PER_RUN` for one chat (a school's
first run on a year of imported registers, say) posts that many cards and
one digest listing the rest; /tasks lists them all. An open task past its
due date is posted again once per school day, with a new key.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from handlers.alerts import pupil_label
from handlers.outbox import Outgoing
from handlers.staff.tasks import task_message
from scheduler.calendar import format_day
from scheduler.context import JobContext
from scheduler.digest import digest_messages
from store.models import PolicyTask, Pupil
from store.tasks import KINDS, owner_chat

CARDS_PER_RUN = 25


@dataclass(frozen=True)
class Task:
    """A task a rule found due; `due_in_days` counts calendar days from today."""

    pupil: Pupil
    kind: str
    details: str
    dedupe_key: str
    due_in_days: int = 0
    title: str | None = None
    owner_role: str | None = None

    @property
    def owner(self) -> str:
        return self.owner_role or KINDS[self.kind][1]

    def line(self) -> str:
        return f"• {pupil_label(self.pupil)}: {self.title or KINDS[self.kind][0]}. {self.details}"


def _held_keys(session: Session, keys: Sequence[str], chunk: int = 500) -> set[str]:
    """The keys already raised, read in chunks: most tasks a daily run finds were raised on an earlier day.

    Only a shortcut: the insert below still ignores a key another worker raised meanwhile.
    """
    held: set[str] = set()
    unique = sorted(set(keys))
    for i in range(0, len(unique), chunk):
        part = unique[i : i + chunk]
        held.update(session.execute(select(PolicyTask.dedupe_key).where(PolicyTask.dedupe_key.in_(part))).scalars())  # type: ignore[attr-defined]
    return held


def raise_tasks(session: Session, ctx: JobContext, tasks: Sequence[Task]) -> list[tuple[int, Task]]:
    """Store tasks not raised before (many rows per INSERT); return (task id, task) for those raised now, by key."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    held = _held_keys(session, [t.dedupe_key for t in tasks])
    new: dict[str, Task] = {}
    for task in sorted(tasks, key=lambda t: t.dedupe_key):
        if task.dedupe_key not in held:
            new.setdefault(task.dedupe_key, task)
    if not new:
        return []
    # One executemany: SQLAlchemy sends it as a few multi-row INSERTs ("insertmanyvalues") with RETURNING.
    stmt = (
        insert(PolicyTask)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(PolicyTask.id, PolicyTask.dedupe_key)  # type: ignore[arg-type]
    )
    rows = [_row(ctx, task) for task in new.values()]
    raised = [(task_id, new[key]) for task_id, key in session.execute(stmt, rows).all()]
    return sorted(raised, key=lambda pair: pair[1].dedupe_key)


def _row(ctx: JobContext, task: Task) -> dict[str, object]:
    return {
        "school_id": ctx.school.id, "pupil_id": task.pupil.id, "kind": task.kind, "channel": owner_chat(task.owner),
        "title": task.title or KINDS[task.kind][0], "details": task.details, "dedupe_key": task.dedupe_key,
        "raised_at": ctx.now, "raised_on": ctx.today, "due_on": ctx.today + dt.timedelta(days=task.due_in_days),
        "owner_role": task.owner, "status": "open", "posted_on": ctx.today,
    }


def task_posts(session: Session, ctx: JobContext, raised: Sequence[tuple[int, Task]]) -> list[Outgoing]:
    """A card per task raised now (up to `CARDS_PER_RUN` per chat), and a digest of any beyond that."""
    by_chat: dict[str, list[tuple[int, Task]]] = defaultdict(list)
    for task_id, task in sorted(raised, key=lambda r: r[0]):
        by_chat[owner_chat(task.owner)].append((task_id, task))
    out: list[Outgoing] = []
    for chat_kind, mine in sorted(by_chat.items()):
        for task_id, task in mine[:CARDS_PER_RUN]:
            row = session.get(PolicyTask, task_id)
            message = task_message(row, task.pupil, ctx.school, key=f"task:{task_id}:1") if row else None
            if message is not None:
                out.append(message)
        rest = mine[CARDS_PER_RUN:]
        if rest:
            out += digest_messages(
                session,
                school=ctx.school,
                audience=chat_kind,  # type: ignore[arg-type]
                key=f"digest:tasks:{ctx.school.id}:{ctx.today.isoformat()}:{chat_kind}:{rest[0][0]}",
                title=f"{len(rest)} more attendance tasks: {ctx.school.name}, {format_day(ctx.today)} (/tasks lists them all)",
                lines=[f"#{i} {t.line()[2:]}" for i, t in rest],
                extra={"task_ids": [i for i, _ in rest]},
            )
    return out


def overdue_posts(session: Session, ctx: JobContext) -> list[Outgoing]:
    """Open tasks past their due date, not yet posted today: their cards again, oldest first."""
    stmt = (
        select(PolicyTask, Pupil)
        .outerjoin(Pupil, Pupil.id == PolicyTask.pupil_id)
        .where(
            PolicyTask.school_id == ctx.school.id,
            PolicyTask.status == "open",
            PolicyTask.due_on < ctx.today,  # type: ignore[operator]
            (PolicyTask.posted_on.is_(None)) | (PolicyTask.posted_on < ctx.today),  # type: ignore[union-attr,operator]
        )
        .order_by(PolicyTask.due_on, PolicyTask.id)  # type: ignore[arg-type]
    )
    out: list[Outgoing] = []
    posted: dict[str, int] = defaultdict(int)
    for task, pupil in session.execute(stmt).all():
        chat_kind = owner_chat(task.owner_role)
        if posted[chat_kind] >= CARDS_PER_RUN:
            continue
        bumped = session.execute(
            update(PolicyTask)
            .where(PolicyTask.id == task.id, PolicyTask.status == "open", PolicyTask.posted_on == task.posted_on)
            .values(posted_on=ctx.today)
        ).rowcount  # type: ignore[attr-defined]
        if not bumped:
            continue
        message = task_message(task, pupil, ctx.school, key=f"task:{task.id}:{ctx.today.isoformat()}", overdue=True)
        if message is not None:
            out.append(message)
            posted[chat_kind] += 1
    return out
