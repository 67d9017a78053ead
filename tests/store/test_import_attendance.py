"""`import attendance`: the MIS attendance summary as a starting point, and the marks held since added to it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from store.attendance import pupil_attendance
from store.db import session_scope
from store.imports import ImportRejected, import_attendance
from store.models import AttendanceBaseline, PolicyTask
from store.settings import Settings
from tests.scheduler.school import ContactSpec, World, local

HEADER = "school_id,pupil_id,as_of,possible,present,authorised,unauthorised\n"
AS_OF = dt.date(2026, 11, 20)  # a Friday
AT = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)


def _file(tmp_path: Path, body: str, name: str = "summary.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, "utf-8")
    return path


def test_every_problem_is_named_and_nothing_is_imported(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    world = World(engine, settings, "oakfield")
    world.pupil("P1", "Ada", "Quill", [ContactSpec("Nell Quill")])
    bad = _file(tmp_path, "\n".join([
        "oakfield,P1,2026-11-20,100,90,5,4",
        "oakfield,P9,2026-11-20,100,90,5,4",
        "oakfield,P1,2026-11-20,100,90,5,4",
        "oakfield,P1,2027-01-20,10,1,1,1",
        "oakfield,P1,2026-11-20,10,9,5,0",
        "oakfield,P1,2026-11-20,ten,9,0,0",
        "nowhere,P1,2026-11-20,10,9,0,0",
    ]) + "\n")
    with pytest.raises(ImportRejected) as rejected:
        import_attendance(engine=engine, path=bad, at=AT)
    errors = "\n".join(rejected.value.errors)
    for expected in (":3: pupil_id: 'P9'", ":4: pupil_id: 'P1' is also on line 2", ":5: as_of: 2027-01-20 is in the future",
                     ":6: possible: 10 is less than", ":7: possible: 'ten'", ":8: school_id: 'nowhere'"):
        assert expected in errors
    with session_scope(engine) as s:
        assert s.execute(select(func.count()).select_from(AttendanceBaseline)).scalar_one() == 0


def test_figures_start_from_the_summary_and_add_the_marks_held_since(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    world = World(engine, settings, "oakfield")
    pid = world.pupil("P1", "Ada", "Quill", [ContactSpec("Nell Quill")])
    world.mark(pid, dt.date(2026, 11, 19), "I", sessions="ALL")  # inside the summary: not counted twice
    for day in (dt.date(2026, 11, 23), dt.date(2026, 11, 24)):
        world.mark(pid, day, "O", sessions="ALL")
    summary = import_attendance(engine=engine, path=_file(tmp_path, "oakfield,P1,2026-11-20,100,88,8,4\n"), at=AT)
    assert summary.pupils_added == 1
    with session_scope(engine) as s:
        row = pupil_attendance(s, school_id="oakfield", start=dt.date(2026, 9, 1), end=dt.date(2026, 11, 24))[0].as_dict()
        assert (row["possible"], row["present"], row["authorised"], row["unauthorised"], row["unknown"]) == (104, 88, 8, 8, 0)
        later = pupil_attendance(s, school_id="oakfield", start=dt.date(2026, 11, 23), end=dt.date(2026, 11, 24))[0].as_dict()
        assert later["possible"] == 4, "a period that starts after the summary's year start ignores it"
    again = import_attendance(engine=engine, path=_file(tmp_path, "oakfield,P1,2026-11-20,100,95,5,0\n", "s2.csv"), at=AT)
    assert (again.pupils_added, again.pupils_replaced) == (0, 1)
    world.run("daily-escalation", local(dt.date(2026, 11, 24), "13:00"))
    with session_scope(engine) as s:
        kinds = {t.kind for t in s.execute(select(PolicyTask)).scalars()}
    assert "threshold" in kinds or "letter" in kinds, "95 of 104 is below bedwell's 96%"
    assert "persistent_absence" not in kinds, "91.3% is above 90%"
