"""Importing the school calendar (DESIGN §4.2): `school_id, date, kind` with kind holiday | closure | inset.

Days are upserted: a date already held for a school takes the kind in the file.
School days are Monday to Friday except the days listed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, insert, select, update

from store.db import session_scope
from store.imports.common import execute_batches, record_run, show, table
from store.imports.csvread import Problems, ProgressFn, Row, parse_choice, parse_date, read_csv, required_values
from store.models import CalendarDay, School, utcnow

REQUIRED = ("school_id", "date", "kind")
KINDS = ("holiday", "closure", "inset")

DayKey = tuple[str, dt.date]


@dataclass
class CalendarSummary:
    file: str
    rows: int = 0
    days_added: int = 0
    days_changed: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check_row(row: Row, days: dict[DayKey, tuple[str, int]], schools: set[str], problems: Problems) -> None:
    if not required_values(row, REQUIRED, problems):
        return
    if row["school_id"] not in schools:
        problems.add(row.line, "school_id", f"{row['school_id']!r} is not a school in the configuration")
    day = parse_date(row, "date", problems)
    kind = parse_choice(row, "kind", KINDS, problems)
    if day is None or kind is None:
        return
    first_kind, first_line = days.setdefault((row["school_id"], day), (kind, row.line))
    if first_kind != kind:
        problems.add(row.line, "kind", f"{show(kind)} conflicts with {show(first_kind)} on line {first_line}")


def parse_calendar(path: Path, *, schools: set[str]) -> tuple[int, dict[DayKey, str]]:
    """Check a calendar file completely; raise ImportRejected listing every problem."""
    rows = read_csv(path, required=REQUIRED)
    problems = Problems(str(path))
    days: dict[DayKey, tuple[str, int]] = {}
    for row in rows:
        _check_row(row, days, schools, problems)
    problems.raise_if_any()
    return len(rows), {key: kind for key, (kind, _) in days.items()}


def write_calendar(
    conn: Connection, days: dict[DayKey, str], summary: CalendarSummary, *, progress: ProgressFn | None
) -> None:
    """Insert new days and change the kind of days already held."""
    t = table(CalendarDay)
    existing = {(r.school_id, r.date): r.kind for r in conn.execute(select(t))}
    inserts = [{"school_id": s, "date": d, "kind": k} for (s, d), k in days.items() if (s, d) not in existing]
    changes = [{"b_s": s, "b_d": d, "kind": k} for (s, d), k in days.items() if existing.get((s, d), k) != k]
    execute_batches(conn, insert(t), inserts, stage="adding days", progress=progress)
    stmt = update(t).where(and_(t.c.school_id == bindparam("b_s"), t.c.date == bindparam("b_d")))
    execute_batches(conn, stmt, changes, stage="changing days", progress=progress)
    summary.days_added, summary.days_changed = len(inserts), len(changes)
    summary.unchanged = len(days) - len(inserts) - len(changes)


def import_calendar(
    *, engine: Engine, path: Path, progress: ProgressFn | None = None, at: dt.datetime | None = None
) -> CalendarSummary:
    """Check and import a calendar CSV in one transaction; ImportRejected (nothing written) if it has problems."""
    with session_scope(engine) as session:
        conn = session.connection()
        schools = set(conn.execute(select(table(School).c.id)).scalars())
        rows, days = parse_calendar(path, schools=schools)
        summary = CalendarSummary(file=str(path), rows=rows)
        write_calendar(conn, days, summary, progress=progress)
        record_run(conn, kind="calendar", path=path, at=at or utcnow(), summary=summary.as_dict())
        return summary
