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
        f"{path}:3: kind: 'holiday' conflicts with 'closure' for 2026-12-01 on line 2",
        f"{path}:4: school_id: 'nowhere' is not a school in the configuration",
        f"{path}:5: date: 'tomorrow' is not a date like 2026-11-23",
        f"{path}:5: kind: 'snow day' is not one of holiday, closure, inset, remove",
    ]
    assert days(sqlite_engine) == {}


def test_ranges_skip_weekends_and_mix_with_single_days(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "cal.csv"
    path.write_text(
        "school_id,date,start_date,end_date,kind\n"
        "oakfield,,2026-12-21,2027-01-01,holiday\n"
        "oakfield,2026-11-19,,,closure\n"
        "hillcrest,,2026-09-01,,inset\n",
        encoding="utf-8",
    )
    summary = import_calendar(engine=engine, path=path)
    held = days(engine)
    assert summary.days_added == 10 + 1 + 1
    assert held[("oakfield", dt.date(2026, 12, 24))] == "holiday" and ("oakfield", dt.date(2026, 12, 26)) not in held
    assert held[("hillcrest", dt.date(2026, 9, 1))] == "inset"


def test_a_wrong_day_is_removed(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "cal.csv"
    path.write_text("school_id,start_date,end_date,kind\noakfield,2026-12-01,2026-12-03,closure\n", encoding="utf-8")
    import_calendar(engine=engine, path=path)
    path.write_text("school_id,date,kind\noakfield,2026-12-02,remove\noakfield,2026-12-09,remove\n", encoding="utf-8")
    summary = import_calendar(engine=engine, path=path)
    assert (summary.days_removed, summary.unchanged) == (1, 1)
    assert set(days(engine)) == {("oakfield", dt.date(2026, 12, 1)), ("oakfield", dt.date(2026, 12, 3))}
    with Session(engine) as s:
        assert dt.date(2026, 12, 2) in school_days(dt.date(2026, 12, 1), dt.date(2026, 12, 3), non_school_days(s, school_id="oakfield", start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 3)))


def test_bad_ranges_are_reported(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "cal.csv"
    path.write_text(
        "school_id,start_date,end_date,kind\n"
        "oakfield,2026-12-10,2026-12-01,holiday\n"
        "oakfield,2026-12-01,2028-01-01,holiday\n"
        "oakfield,,,holiday\n"
        "oakfield,2026-12-14,2026-12-18,holiday\n"
        "oakfield,2026-12-16,,inset\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as exc:
        import_calendar(engine=sqlite_engine, path=path)
    assert exc.value.errors == [
        f"{path}:2: end_date: 2026-12-01 is before start_date 2026-12-10",
        f"{path}:3: end_date: the range 2026-12-01 to 2028-01-01 is longer than a year",
        f"{path}:4: date: a value is required (a date, or a start_date and end_date)",
        f"{path}:6: kind: 'inset' conflicts with 'holiday' for 2026-12-16 on line 5",
    ]


def test_dry_run_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    summary = import_calendar(engine=engine, path=SAMPLE, dry_run=True)
    assert summary.days_added == 46 and days(engine) == {}
