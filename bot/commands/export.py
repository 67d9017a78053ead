"""`absence-bot export marks`: the marks as CSV, to a file (replaced only when complete) or stdout."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from rich.console import Console
from sqlalchemy.engine import Engine

from bot.errors import BadInput
from store.bootstrap import open_store
from store.export import export_marks as write_marks
from store.settings import Settings


def export_marks(settings: Settings, *, start: dt.date, end: dt.date, out: str | None) -> int:
    """Write the marks dated start to end as CSV to a file (replaced only when complete) or stdout."""
    if end < start:
        raise BadInput(f"--to {end} is before --from {start}")
    engine = open_store(settings)
    try:
        if out is None:
            count = _export_to_stdout(engine, start=start, end=end)
            if count is None:
                return 1
        else:
            count = _export_to_file(engine, Path(out), start=start, end=end)
    finally:
        engine.dispose()
    Console(stderr=True).print(f"{count} marks exported ({start} to {end})")
    return 0


def _export_to_stdout(engine: Engine, *, start: dt.date, end: dt.date) -> int | None:
    """Write to stdout; None when the reader went away (e.g. `| head`), without a traceback."""
    try:
        count = write_marks(engine=engine, start=start, end=end, out=sys.stdout)
        sys.stdout.flush()
        return count
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush cannot fail again
        return None


def _export_to_file(engine: Engine, path: Path, *, start: dt.date, end: dt.date) -> int:
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as fh:
            count = write_marks(engine=engine, start=start, end=end, out=fh)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count
