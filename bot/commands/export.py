"""`absence-bot export marks|amendments`: marks or their audit trail as CSV, to a file (replaced only when complete) or stdout."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from sqlalchemy.engine import Engine

from bot.errors import BadInput
from store.bootstrap import open_store
from store.export import export_amendments
from store.export import export_marks as write_marks
from store.settings import Settings

Writer = Callable[..., int]
WRITERS: dict[str, Writer] = {"marks": write_marks, "amendments": export_amendments}


def export_marks(settings: Settings, *, start: dt.date, end: dt.date, out: str | None, what: str = "marks") -> int:
    """Write the marks (or amendments) dated start to end as CSV to a file (replaced only when complete) or stdout."""
    if end < start:
        raise BadInput(f"--to {end} is before --from {start}")
    write = WRITERS[what]
    engine = open_store(settings)
    try:
        if out is None:
            count = _export_to_stdout(engine, write, start=start, end=end)
            if count is None:
                return 1
        else:
            count = _export_to_file(engine, write, Path(out), start=start, end=end)
    finally:
        engine.dispose()
    Console(stderr=True).print(f"{count} {what} exported ({start} to {end})")
    return 0


def _export_to_stdout(engine: Engine, write: Writer, *, start: dt.date, end: dt.date) -> int | None:
    """Write to stdout; None when the reader went away (e.g. `| head`), without a traceback."""
    try:
        count = write(engine=engine, start=start, end=end, out=sys.stdout)
        sys.stdout.flush()
        return count
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush cannot fail again
        return None


def _export_to_file(engine: Engine, write: Writer, path: Path, *, start: dt.date, end: dt.date) -> int:
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as fh:
            count = write(engine=engine, start=start, end=end, out=fh)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count
