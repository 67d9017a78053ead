"""Benchmark: daily-escalation for a 50,000-pupil trust with a full year of AM and PM registers (~19 million marks).

Usage: python bench/daily_escalation.py [--db URL [--reuse]] [--schools 50] [--pupils 50000] [--days 190]
Default database: a temporary SQLite file. Pass a PostgreSQL URL (an empty
database you may fill) to measure there. Marks are loaded with the driver's
bulk path (executemany on SQLite, COPY on PostgreSQL); loading is not timed.
Each school runs one of the four presets. Prints the time of the job across
the trust (every school, as the scheduler runs it at 13:00 on the last day),
a second run that must raise nothing, and one pupil's attendance query.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine

from scheduler.jobs import run_job_at
from store.attendance import pupil_attendance
from store.bootstrap import open_store
from store.db import session_scope
from store.models import AttendanceMark, Contact, OutboundMessage, PolicyTask, Pupil, PupilContact
from store.settings import Settings, parse_settings

PRESETS = ("charlton-park", "afmat", "bedwell", "russell-street")
FIRST_DAY = dt.date(2025, 9, 1)
BATCH = 5000


def trust_settings(url: str, schools: int) -> Settings:
    return parse_settings(
        {
            "database": {"url": url},
            "schools": [
                {"id": f"school-{n:02d}", "name": f"Trust School {n}", "policy": PRESETS[n % 4],
                 "staff_chat_id": -1003000000000 - 2 * n, "safeguarding_chat_id": -1003000000001 - 2 * n}
                for n in range(schools)
            ],
        },
        environ={},
    )


def school_days(n: int) -> list[dt.date]:
    days, day = [], FIRST_DAY
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _bulk(engine: Engine, table: object, rows: list[dict[str, object]]) -> None:
    with engine.begin() as conn:
        for i in range(0, len(rows), BATCH):
            conn.execute(insert(table), rows[i : i + BATCH])  # type: ignore[arg-type]


def _marks(pupils: int, days: list[dt.date], rng: random.Random) -> Iterator[tuple[int, str, str, str, str, str]]:
    """(pupil, date, session, code, status, source): most pupils in almost every day, some persistently absent."""
    absent_codes = ["I"] * 60 + ["M"] * 10 + ["O"] * 14 + ["G"] * 6 + ["N"] * 4 + ["C"] * 6
    for pid in range(1, pupils + 1):
        p = rng.choice((0.02, 0.02, 0.03, 0.04, 0.05, 0.08, 0.12, 0.2))
        for day in days:
            iso = day.isoformat()
            for sess, present in (("AM", "/"), ("PM", "\\")):
                r = rng.random()
                if r < p:
                    code = rng.choice(absent_codes)
                elif r < p + 0.01 and sess == "AM":
                    code = "L"
                else:
                    code = present
                yield pid, iso, sess, code, "provisional" if code == "N" else "confirmed", "register"


def load_marks(engine: Engine, pupils: int, days: list[dt.date], rng: random.Random) -> int:
    now = "2026-07-01 12:00:00+00:00"
    count = 0
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "postgresql":
            with cur.copy("COPY attendancemark (pupil_id, date, session, code, status, source, updated_by, updated_at) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in _marks(pupils, days, rng):
                    copy.write_row((*row, "register", now))
                    count += 1
        else:
            chunk: list[tuple[object, ...]] = []
            sql = "INSERT INTO attendancemark (pupil_id, date, session, code, status, source, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?)"
            for row in _marks(pupils, days, rng):
                chunk.append((*row, "register", now))
                if len(chunk) >= 200_000:
                    cur.executemany(sql, chunk)
                    count += len(chunk)
                    chunk.clear()
            cur.executemany(sql, chunk)
            count += len(chunk)
        raw.commit()
    finally:
        raw.close()
    return count


def populate(engine: Engine, settings: Settings, pupils: int, days: list[dt.date], seed: int = 11) -> int:
    rng = random.Random(seed)
    now = dt.datetime(2025, 9, 1, 8, tzinfo=dt.timezone.utc)
    per_school = pupils // len(settings.schools)
    pupil_rows, contact_rows = [], []
    for s, school in enumerate(settings.schools):
        for i in range(per_school):
            pid = s * per_school + i + 1
            pupil_rows.append({"id": pid, "school_id": school.id, "mis_id": f"{school.id}-{i}", "first_name": "Pupil",
                               "last_name": f"Number{i}", "year_group": str(1 + i % 6), "reg_group": f"{1 + i % 6}{'AB'[i % 2]}",
                               "social_worker": i % 97 == 0, "looked_after": False, "on_roll": True, "updated_at": now})
            contact_rows.append({"id": pid, "school_id": school.id, "mis_id": f"{school.id}-{i}-1", "name": f"Carer of {i}",
                                 "relationship": "parent", "phone": f"+447700900{pid % 1000:03d}", "phone_status": "ok",
                                 "sms_opted_out": False, "parental_responsibility": True, "updated_at": now})
    _bulk(engine, Pupil, pupil_rows)
    _bulk(engine, Contact, contact_rows)
    _bulk(engine, PupilContact, [{"pupil_id": p["id"], "contact_id": p["id"], "priority": 1, "active": True} for p in pupil_rows])
    return load_marks(engine, len(pupil_rows), days, rng)


def run_all(engine: Engine, settings: Settings, at: dt.datetime) -> tuple[float, int]:
    started = time.perf_counter()
    queued = sum(len(run_job_at(engine, settings, job="daily-escalation", school_id=s.id, now=at).queued) for s in settings.schools)
    return time.perf_counter() - started, queued


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--pupils", type=int, default=50_000)
    parser.add_argument("--days", type=int, default=190)
    parser.add_argument("--reuse", action="store_true",
                        help="the --db already holds this trust: skip loading, clear tasks and outbox, measure again")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    settings = trust_settings(url, args.schools)
    engine = open_store(settings, migrate=True)
    days = school_days(args.days)
    started = time.perf_counter()
    if args.reuse:
        with engine.begin() as conn:
            conn.execute(delete(PolicyTask))
            conn.execute(delete(OutboundMessage))
            marks = conn.execute(select(func.count()).select_from(AttendanceMark)).scalar_one()
    else:
        marks = populate(engine, settings, args.pupils, days)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    print(f"backend {engine.dialect.name}: {args.pupils} pupils in {args.schools} schools, {marks} marks over {len(days)} days "
          f"(loaded in {time.perf_counter() - started:.0f} s)")
    at = dt.datetime.combine(days[-1], dt.time(12, 30), tzinfo=dt.timezone.utc)  # 13:30 BST
    first, queued = run_all(engine, settings, at)
    again, requeued = run_all(engine, settings, at)
    with session_scope(engine) as session:
        by_kind = dict(session.execute(select(PolicyTask.kind, func.count()).group_by(PolicyTask.kind)).all())
        timings = []
        for n in range(20):
            t0 = time.perf_counter()
            pupil_attendance(session, school_id=settings.schools[n % args.schools].id, start=FIRST_DAY, end=days[-1],
                             pupil_mis_id=f"{settings.schools[n % args.schools].id}-{n * 7}")
            timings.append(time.perf_counter() - t0)
    print(f"daily-escalation, every school: {first:.1f} s, queued {queued} messages; tasks by kind: {by_kind}")
    print(f"second run: {again:.1f} s, queued {requeued} messages")
    print(f"attendance query, one pupil, the whole year: median {1000 * statistics.median(timings):.1f} ms, max {1000 * max(timings):.1f} ms")
    assert requeued == 0, "nothing raised or posted twice"
    engine.dispose()


if __name__ == "__main__":
    main()
