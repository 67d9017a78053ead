"""Letters for letter tasks: a PDF from the bundled or the school's own template, for any name on the roll."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from handlers.staff.commands import run_staff_command
from handlers.staff.letters import letter_text
from store.db import session_scope
from store.models import PolicyTask, Pupil
from store.settings import Settings
from tests.scheduler.school import ContactSpec, World, local

OAK_STAFF, JO = -1001000000001, 100000001
MON, TUE = dt.date(2026, 11, 23), dt.date(2026, 11, 24)


def _letter_task(engine: Engine, settings: Settings) -> tuple[World, int]:
    world = World(engine, settings, "oakfield")  # bedwell: a letter home on the second day without contact
    pid = world.pupil("P1", "Łucja", "Wróbel", [ContactSpec("Agnieszka Wróbel")])
    for day in (MON, TUE):
        world.mark(pid, day, "N", sessions="ALL")
    world.run("daily-escalation", local(TUE, "13:00"))
    with session_scope(engine) as s:
        return world, s.execute(select(PolicyTask.id).where(PolicyTask.kind == "letter")).scalar_one()


def test_the_letter_command_sends_a_pdf(engine: Engine, settings: Settings) -> None:
    _, task_id = _letter_task(engine, settings)
    now = dt.datetime(2026, 11, 24, 14, tzinfo=dt.UTC)
    reply = run_staff_command(engine, settings, user_id=JO, chat_id=OAK_STAFF, command="letter", args=str(task_id), now=now)
    assert reply.document is not None and reply.document.startswith(b"%PDF")
    assert reply.filename == f"letter-oakfield-P1-task{task_id}.pdf"
    wrong = run_staff_command(engine, settings, user_id=JO, chat_id=OAK_STAFF, command="letter", args="99999", now=now)
    assert wrong.document is None and "No such letter task" in wrong.texts[0]
    card = [m for m in World(engine, settings, "oakfield").outbox("task") if f"#{task_id}" in m.text]
    assert card and f"/letter {task_id}" in card[0].text


def test_the_letter_names_parent_pupil_and_figures_and_a_school_template_replaces_the_text(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    _, task_id = _letter_task(engine, settings)
    school = settings.school("oakfield")
    with session_scope(engine) as s:
        task = s.get(PolicyTask, task_id)
        pupil = s.get(Pupil, task.pupil_id) if task else None
        assert task and pupil
        subject, body = letter_text(s, task, pupil, school, TUE)
        assert subject == "Attendance of Łucja Wróbel"
        text = "\n".join(body)
        assert "Dear Agnieszka Wróbel" in text and "attended 0 of 4 possible sessions (0.0%)" in text
        own = tmp_path / "letter.txt"
        own.write_text("# ours\nAbout $pupil_first_name\n\nHello $parent_name, from $school_name. $unknown_placeholder stays.\n", "utf-8")
        mine = school.model_copy(update={"letter_template": str(own)})
        subject, body = letter_text(s, task, pupil, mine, TUE)
    assert subject == "About Łucja"
    assert body == ["Hello Agnieszka Wróbel, from Oakfield Primary School. $unknown_placeholder stays."]
