"""`absence-bot export marks|amendments`: marks or their audit trail as CSV, to a file (replaced only when complete) or stdout."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console
from sqlalchemy.engine import Engine

from bot.commands.schools import named_school
from bot.errors import BadInput
from store.bootstrap import open_store
from store.export import export_amendments
from store.export import export_marks as write_marks
from store.settings import Settings


Writer = Callable[..., int]
WRITERS: dict[str, Writer] = {"marks": write_marks, "amendments": export_amendments}


def today_for(settings: Settings, school_id: str | None) -> dt.date:
    """Today in the school's time zone (the first school's, or Europe/London, when none is named)."""
    school = settings.school(school_id) if school_id else (settings.schools[0] if settings.schools else None)
    return dt.datetime.now(school.tz if school else ZoneInfo("Europe/London")).date()


def export_marks(
    settings: Settings, *, start: dt.date | None, end: dt.date | None, out: str | None, school_id: str | None = None, what: str = "marks"
) -> int:
    """Write the marks (or amendments) dated start (default today) to end (default start) as CSV to a file or stdout."""
    write = WRITERS[what]
    if school_id is not None:
        named_school(settings, school_id)
    start = start or today_for(settings, school_id)
    end = end or start
    if end < start:
        raise BadInput(f"--to {end} is before --from {start}")
    engine = open_store(settings)
    try:
        if out is None:
            count = _export_to_stdout(engine, write, start=start, end=end, school_id=school_id)
            if count is None:
                return 1
        else:
            count = _export_to_file(engine, write, Path(out), start=start, end=end, school_id=school_id)
    finally:
        engine.dispose()
    which = f" for {school_id}" if school_id else ""
    Console(stderr=True).print(f"{count} {what} exported{which} ({start} to {end})", highlight=False, soft_wrap=True)
    return 0


def _export_to_stdout(engine: Engine, write: Writer, *, start: dt.date, end: dt.date, school_id: str | None) -> int | None:
    """Write to stdout; None when the reader went away (e.g. `| head`), without a traceback."""
    try:
        count = write(engine=engine, start=start, end=end, out=sys.stdout, school_id=school_id)
        sys.stdout.flush()
        return count
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush cannot fail again
        return None


def _export_to_file(engine: Engine, write: Writer, path: Path, *, start: dt.date, end: dt.date, school_id: str | None) -> int:
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as fh:
            count = write(engine=engine, start=start, end=end, out=fh, school_id=school_id)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count
