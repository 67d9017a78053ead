"""Exporting the marks the service holds (DESIGN §4.2) and their audit trail (§4.9) as CSV.

Marks: school_id, pupil_id (the MIS id), date, session, code, status, source,
reason (the reason given: the parent's words or what staff typed, never an
audit note), updated_by (the person's name, or the source when no person
acted), updated_at (ISO 8601, UTC).

Amendments (`absence-bot export amendments`): one row per change of a register
entry dated in the range: school_id, pupil_id, date, session, original_code,
original_status, new_code, new_status, reason (why it was amended), who, role,
when (ISO 8601, UTC) — what the registration regulations ask a school to show.
Rows are streamed from the database, so a term for a whole school never sits
in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import Engine, select, text

from store.imports.common import table
from store.models import AttendanceMark, MarkAmendment, Pupil

COLUMNS = ("school_id", "pupil_id", "date", "session", "code", "status", "source", "reason", "updated_by", "updated_at")
AMENDMENT_COLUMNS = (
    "school_id", "pupil_id", "date", "session", "original_code", "original_status", "new_code", "new_status", "reason", "who", "role", "when",
)
FETCH = 5000


#: A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """The value, made inert for a spreadsheet: a leading formula character gets a `'` before it (OWASP CSV injection)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _utc(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _marks_query(start: dt.date, end: dt.date, school_id: str | None = None) -> Any:
    m, p = table(AttendanceMark), table(Pupil)
    columns = (p.c.school_id, p.c.mis_id, *(m.c[name] for name in COLUMNS[2:]))
    query = (
        select(*columns)
        .join(p, p.c.id == m.c.pupil_id)
        .where(m.c.date >= start, m.c.date <= end)
        .order_by(p.c.school_id, m.c.date, m.c.session, p.c.mis_id)
    )
    return query if school_id is None else query.where(p.c.school_id == school_id)


def mark_rows(*, engine: Engine, start: dt.date, end: dt.date, school_id: str | None = None) -> Iterator[tuple[str, ...]]:
    """The export's rows for marks dated start to end inclusive, streamed from the database."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # A cursor is planned for its first rows by default; the export reads them all.
            conn.execute(text("SET LOCAL cursor_tuple_fraction = 1.0"))
        result = conn.execution_options(stream_results=True, yield_per=FETCH).execute(_marks_query(start, end, school_id))
        for school, pupil, day, sess, code, status, source, reason, by, at in result:
            yield (safe_cell(school), safe_cell(pupil), day.isoformat(), sess, code, status, source, safe_cell(reason or ""), safe_cell(by or source), _utc(at))


def export_marks(*, engine: Engine, start: dt.date, end: dt.date, out: TextIO, school_id: str | None = None) -> int:
    """Write the marks dated start to end inclusive (of one school, or all) as CSV with a header row; return how many."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in mark_rows(engine=engine, start=start, end=end, school_id=school_id):
        writer.writerow(row)
        count += 1
    return count


def _amendments_query(start: dt.date, end: dt.date, school_id: str | None = None) -> Any:
    a, m, p = table(MarkAmendment), table(AttendanceMark), table(Pupil)
    query = (
        select(
            p.c.school_id, p.c.mis_id, m.c.date, m.c.session, a.c.original_code, a.c.original_status,
            a.c.amended_code, a.c.amended_status, a.c.reason, a.c.amended_by, a.c.role, a.c.amended_at,
        )
        .join(m, m.c.id == a.c.mark_id)
        .join(p, p.c.id == m.c.pupil_id)
        .where(m.c.date >= start, m.c.date <= end)
        .order_by(p.c.school_id, m.c.date, m.c.session, p.c.mis_id, a.c.id)
    )
    return query if school_id is None else query.where(p.c.school_id == school_id)


def amendment_rows(*, engine: Engine, start: dt.date, end: dt.date, school_id: str | None = None) -> Iterator[tuple[str, ...]]:
    """The audit trail of register entries dated start to end inclusive, oldest change first per entry."""
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=FETCH).execute(_amendments_query(start, end, school_id))
        for school, pupil, day, sess, ocode, ostatus, ncode, nstatus, reason, who, role, at in result:
            yield (safe_cell(school), safe_cell(pupil), day.isoformat(), sess, ocode, ostatus, ncode, nstatus, safe_cell(reason or ""), safe_cell(who or ""), role, _utc(at))


def export_amendments(*, engine: Engine, start: dt.date, end: dt.date, out: TextIO, school_id: str | None = None) -> int:
    """Write the amendments of entries dated start to end inclusive as CSV with a header row; return how many."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AMENDMENT_COLUMNS)
    count = 0
    for row in amendment_rows(engine=engine, start=start, end=end, school_id=school_id):
        writer.writerow(row)
        count += 1
    return count
