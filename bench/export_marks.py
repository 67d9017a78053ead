"""Bench: export a term of marks (65 school days, AM and PM) for 1,000 pupils from SQLite.

    python bench/export_marks.py [--pupils 1000] [--days 65] [--url sqlite:///...]

Loads pupils and 130,000 marks with bulk inserts, then times `export_marks`
writing the CSV to a file, as `absence-bot export marks --out FILE` does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select, text

from store.bootstrap import open_store
from store.db import session_scope
from store.export import export_marks
from store.imports.common import table
from store.models import AttendanceMark, Pupil
from store.schools import school_days
from store.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
TERM_START = dt.date(2026, 9, 2)
CODES = ["/"] * 17 + ["L", "I", "N"]
AT = dt.datetime(2026, 9, 2, 9, 30, tzinfo=dt.timezone.utc)


def _pupils(n: int) -> list[dict[str, Any]]:
    return [
        {
            "school_id": "oakfield",
            "mis_id": f"P{i:05d}",
            "first_name": "Pupil",
            "last_name": f"{i}",
            "year_group": str(i % 7 + 1),
            "social_worker": False,
            "looked_after": False,
            "on_roll": True,
            "updated_at": AT,
        }
        for i in range(n)
    ]


def _marks(pupil_ids: list[int], days: list[dt.date]) -> list[dict[str, Any]]:
    rows = []
    for k, pid in enumerate(pupil_ids):
        for j, day in enumerate(days):
            for sess in ("AM", "PM"):
                code = CODES[(k + j) % len(CODES)]
                code = "\\" if code == "/" and sess == "PM" else code
                rows.append(
                    {
                        "pupil_id": pid,
                        "date": day,
                        "session": sess,
                        "code": code,
                        "status": "confirmed",
                        "source": "register",
                        "updated_by": "register",
                        "updated_at": AT,
                    }
                )
    return rows


def load(engine: Engine, pupils: int, days: int) -> int:
    """Fill the store with pupils and a term of marks; return the number of marks."""
    term = school_days(TERM_START, TERM_START + dt.timedelta(days=days * 2), set())[:days]
    with session_scope(engine) as session:
        conn = session.connection()
        conn.execute(insert(table(Pupil)), _pupils(pupils))
        ids = list(conn.execute(select(table(Pupil).c.id)).scalars())
        marks = _marks(ids, term)
        conn.execute(insert(table(AttendanceMark)), marks)
    with engine.connect() as conn:  # planner statistics, as a database in use has them
        conn.execute(text("ANALYZE"))
        conn.commit()
    return len(marks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--days", type=int, default=65)
    parser.add_argument("--url", help="database URL (default: a fresh SQLite file in a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = open_store(load_settings(ROOT / "config.example.toml", environ={}), migrate=True, url=url)
        marks = load(engine, args.pupils, args.days)
        print(
            f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
            f"{engine.dialect.name}; {args.pupils} pupils x {args.days} days x 2 sessions = {marks} marks"
        )
        out = Path(tmp) / "marks.csv"
        start = time.perf_counter()
        with out.open("w", encoding="utf-8", newline="") as fh:
            rows = export_marks(engine=engine, start=TERM_START, end=TERM_START + dt.timedelta(days=180), out=fh)
        seconds = time.perf_counter() - start
        print(f"export of {rows} rows ({out.stat().st_size / 1e6:.1f} MB): {seconds:.2f} s")
        engine.dispose()


if __name__ == "__main__":
    main()
