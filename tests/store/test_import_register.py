"""Register import: new marks, what never overwrites a parent's or staff's mark, "came in after all"."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.db import session_scope
from store.imports import ImportRejected, import_register, import_roll
from store.marks import amendments_for, create_mark
from store.models import AbsenceReport, AttendanceMark, ImportRun, MarkAmendment, Pupil

DATA = Path(__file__).resolve().parents[2] / "store" / "data"
HEADER = ["school_id", "pupil_id", "date", "session", "mark"]
DAY = dt.date(2026, 11, 30)


@pytest.fixture
def store(engine: Engine) -> Engine:
    """The store with the sample roll imported."""
    import_roll(engine=engine, path=DATA / "sample_roll.csv")
    return engine


def register(tmp_path: Path, rows: list[list[str]], name: str = "register.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def pupil_id(engine: Engine, mis_id: str) -> int:
    with Session(engine) as s:
        found = s.exec(select(Pupil.id).where(Pupil.mis_id == mis_id)).one()
    assert found is not None
    return found


def mark(engine: Engine, mis_id: str, sess: str = "AM", day: dt.date = DAY) -> AttendanceMark | None:
    with Session(engine) as s:
        stmt = select(AttendanceMark).where(
            AttendanceMark.pupil_id == pupil_id(engine, mis_id),
            AttendanceMark.date == day,
            AttendanceMark.session == sess,
        )
        return s.exec(stmt).first()


def n_marks(engine: Engine) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(AttendanceMark)).one()


def parent_mark(engine: Engine, mis_id: str, code: str, sess: str = "AM", source: str = "parent") -> int:
    with session_scope(engine) as s:
        m = create_mark(s, pupil_id=pupil_id(engine, mis_id), date=DAY, sess=sess, code=code, source=source)
        assert m.id is not None
        return m.id


def test_sample_register_creates_marks(store: Engine) -> None:
    summary = import_register(engine=store, path=DATA / "sample_register.csv")
    assert (summary.rows, summary.marks_added, summary.no_mark, summary.marks_amended) == (59, 57, 2, 0)
    assert n_marks(store) == 57
    ollie = mark(store, "OAK0001")
    assert ollie is not None
    assert (ollie.code, ollie.status, ollie.source, ollie.updated_by) == ("N", "provisional", "register", "register")
    present = mark(store, "OAK0002")
    assert present is not None and (present.code, present.status) == ("/", "confirmed")
    assert mark(store, "OAK0015") is None  # "-": no mark yet, nothing written
    with Session(store) as s:
        assert s.exec(select(ImportRun).where(ImportRun.kind == "register")).one().summary["marks_added"] == 57


def test_present_marks_follow_the_session_and_codes_any_case(store: Engine, tmp_path: Path) -> None:
    path = register(
        tmp_path,
        [
            ["oakfield", "OAK0001", DAY.isoformat(), "am", "\\"],
            ["oakfield", "OAK0001", DAY.isoformat(), "PM", "/"],
            ["oakfield", "OAK0002", "30/11/2026", "AM", "i"],
            ["oakfield", "OAK0002", DAY.isoformat(), "PM", "y4"],
        ],
    )
    import_register(engine=store, path=path)
    assert [
        getattr(mark(store, p, s), "code", None)
        for p, s in (("OAK0001", "AM"), ("OAK0001", "PM"), ("OAK0002", "AM"), ("OAK0002", "PM"))
    ] == ["/", "\\", "I", "Y4"]


def test_n_and_dash_never_overwrite_parent_or_staff_marks(store: Engine, tmp_path: Path) -> None:
    parent_mark(store, "OAK0001", "I")
    parent_mark(store, "OAK0002", "M", source="staff")
    parent_mark(store, "OAK0003", "I")
    path = register(
        tmp_path,
        [
            ["oakfield", "OAK0001", DAY.isoformat(), "AM", "N"],
            ["oakfield", "OAK0002", DAY.isoformat(), "AM", "N"],
            ["oakfield", "OAK0003", DAY.isoformat(), "AM", "-"],
        ],
    )
    summary = import_register(engine=store, path=path)
    assert (summary.kept_reported, summary.no_mark, summary.marks_amended, summary.marks_added) == (2, 1, 0, 0)
    assert [getattr(mark(store, p), "code", None) for p in ("OAK0001", "OAK0002", "OAK0003")] == ["I", "M", "I"]
    with Session(store) as s:
        assert s.exec(select(func.count()).select_from(MarkAmendment)).one() == 0


def report(engine: Engine, mis_id: str, *, proposed: str, decided: str | None = None) -> int:
    with session_scope(engine) as s:
        row = AbsenceReport(
            school_id="oakfield", pupil_id=pupil_id(engine, mis_id), first_day=DAY, proposed_code=proposed,
            reviewed_code=decided, reviewed_by="Jo Pemberton" if decided else None, status="changed" if decided else "pending",
        )
        s.add(row)
        s.flush()
        assert row.id is not None
        return row.id


def test_n_for_a_reported_session_takes_the_report_code(store: Engine, tmp_path: Path) -> None:
    """The register knows only "absent, no reason"; the office already knows the reason, so N never undoes it."""
    decided = report(store, "OAK0001", proposed="M", decided="I")
    pending = report(store, "OAK0002", proposed="M")
    import_register(engine=store, path=register(tmp_path, [["oakfield", "OAK0001", DAY.isoformat(), "AM", "/"]]))
    rows = [["oakfield", p, DAY.isoformat(), sess, "N"] for p in ("OAK0001", "OAK0002", "OAK0003") for sess in ("AM", "PM")]
    summary = import_register(engine=store, path=register(tmp_path, rows, "r2.csv"))
    assert (summary.marks_added, summary.marks_amended) == (5, 1)
    got = {(p, sess): (m.code, m.status, m.source, m.report_id) for p in ("OAK0001", "OAK0002", "OAK0003") for sess in ("AM", "PM") if (m := mark(store, p, sess))}
    assert got == {
        ("OAK0001", "AM"): ("I", "confirmed", "staff", decided),
        ("OAK0001", "PM"): ("I", "confirmed", "staff", decided),
        ("OAK0002", "AM"): ("M", "provisional", "parent", pending),
        ("OAK0002", "PM"): ("M", "provisional", "parent", pending),
        ("OAK0003", "AM"): ("N", "provisional", "register", None),
        ("OAK0003", "PM"): ("N", "provisional", "register", None),
    }
    again = import_register(engine=store, path=register(tmp_path, rows, "r3.csv"))
    assert (again.marks_added, again.marks_amended) == (0, 0)


def test_present_over_provisional_absence_is_amended_and_reported(store: Engine, tmp_path: Path) -> None:
    mark_id = parent_mark(store, "OAK0001", "I")
    path = register(
        tmp_path,
        [
            ["oakfield", "OAK0001", DAY.isoformat(), "AM", "L"],
            ["oakfield", "OAK0002", DAY.isoformat(), "AM", "/"],
        ],
    )
    summary = import_register(engine=store, path=path)
    assert summary.came_in_after_all == [
        {
            "school_id": "oakfield",
            "pupil_id": "OAK0001",
            "date": "2026-11-30",
            "session": "AM",
            "old_code": "I",
            "new_code": "L",
            "old_source": "parent",
        }
    ]
    assert (summary.marks_amended, summary.marks_added) == (1, 1)
    amended = mark(store, "OAK0001")
    assert amended is not None
    assert (amended.code, amended.status, amended.source, amended.updated_by) == (
        "L",
        "confirmed",
        "register",
        "register",
    )
    with Session(store) as s:
        [audit] = amendments_for(s, mark_id=mark_id)
    assert (audit.original_code, audit.original_status, audit.amended_code, audit.amended_status) == (
        "I",
        "provisional",
        "L",
        "confirmed",
    )
    assert (audit.amended_by, audit.role, audit.reason) == ("register", "system", "register import: came in after all")


def test_register_changes_its_own_marks_through_amendments(store: Engine, tmp_path: Path) -> None:
    import_register(engine=store, path=register(tmp_path, [["oakfield", "OAK0001", DAY.isoformat(), "AM", "N"]]))
    again = import_register(
        engine=store, path=register(tmp_path, [["oakfield", "OAK0001", DAY.isoformat(), "AM", "N"]], "r2.csv")
    )
    assert (again.unchanged, again.marks_amended) == (1, 0)
    later = import_register(
        engine=store, path=register(tmp_path, [["oakfield", "OAK0001", DAY.isoformat(), "AM", "M"]], "r3.csv")
    )
    assert later.marks_amended == 1 and later.came_in_after_all == []
    updated = mark(store, "OAK0001")
    assert updated is not None and (updated.code, updated.status) == ("M", "confirmed")


def test_bad_register_reports_every_error_and_writes_nothing(store: Engine, tmp_path: Path) -> None:
    path = register(
        tmp_path,
        [
            ["oakfield", "OAK0001", DAY.isoformat(), "AM", "/"],
            ["oakfield", "NOBODY", DAY.isoformat(), "AM", "/"],
            ["oakfield", "OAK0002", "2026-13-01", "EVE", "QQ"],
            ["nowhere", "OAK0003", DAY.isoformat(), "AM", "/"],
            ["oakfield", "OAK0001", DAY.isoformat(), "AM", "N"],
            ["oakfield", "OAK0004", DAY.isoformat(), "PM", ""],
        ],
    )
    with pytest.raises(ImportRejected) as exc:
        import_register(engine=store, path=path)
    assert exc.value.errors == [
        f"{path}:3: pupil_id: 'NOBODY' is not a pupil of oakfield (import the roll first)",
        f"{path}:4: date: '2026-13-01' is not a date like 2026-11-23",
        f"{path}:4: session: 'EVE' is not one of AM, PM",
        f"{path}:4: mark: 'QQ' is not an attendance code (/ or \\ present, - no mark yet)",
        f"{path}:5: school_id: 'nowhere' is not a school in the configuration",
        f"{path}:6: mark: 'N' conflicts with '/' on line 2",
        f"{path}:7: mark: a value is required",
    ]
    assert n_marks(store) == 0


def test_dates_no_register_could_hold_are_refused(store: Engine, tmp_path: Path) -> None:
    path = register(tmp_path, [
        ["oakfield", "OAK0001", "0001-01-01", "AM", "N"],
        ["oakfield", "OAK0001", "9999-12-31", "AM", "N"],
        ["oakfield", "OAK0002", dt.date.today().isoformat(), "AM", "/"],
    ])
    with pytest.raises(ImportRejected) as exc:
        import_register(engine=store, path=path)
    assert [e.split(": ", 1)[1] for e in exc.value.errors] == [
        "date: 0001-01-01 is not a date a register can hold (from 7 years ago to a year ahead)",
        "date: 9999-12-31 is not a date a register can hold (from 7 years ago to a year ahead)",
    ]
    assert n_marks(store) == 0
