"""`absence-bot attendance --school ID [--pupil ID] [--from D] [--to D] [--format json|csv]` (DESIGN §4.8).

One row per pupil: possible, present, authorised and unauthorised sessions,
the rate (present / possible, null when nothing was possible), persistent
(10% or more missed) and severe (50% or more) absence, and `unknown`: sessions
the school held with no mark at all, which need the register imported (both
registers, every day) before a rate means anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys

from rich.console import Console
from rich.table import Table

from bot.commands.schools import named_school
from bot.errors import BadInput
from store.attendance import pupil_attendance
from store.bootstrap import open_store
from store.db import session_scope
from store.schools import academic_year_start
from store.settings import Settings

FIELDS = ("pupil_id", "possible", "present", "authorised", "unauthorised", "rate", "persistent_absence", "severe_absence", "unknown")


def show_attendance(
    settings: Settings, *, school_id: str, pupil: str | None, start: dt.date | None, end: dt.date | None, output: str,
) -> int:
    school = named_school(settings, school_id)
    today = dt.datetime.now(school.tz).date()
    end = end or today
    start = start or academic_year_start(end)
    if end < start:
        raise BadInput(f"--to {end} is before --from {start}")
    engine = open_store(settings)
    try:
        with session_scope(engine) as session:
            rows = [r.as_dict() for r in pupil_attendance(session, school_id=school.id, start=start, end=end, pupil_mis_id=pupil)]
    finally:
        engine.dispose()
    if pupil and not rows:
        raise BadInput(f"--pupil: no pupil {pupil!r} at {school.id}")
    if output == "json":
        json.dump(rows, sys.stdout)
        sys.stdout.write("\n")
    elif output == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    else:
        table = Table(title=f"{school.name}: attendance {start} to {end}")
        for name in FIELDS:
            table.add_column(name.replace("_", " "))
        for r in rows:
            rate = "no marks" if r["rate"] is None else f"{100 * float(r['rate']):.1f}%"  # type: ignore[arg-type]
            table.add_row(*(rate if k == "rate" else ("yes" if v is True else "" if v is False else str(v)) for k, v in r.items()))
        Console().print(table)
    return 0
