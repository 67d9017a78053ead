"""Calendar import: the sample calendar, upserts, and every error reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.imports import ImportRejected, import_calendar
from store.models import CalendarDay
from store.schools import non_school_days, school_days

SAMPLE = Path(__file__).resolve().parents[2] / "store" / "data" / "sample_calendar.csv"


def days(engine: Engine) -> dict[tuple[str, dt.date], str]:
    with Session(engine) as s:
        return {(d.school_id, d.date): d.kind for d in s.exec(select(CalendarDay))}


def test_sample_calendar(engine: Engine) -> None:
    summary = import_calendar(engine=engine, path=SAMPLE)
    assert summary.days_added == summary.rows == 46
    held = days(engine)
    assert held[("oakfield", dt.date(2026, 11, 19))] == "closure"
    assert held[("hillcrest", dt.date(2026, 9, 1))] == "inset"
    with Session(engine) as s:
        closed = non_school_days(s, school_id="oakfield", start=dt.date(2026, 10, 19), end=dt.date(2026, 11, 20))
    week = school_days(dt.date(2026, 10, 26), dt.date(2026, 11, 1), closed)
    assert week == []  # half term
    assert dt.date(2026, 11, 19) not in school_days(dt.date(2026, 11, 16), dt.date(2026, 11, 20), closed)


def test_calendar_upserts(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "cal.csv"
    path.write_text("school_id,date,kind\noakfield,2026-12-01,closure\n", encoding="utf-8")
    import_calendar(engine=engine, path=path)
    path.write_text("school_id,date,kind\noakfield,2026-12-01,INSET\noakfield,2026-12-02,holiday\n", encoding="utf-8")
    summary = import_calendar(engine=engine, path=path)
    assert (summary.days_added, summary.days_changed, summary.unchanged) == (1, 1, 0)
    assert days(engine) == {("oakfield", dt.date(2026, 12, 1)): "inset", ("oakfield", dt.date(2026, 12, 2)): "holiday"}


def test_bad_calendar_reports_every_error(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "cal.csv"
    path.write_text(
        "school_id,date,kind\n"
        "oakfield,2026-12-01,closure\n"
        "oakfield,2026-12-01,holiday\n"
        "nowhere,2026-12-02,inset\n"
        "oakfield,tomorrow,snow day\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as exc:
        import_calendar(engine=sqlite_engine, path=path)
    assert exc.value.errors == [
        f"{path}:3: kind: 'holiday' conflicts with 'closure' on line 2",
        f"{path}:4: school_id: 'nowhere' is not a school in the configuration",
        f"{path}:5: date: 'tomorrow' is not a date like 2026-11-23",
        f"{path}:5: kind: 'snow day' is not one of holiday, closure, inset",
    ]
    assert days(sqlite_engine) == {}
