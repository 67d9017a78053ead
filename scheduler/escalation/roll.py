"""Roll changes: leavers and joiners the roll import recorded, and the local-authority tasks they raise.

A leaver (taken off roll in the last `RECENT_DAYS`) raises the deletion
return to the local authority and, for a pupil who has or had a social
worker or is looked after, a task to tell the social worker. A joiner
(added to a roll that already existed) raises the new-entry return, due
within five days of joining.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from scheduler.calendar import format_day
from scheduler.context import JobContext
from scheduler.policy_tasks import Task
from store.models import Pupil

RECENT_DAYS = 30
ADMISSION_DAYS = 5


def roll_change_tasks(session: Session, ctx: JobContext) -> list[Task]:
    since = ctx.today - dt.timedelta(days=RECENT_DAYS)
    tasks = []
    leavers = select(Pupil).where(Pupil.school_id == ctx.school.id, Pupil.on_roll == False, Pupil.left_on >= since)  # type: ignore[operator]  # noqa: E712
    for pupil in session.exec(leavers):
        assert pupil.left_on is not None
        left = f"Left the roll (roll import of {format_day(pupil.left_on)} {pupil.left_on.year})."
        tasks.append(Task(pupil, "leaver_la", f"{left} Tell the local authority of the deletion from the admission register, with its reason.",
                          f"leaver_la:{pupil.id}:{pupil.left_on.isoformat()}"))
        if pupil.social_worker or pupil.looked_after:
            tasks.append(Task(pupil, "social_worker", f"{left} Tell the pupil's social worker (or virtual school) that the name is to be deleted.",
                              f"social_worker:leaver:{pupil.id}:{pupil.left_on.isoformat()}"))
    joiners = select(Pupil).where(Pupil.school_id == ctx.school.id, Pupil.on_roll == True, Pupil.joined_on >= since)  # type: ignore[operator]  # noqa: E712
    for pupil in session.exec(joiners):
        assert pupil.joined_on is not None
        due = pupil.joined_on + dt.timedelta(days=ADMISSION_DAYS)
        tasks.append(Task(pupil, "admission_la", f"Joined the roll on {format_day(pupil.joined_on)}: tell the local authority of the new entry within {ADMISSION_DAYS} days.",
                          f"admission_la:{pupil.id}:{pupil.joined_on.isoformat()}", due_in_days=max((due - ctx.today).days, 0)))
    return tasks
