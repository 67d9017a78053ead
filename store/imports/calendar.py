"""Importing the school calendar (DESIGN §4.2): holidays, closures and INSET days, one day or a range per row.

Columns: `school_id, kind` and either `date` (one day) or `start_date, end_date`
(a range, inclusive; `end_date` defaults to `start_date`; weekends in a range
are skipped, as they are never school days). Kind is holiday | closure | inset,
or `remove` to delete days held by mistake (they become ordinary school days
again). Days are upserted: a date already held for a school takes the kind in
the file. School days are Monday to Friday except the days held here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, delete, insert, select, update

from store.imports.common import execute_batches, import_session, record_run, show, table
from store.imports.csvread import Problems, ProgressFn, Row, parse_choice, parse_date, read_csv, required_values
from store.models import CalendarDay, School, utcnow

REQUIRED = ("school_id", "kind")
OPTIONAL = ("date", "start_date", "end_date")
KINDS = ("holiday", "closure", "inset", "remove")
REMOVE = "remove"
#: A longer range is almost certainly a typo in a year.
MAX_RANGE_DAYS = 366

DayKey = tuple[str, dt.date]


@dataclass
class CalendarSummary:
    file: str
    rows: int = 0
    days_added: int = 0
    days_changed: int = 0
    days_removed: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _days(row: Row, problems: Problems) -> list[dt.date] | None:
    """The days a row covers: its `date`, or the weekdays from `start_date` to `end_date`."""
    if row["date"] and not row["start_date"]:
        day = parse_date(row, "date", problems)
        return None if day is None else [day]
    if not row["start_date"]:
        problems.add(row.line, "date", "a value is required (a date, or a start_date and end_date)")
        return None
    start = parse_date(row, "start_date", problems)
    end = parse_date(row, "end_date", problems) if row["end_date"] else start
    if start is None or end is None:
        return None
    if end < start:
        problems.add(row.line, "end_date", f"{end} is before start_date {start}")
        return None
    if (end - start).days >= MAX_RANGE_DAYS:
        problems.add(row.line, "end_date", f"the range {start} to {end} is longer than a year")
        return None
    span = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
    return [d for d in span if d.weekday() < 5]


def _check_row(row: Row, days: dict[DayKey, tuple[str, int]], schools: set[str], problems: Problems) -> None:
    if not required_values(row, REQUIRED, problems):
        return
    if row["school_id"] not in schools:
        problems.add(row.line, "school_id", f"{row['school_id']!r} is not a school in the configuration")
    covered = _days(row, problems)
    kind = parse_choice(row, "kind", KINDS, problems)
    if covered is None or kind is None:
        return
    for day in covered:
        first_kind, first_line = days.setdefault((row["school_id"], day), (kind, row.line))
        if first_kind != kind:
            problems.add(row.line, "kind", f"{show(kind)} conflicts with {show(first_kind)} for {day} on line {first_line}")
            return


def parse_calendar(path: Path, *, schools: set[str]) -> tuple[int, dict[DayKey, str]]:
    """Check a calendar file completely; raise ImportRejected listing every problem."""
    rows = read_csv(path, required=REQUIRED, optional=OPTIONAL)
    problems = Problems(str(path))
    if rows and not ({"date", "start_date"} & set(rows[0].values)):
        problems.add(1, "date", "the header needs a date column, or start_date and end_date")
        problems.raise_if_any()
    days: dict[DayKey, tuple[str, int]] = {}
    for row in rows:
        _check_row(row, days, schools, problems)
    problems.raise_if_any()
    return len(rows), {key: kind for key, (kind, _) in days.items()}


def write_calendar(
    conn: Connection, days: dict[DayKey, str], summary: CalendarSummary, *, progress: ProgressFn | None
) -> None:
    """Insert new days, change the kind of days already held, and delete the days to remove."""
    t = table(CalendarDay)
    existing = {(r.school_id, r.date): r.kind for r in conn.execute(select(t))}
    keep = {key: kind for key, kind in days.items() if kind != REMOVE}
    gone = [{"b_s": s, "b_d": d} for (s, d), kind in days.items() if kind == REMOVE and (s, d) in existing]
    inserts = [{"school_id": s, "date": d, "kind": k} for (s, d), k in keep.items() if (s, d) not in existing]
    changes = [{"b_s": s, "b_d": d, "kind": k} for (s, d), k in keep.items() if existing.get((s, d), k) != k]
    where = and_(t.c.school_id == bindparam("b_s"), t.c.date == bindparam("b_d"))
    execute_batches(conn, insert(t), inserts, stage="adding days", progress=progress)
    execute_batches(conn, update(t).where(where), changes, stage="changing days", progress=progress)
    execute_batches(conn, delete(t).where(where), gone, stage="removing days", progress=progress)
    summary.days_added, summary.days_changed, summary.days_removed = len(inserts), len(changes), len(gone)
    summary.unchanged = len(days) - len(inserts) - len(changes) - len(gone)


def import_calendar(
    *, engine: Engine, path: Path, progress: ProgressFn | None = None, at: dt.datetime | None = None, dry_run: bool = False
) -> CalendarSummary:
    """Check and import a calendar CSV in one transaction; ImportRejected (nothing written) if it has problems."""
    with import_session(engine, dry_run=dry_run) as session:
        conn = session.connection()
        schools = set(conn.execute(select(table(School).c.id)).scalars())
        rows, days = parse_calendar(path, schools=schools)
        summary = CalendarSummary(file=str(path), rows=rows)
        write_calendar(conn, days, summary, progress=progress)
        record_run(conn, kind="calendar", path=path, at=at or utcnow(), summary=summary.as_dict())
        return summary
