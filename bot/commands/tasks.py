"""`absence-bot tasks list|done|dismiss` (DESIGN §4.8): the casework a school's policy raised, from the shell.

`done` and `dismiss` close a task the way the Done and Not needed buttons
do, recorded with the name given by `--by`; closing a closed task changes
nothing and says who closed it (exit 0: the task is closed either way).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from rich.console import Console

from bot.commands.schools import named_school
from bot.errors import BadInput
from store.bootstrap import open_store
from store.db import immediate_session, session_scope
from store.settings import Settings
from store.models import PolicyTask
from store.tasks import close_task, list_tasks, task_dict


def show_tasks(settings: Settings, *, school_id: str, status: str, as_json: bool) -> int:
    school = named_school(settings, school_id)
    engine = open_store(settings)
    try:
        with session_scope(engine) as session:
            rows = [task_dict(t, p) for t, p in list_tasks(session, school_id=school.id, status=status)]
    finally:
        engine.dispose()
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    console = Console(highlight=False, soft_wrap=True)
    for r in rows:
        closed = f" {r['status']} by {r['done_by']}" if r["status"] != "open" else ""
        console.print(
            f"#{r['id']:<6} {r['kind']:<19} {r['pupil_id'] or '-':<10} due {r['due_on'] or '-':<10} {r['owner_role']:<6} {r['title']}{closed}",
            markup=False,
        )
    Console(stderr=True).print(f"{len(rows)} task(s) {status if status != 'all' else ''} at {school.id}".replace("  ", " "), highlight=False)
    return 0


def write_letter(settings: Settings, *, task_id: int, out: str | None) -> int:
    """The PDF letter of a letter task, to a file (default letter-<school>-<pupil>-task<id>.pdf)."""
    from handlers.staff.letters import LETTER_KINDS, LetterTemplateError, letter_filename, render_letter
    from store.models import Pupil

    engine = open_store(settings)
    try:
        with session_scope(engine) as session:
            task = session.get(PolicyTask, task_id)
            if task is None or task.kind not in LETTER_KINDS or task.pupil_id is None:
                raise BadInput(f"no letter task {task_id}")
            school = named_school(settings, task.school_id)
            pupil = session.get(Pupil, task.pupil_id)
            assert pupil is not None
            try:
                pdf = render_letter(session, task, pupil, school, dt.datetime.now(school.tz).date())
            except LetterTemplateError as exc:
                raise BadInput(f"schools.letter_template: {exc}") from None
            path = Path(out or letter_filename(task, pupil))
    finally:
        engine.dispose()
    path.write_bytes(pdf)
    print(f"letter for task {task_id} written to {path}")
    return 0


def close_from_shell(settings: Settings, *, task_id: int, by: str, note: str | None, status: str) -> int:
    who = " ".join(by.split())
    if not who:
        raise BadInput("--by: give the name of the person who did it")
    engine = open_store(settings)
    try:
        with immediate_session(engine) as session:
            found = session.get(PolicyTask, task_id)
            if found is None:
                raise BadInput(f"no task {task_id}")
            if found.school_id not in {s.id for s in settings.schools}:
                raise BadInput(f"task {task_id} belongs to school {found.school_id!r}, which is not in the configuration")
            closed = close_task(session, task_id=task_id, status=status, by=f"{who} (shell)", at=dt.datetime.now(dt.UTC), note=note)  # type: ignore[arg-type]
            task = closed.task
    finally:
        engine.dispose()
    if closed.won:
        print(f"task {task_id} {status} by {task.done_by}")
    else:
        print(f"task {task_id} was already {task.status} by {task.done_by}; nothing changed")
    return 0
