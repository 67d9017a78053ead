"""Benchmark: the register-close sweep for a 50,000-pupil trust (5% absent, half of those unexplained).

Usage: python bench/register_close.py [--db URL] [--schools 20] [--pupils 50000]
Default database: a temporary SQLite file. Pass a PostgreSQL URL (an empty
database you may fill) to measure there. Prints the time to queue every
chaser across the trust, and checks a second sweep queues nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from scheduler.jobs import run_job_at
from store.bootstrap import open_store
from store.db import session_scope
from store.models import AbsenceReport, AttendanceMark, ChaseAttempt, Contact, OutboundMessage, Pupil, PupilContact
from store.settings import Settings, parse_settings

DAY = dt.date(2026, 11, 23)
AT = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)
BATCH = 5000


def trust_settings(url: str, schools: int) -> Settings:
    return parse_settings(
        {
            "database": {"url": url},
            "schools": [
                {"id": f"school-{n:02d}", "name": f"Trust School {n}", "policy": "afmat", "register_closes": "09:00",
                 "staff_chat_id": -1002000000000 - 2 * n, "safeguarding_chat_id": -1002000000001 - 2 * n}
                for n in range(schools)
            ],
        },
        environ={},
    )


def _bulk(engine: Engine, table: Any, rows: list[dict[str, Any]]) -> None:
    with engine.begin() as conn:
        for i in range(0, len(rows), BATCH):
            conn.execute(insert(table), rows[i : i + BATCH])


def populate(engine: Engine, settings: Settings, pupils: int, seed: int = 7) -> dict[str, int]:
    """Pupils with two contacts each, a full morning register: 5% absent, half of them unexplained (N)."""
    rng = random.Random(seed)
    now = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.timezone.utc)
    per_school = pupils // len(settings.schools)
    pupil_rows, contact_rows = [], []
    for s, school in enumerate(settings.schools):
        for i in range(per_school):
            pid = s * per_school + i + 1
            pupil_rows.append({"id": pid, "school_id": school.id, "mis_id": f"{school.id}-{i}", "first_name": "Pupil",
                               "last_name": f"Number{i}", "year_group": str(7 + i % 5), "reg_group": f"{7 + i % 5}{'ABCDEF'[i % 6]}",
                               "social_worker": i % 97 == 0, "looked_after": False, "on_roll": True, "updated_at": now})
            for c in (1, 2):
                cid = 2 * pid - 2 + c
                contact_rows.append({"id": cid, "school_id": school.id, "mis_id": f"{school.id}-{i}-{c}", "name": f"Carer {c} of {i}",
                                     "relationship": "parent", "phone": f"+447700900{cid % 1000:03d}", "phone_status": "ok",
                                     "telegram_user_id": 10_000_000 + cid if cid % 5 == 0 else None, "sms_opted_out": False,
                                     "parental_responsibility": True, "updated_at": now})
    _bulk(engine, Pupil, pupil_rows)
    _bulk(engine, Contact, contact_rows)
    _bulk(engine, PupilContact, [{"pupil_id": (cid + 1) // 2, "contact_id": cid, "priority": 2 - cid % 2, "active": True}
                                 for cid in range(1, 2 * len(pupil_rows) + 1)])
    absent = rng.sample([p["id"] for p in pupil_rows], k=len(pupil_rows) // 20)
    unexplained = set(absent[: len(absent) // 2])
    school_of = {p["id"]: p["school_id"] for p in pupil_rows}
    marks = []
    for p in pupil_rows:
        code = "N" if p["id"] in unexplained else ("I" if p["id"] in absent else "/")
        marks.append({"pupil_id": p["id"], "date": DAY, "session": "AM", "code": code, "status": "provisional",
                      "source": "parent" if code == "I" else "register", "updated_by": "register", "updated_at": now})
    _bulk(engine, AttendanceMark, marks)
    _bulk(engine, AbsenceReport, [{"school_id": school_of[pid], "pupil_id": pid, "first_day": DAY, "sessions": "ALL",
                                   "proposed_code": "I", "status": "pending", "intent": "absence", "confidence": 0.9,
                                   "evidence": [], "created_at": now} for pid in absent if pid not in unexplained])
    return {"pupils": len(pupil_rows), "absent": len(absent), "unexplained": len(unexplained)}


def sweep(engine: Engine, settings: Settings) -> tuple[float, int]:
    started = time.perf_counter()
    queued = 0
    for school in settings.schools:
        queued += len(run_job_at(engine, settings, job="register-close", school_id=school.id, now=AT).queued)
    return time.perf_counter() - started, queued


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--schools", type=int, default=20)
    parser.add_argument("--pupils", type=int, default=50_000)
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    settings = trust_settings(url, args.schools)
    engine = open_store(settings, migrate=True)
    counts = populate(engine, settings, args.pupils)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")  # what autovacuum does after a bulk load; SQLite plans benefit too
    first, queued = sweep(engine, settings)
    again, requeued = sweep(engine, settings)
    with session_scope(engine) as session:
        chasers = session.execute(select(func.count()).select_from(OutboundMessage).where(OutboundMessage.kind == "chaser")).scalar_one()
        attempts = session.execute(select(func.count()).select_from(ChaseAttempt)).scalar_one()
    print(f"backend {engine.dialect.name}: {counts['pupils']} pupils in {args.schools} schools, {counts['absent']} absent, "
          f"{counts['unexplained']} unexplained")
    print(f"first sweep: {first:.2f} s, queued {queued} messages ({chasers} chasers, {attempts} chase attempts)")
    print(f"second sweep: {again:.2f} s, queued {requeued} messages")
    assert chasers == counts["unexplained"] and requeued == 0, "every chaser once, nothing twice"
    engine.dispose()


if __name__ == "__main__":
    main()
