"""Importing the MIS attendance summary (issue 12): `school_id, pupil_id, as_of, possible, present, authorised, unauthorised`.

For a school whose MIS cannot export daily registers: each row is a
pupil's figures this school year up to and including `as_of`. Figures over a
period that contains `as_of` start from these and add the marks the service
holds for later days (`store.attendance`). One row per pupil is kept; a
later import replaces it. Every row is checked first: counts are whole
numbers, present + authorised + unauthorised is at most possible, the date
is not in the future; a bad file imports nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, insert, select, update

from store.imports.common import execute_batches, import_session, record_run, table
from store.imports.csvread import Problems, ProgressFn, Row, parse_date, read_csv, required_values
from store.models import AttendanceBaseline, Pupil, School, utcnow

REQUIRED = ("school_id", "pupil_id", "as_of", "possible", "present", "authorised", "unauthorised")
COUNTS = ("possible", "present", "authorised", "unauthorised")
#: Two registers a day for a whole school year is under 400 sessions.
MAX_SESSIONS = 420


@dataclass
class AttendanceSummaryImport:
    file: str
    rows: int = 0
    pupils_added: int = 0
    pupils_replaced: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _counts(row: Row, problems: Problems) -> dict[str, int] | None:
    values: dict[str, int] = {}
    for column in COUNTS:
        raw = row[column]
        if not raw.isdigit() or int(raw) > MAX_SESSIONS:
            problems.add(row.line, column, f"{raw!r} is not a number of sessions (0 to {MAX_SESSIONS})")
            continue
        values[column] = int(raw)
    if len(values) < len(COUNTS):
        return None
    if values["present"] + values["authorised"] + values["unauthorised"] > values["possible"]:
        problems.add(row.line, "possible", f"{values['possible']} is less than present + authorised + unauthorised")
        return None
    return values


def parse_attendance(
    path: Path, *, pupils: dict[tuple[str, str], int], schools: set[str], today: dt.date
) -> tuple[int, dict[int, dict[str, Any]]]:
    """Check the whole file; raise ImportRejected listing every problem."""
    rows = read_csv(path, required=REQUIRED)
    problems = Problems(str(path))
    found: dict[int, dict[str, Any]] = {}
    lines: dict[int, int] = {}
    for row in rows:
        if not required_values(row, REQUIRED, problems):
            continue
        if row["school_id"] not in schools:
            problems.add(row.line, "school_id", f"{row['school_id']!r} is not a school in the configuration")
            continue
        pupil = pupils.get((row["school_id"], row["pupil_id"]))
        if pupil is None:
            problems.add(row.line, "pupil_id", f"{row['pupil_id']!r} is not a pupil of {row['school_id']} (import the roll first)")
        as_of = parse_date(row, "as_of", problems)
        if as_of is not None and as_of > today:
            problems.add(row.line, "as_of", f"{as_of} is in the future")
            as_of = None
        counts = _counts(row, problems)
        if pupil is None or as_of is None or counts is None:
            continue
        if pupil in lines:
            problems.add(row.line, "pupil_id", f"{row['pupil_id']!r} is also on line {lines[pupil]}")
            continue
        lines[pupil] = row.line
        found[pupil] = {"school_id": row["school_id"], "pupil_id": pupil, "as_of": as_of, **counts}
    problems.raise_if_any()
    return len(rows), found


def import_attendance(
    *, engine: Engine, path: Path, progress: ProgressFn | None = None, at: dt.datetime | None = None, dry_run: bool = False,
) -> AttendanceSummaryImport:
    """Check and import an attendance summary CSV in one transaction; nothing written if it has problems."""
    when = at or utcnow()
    with import_session(engine, dry_run=dry_run) as session:
        conn = session.connection()
        schools = set(conn.execute(select(table(School).c.id)).scalars())
        p = table(Pupil)
        pupils = {(r.school_id, r.mis_id): r.id for r in conn.execute(select(p.c.id, p.c.school_id, p.c.mis_id))}
        rows, found = parse_attendance(path, pupils=pupils, schools=schools, today=when.date() + dt.timedelta(days=1))
        t = table(AttendanceBaseline)
        held = set(conn.execute(select(t.c.pupil_id)).scalars())
        inserts = [v | {"imported_at": when} for k, v in found.items() if k not in held]
        replaces = [{**{c: v[c] for c in ("as_of", *COUNTS)}, "imported_at": when, "b_pupil": k} for k, v in found.items() if k in held]
        execute_batches(conn, insert(t), inserts, stage="adding summaries", progress=progress)
        execute_batches(conn, update(t).where(t.c.pupil_id == bindparam("b_pupil")), replaces, stage="replacing summaries", progress=progress)
        summary = AttendanceSummaryImport(file=str(path), rows=rows, pupils_added=len(inserts), pupils_replaced=len(replaces))
        record_run(conn, kind="attendance", path=path, at=when, summary=summary.as_dict())
        return summary
