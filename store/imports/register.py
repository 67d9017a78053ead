"""Importing register marks from the MIS (DESIGN §4.2): `school_id, pupil_id, date, session, mark`.

Rules, in order, for each row:
- `-` (no mark yet) writes nothing; a pupil with no row is "no information".
- no stored mark: the mark is created with source `register` (status
  `confirmed`, except `N`, which is `provisional` until a reason is known);
- the same code is stored already: nothing changes;
- `N` never overwrites a mark from a parent report or from staff;
- a staff decision (a confirmed parent or staff mark) is only changed by a
  present or late code (the pupil came in after all), never by another
  absence code;
- `N` for a session an absence report covers takes the report's code: the
  staff decision (confirmed) when staff decided it, else the proposed code
  (provisional), so the register never undoes what the office already knows;
- otherwise the stored mark is amended through `amend_mark` (who `register`,
  role `system`), so the change is audited. A present or late mark over an
  absence is reported as "came in after all" for the staff channel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from store.codes import NO_MARK, PRESENT_CODES, UnknownCode, lookup
from store.imports.common import execute_batches, import_session, record_run, show, table
from store.imports.csvread import (
    Problems,
    ProgressFn,
    Row,
    chunked,
    parse_choice,
    parse_date,
    read_csv,
    required_values,
)
from store.marks import amend_mark
from store.models import AbsenceReport, AttendanceMark, Pupil, School, utcnow

REQUIRED = ("school_id", "pupil_id", "date", "session", "mark")
WHO, ROLE = "register", "system"
PROTECTED_SOURCES = frozenset({"parent", "staff"})
PRESENT_BY_SESSION = {"AM": "/", "PM": "\\"}

MarkKey = tuple[int, dt.date, str]  # (pupil row id, date, session)


@dataclass(frozen=True)
class Entry:
    """A checked register row: `code` None means `-` (no mark yet)."""

    school_id: str
    pupil_id: str
    code: str | None
    line: int


@dataclass(frozen=True)
class Reported:
    """The mark a report gives a session it covers: what an `N` from the register becomes."""

    code: str
    status: str
    source: str
    who: str
    report_id: int


@dataclass
class RegisterSummary:
    """What a register import did; `came_in_after_all` lists present marks that replaced an absence."""

    file: str
    rows: int = 0
    marks_added: int = 0
    marks_amended: int = 0
    unchanged: int = 0
    no_mark: int = 0
    kept_reported: int = 0
    came_in_after_all: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- checking the file -------------------------------------------------------------------------


def _mark(row: Row, session: str | None, problems: Problems) -> str | None:
    """The canonical code for a row's mark; None for `-`."""
    value = row["mark"]
    if value == NO_MARK:
        return None
    if value in ("/", "\\"):
        return PRESENT_BY_SESSION.get(session or "", value)
    try:
        return lookup(value).code
    except UnknownCode:
        problems.add(row.line, "mark", f"{value!r} is not an attendance code (/ or \\ present, - no mark yet)")
        return None


def _pupil_id(row: Row, pupils: dict[tuple[str, str], int], schools: set[str], problems: Problems) -> int | None:
    school, mis_id = row["school_id"], row["pupil_id"]
    if school not in schools:
        problems.add(row.line, "school_id", f"{school!r} is not a school in the configuration")
        return None
    pupil = pupils.get((school, mis_id))
    if pupil is None:
        problems.add(row.line, "pupil_id", f"{mis_id!r} is not a pupil of {school} (import the roll first)")
    return pupil


#: Register entries are kept six years (with a margin for a school year); none is made more than a year ahead.
EARLIEST_YEARS = 7


