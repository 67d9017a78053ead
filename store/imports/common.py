"""Helpers shared by the importers: tables for Core bulk statements, merging repeated rows, run records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, insert
from sqlmodel import Session, SQLModel

from store.imports.csvread import Problems, ProgressFn, chunked
from store.imports.phones import Phone
from store.models import ImportRun

#: Rows per executemany batch: large enough to be fast, small enough to show progress.
BATCH = 5000


def table(model: type[SQLModel]) -> Table:
    """The Core table behind a SQLModel class, for bulk insert/update statements."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


def show(value: Any) -> str:
    """A value as an error message quotes it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Phone):
        return repr(value.raw)
    return repr(value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Phone) and isinstance(b, Phone):
        return (a.e164 or a.raw) == (b.e164 or b.raw)
    return bool(a == b)


def merge(
    kept: dict[str, Any],
    new: Mapping[str, Any],
    *,
    columns: Mapping[str, str],
    line: int,
    what: str,
    problems: Problems,
) -> None:
    """Fold a repeated row into the first one: blanks are filled, differing values reported.

    `columns` maps each compared key to the CSV column named in an error.
    """
    for key, column in columns.items():
        old, value = kept.get(key), new.get(key)
        if value is None or _same(old, value):
            continue
        if old is None:
            kept[key] = value
            continue
        problems.add(line, column, f"{show(value)} conflicts with {show(old)} for {what} on line {kept['_line']}")


def execute_batches(
    conn: Connection, stmt: Any, rows: Sequence[dict[str, Any]], *, stage: str, progress: ProgressFn | None
) -> None:
    """Run an executemany statement in batches, reporting progress between them."""
    done = 0
    for batch in chunked(rows, BATCH):
        conn.execute(stmt, list(batch))
        done += len(batch)
        if progress:
            progress(stage, done, len(rows))


def record_run(conn: Connection, *, kind: str, path: Path, at: dt.datetime, summary: dict[str, Any]) -> None:
    """Keep what an import did, for staff and for the missing-contacts digest."""
    row = {"kind": kind, "file_name": str(path), "started_at": at, "summary": summary}
    conn.execute(insert(table(ImportRun)), [row])


@contextmanager
def import_session(engine: Engine, *, dry_run: bool = False) -> Iterator[Session]:
    """An import's one transaction: committed on success, rolled back on error, and always for a dry run."""
    with Session(bind=engine, expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        if dry_run:
            session.rollback()
        else:
            session.commit()