def plausible_day(day: dt.date, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return today - dt.timedelta(days=365 * EARLIEST_YEARS + 2) <= day <= today + dt.timedelta(days=366)


def _check_row(
    row: Row,
    entries: dict[MarkKey, Entry],
    *,
    pupils: dict[tuple[str, str], int],
    schools: set[str],
    problems: Problems,
) -> None:
    if not required_values(row, REQUIRED, problems):
        return
    pupil = _pupil_id(row, pupils, schools, problems)
    day = parse_date(row, "date", problems)
    if day is not None and not plausible_day(day):
        problems.add(row.line, "date", f"{day.isoformat()} is not a date a register can hold (from {EARLIEST_YEARS} years ago to a year ahead)")
        day = None
    sess = parse_choice(row, "session", ("AM", "PM"), problems)
    n_errors = len(problems.errors)
    code = _mark(row, sess, problems)
    if pupil is None or day is None or sess is None or len(problems.errors) > n_errors:
        return
    key, entry = (pupil, day, sess), Entry(row["school_id"], row["pupil_id"], code, row.line)
    first = entries.setdefault(key, entry)
    if first.code != code:
        earlier = show(first.code or NO_MARK)
        problems.add(row.line, "mark", f"{show(row['mark'])} conflicts with {earlier} on line {first.line}")


def parse_register(
    path: Path, *, pupils: dict[tuple[str, str], int], schools: set[str]
) -> tuple[int, dict[MarkKey, Entry]]:
    """Check a register file completely; raise ImportRejected listing every problem."""
    rows = read_csv(path, required=REQUIRED)
    problems = Problems(str(path))
    entries: dict[MarkKey, Entry] = {}
    for row in rows:
        _check_row(row, entries, pupils=pupils, schools=schools, problems=problems)
    problems.raise_if_any()
    return len(rows), entries


# --- writing -----------------------------------------------------------------------------------


def _existing_marks(conn: Connection, entries: dict[MarkKey, Entry]) -> dict[MarkKey, Any]:
    t, pupils = table(AttendanceMark), table(Pupil)
    days = [day for _, day, _ in entries]
    schools = {e.school_id for e in entries.values()}
    own = select(pupils.c.id).where(pupils.c.school_id.in_(schools))
    stmt = select(t).where(t.c.pupil_id.in_(own), t.c.date >= min(days), t.c.date <= max(days))
    return {(r.pupil_id, r.date, r.session): r for r in conn.execute(stmt)}


def _new_mark(key: MarkKey, code: str, at: dt.datetime, reported: Reported | None = None) -> dict[str, Any]:
    pupil_id, day, sess = key
    row = {"pupil_id": pupil_id, "date": day, "session": sess, "code": code, "updated_at": at}
    if reported is not None:
        return row | {"code": reported.code, "status": reported.status, "source": reported.source, "updated_by": reported.who, "report_id": reported.report_id}
    return row | {"status": "provisional" if code == "N" else "confirmed", "source": "register", "updated_by": WHO, "report_id": None}


def reported_sessions(session: Session, entries: dict[MarkKey, Entry]) -> dict[MarkKey, Reported]:
    """For each `N` in the file, the absence report (not cancelled) that covers its session, if any."""
    from store.reports import covered_sessions  # store.settings imports this package; store.reports needs store.schools

    wanted = {key for key, entry in entries.items() if entry.code == "N"}
    if not wanted:
        return {}
    days = [day for _, day, _ in wanted]
    found: dict[MarkKey, Reported] = {}
    for batch in chunked(sorted({pupil for pupil, _, _ in wanted}), 500):
        stmt = orm_select(AbsenceReport).where(
            col(AbsenceReport.pupil_id).in_(batch), col(AbsenceReport.intent).in_(("absence", "leave_request")), AbsenceReport.status != "cancelled",
            AbsenceReport.first_day <= max(days), col(AbsenceReport.id).is_not(None),
        ).order_by(col(AbsenceReport.id))
        for report in session.exec(stmt):
            if (report.last_day or report.first_day) < min(days) or report.id is None:
                continue
            if report.reviewed_code:
                given = Reported(report.reviewed_code, "confirmed", "staff", report.reviewed_by or "staff", report.id)
            else:
                given = Reported(report.proposed_code or "N", "provisional", "parent", "parent", report.id)
            for day, sess in covered_sessions(session, report):
                key = (report.pupil_id, day, sess)
                if key in wanted:
                    found[key] = given
    return found


def _plan(
    entries: dict[MarkKey, Entry], existing: dict[MarkKey, Any], summary: RegisterSummary, at: dt.datetime,
    reported: dict[MarkKey, Reported] | None = None,
) -> tuple[list[dict[str, Any]], list[tuple[Any, Entry, Reported | None]]]:
    """Split the file into new marks and amendments, counting what is left alone."""
    inserts: list[dict[str, Any]] = []
    amends: list[tuple[Any, Entry, Reported | None]] = []
    reported = reported or {}
    for key, entry in entries.items():
        old = existing.get(key)
        given = reported.get(key)
        if entry.code is None:
            summary.no_mark += 1
        elif old is None:
            inserts.append(_new_mark(key, entry.code, at, given))
        elif given is not None:
            if old.source in PROTECTED_SOURCES or (old.code, old.status) == (given.code, given.status):
                summary.kept_reported += 1
            else:
                amends.append((old, entry, given))
        elif old.code == entry.code:
            summary.unchanged += 1
        elif entry.code == "N" and old.source in PROTECTED_SOURCES:
            summary.kept_reported += 1
        elif old.status == "confirmed" and old.source in PROTECTED_SOURCES and entry.code not in PRESENT_CODES:
            summary.kept_reported += 1
        else:
            amends.append((old, entry, None))
    return inserts, amends


def _came_in(old: Any, entry: Entry) -> bool:
    return entry.code in PRESENT_CODES and lookup(old.code).absent


def _load_marks(session: Session, ids: list[int]) -> dict[int, AttendanceMark]:
    marks: dict[int, AttendanceMark] = {}
    for batch in chunked(ids, 500):
        stmt = orm_select(AttendanceMark).where(col(AttendanceMark.id).in_(batch))
        marks.update((m.id, m) for m in session.exec(stmt) if m.id is not None)
    return marks


def _event(old: Any, entry: Entry) -> dict[str, Any]:
    return {
        "school_id": entry.school_id,
        "pupil_id": entry.pupil_id,
        "date": old.date.isoformat(),
        "session": old.session,
        "old_code": old.code,
        "new_code": entry.code,
        "old_source": old.source,
    }


def _amend(session: Session, amends: list[tuple[Any, Entry, Reported | None]], summary: RegisterSummary, at: dt.datetime) -> None:
    """Apply register changes to stored marks through amend_mark, collecting "came in after all"."""
    marks = _load_marks(session, [old.id for old, _, _ in amends])
    for old, entry, given in amends:
        assert entry.code is not None
        if given is not None:
            amend_mark(
                session, mark=marks[old.id], code=given.code, reason="register import: absent, as reported", who=WHO, role=ROLE,
                status=given.status, source=given.source, report_id=given.report_id, at=at,
            )
            summary.marks_amended += 1
            continue
        came_in = _came_in(old, entry)
        reason = "register import: came in after all" if came_in else "register import"
        status = "provisional" if entry.code == "N" else "confirmed"
        mark = marks[old.id]
        amend_mark(
            session,
            mark=mark,
            code=entry.code,
            reason=reason,
            who=WHO,
            role=ROLE,
            status=status,
            source="register",
            at=at,
        )
        summary.marks_amended += 1
        if came_in:
            summary.came_in_after_all.append(_event(old, entry))


def import_register(
    *, engine: Engine, path: Path, progress: ProgressFn | None = None, at: dt.datetime | None = None, dry_run: bool = False
) -> RegisterSummary:
    """Check and import a register CSV in one transaction; ImportRejected (nothing written) if it has problems.

    With `dry_run` the summary says what would change and the transaction is rolled back.
    """
    at = at or utcnow()
    with import_session(engine, dry_run=dry_run) as session:
        conn = session.connection()
        schools = set(conn.execute(select(table(School).c.id)).scalars())
        t = table(Pupil)
        pupils = {(r.school_id, r.mis_id): r.id for r in conn.execute(select(t.c.id, t.c.school_id, t.c.mis_id))}
        rows, entries = parse_register(path, pupils=pupils, schools=schools)
        summary = RegisterSummary(file=str(path), rows=rows)
        if entries:
            inserts, amends = _plan(entries, _existing_marks(conn, entries), summary, at, reported_sessions(session, entries))
            execute_batches(conn, insert(table(AttendanceMark)), inserts, stage="adding marks", progress=progress)
            summary.marks_added = len(inserts)
            _amend(session, amends, summary, at)
        record_run(conn, kind="register", path=path, at=at, summary=summary.as_dict())
        return summary
