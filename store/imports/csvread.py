"""Reading import CSVs (DESIGN §4.2): UTF-8 with an optional BOM, a header row, extra columns ignored.

Every problem in a file is collected as `file:line: column: problem` before
anything is written; `Problems.raise_if_any` then rejects the whole file with
`ImportRejected`, so an import is all-or-nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

#: Called as progress(stage, done, total) while a large import runs.
ProgressFn = Callable[[str, int, int], None]

T = TypeVar("T")

_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})


class ImportRejected(Exception):
    """A CSV file was rejected as a whole; `errors` holds one `file:line: column: problem` per problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Problems:
    """The problems found in one file, in the order they were found."""

    file: str
    errors: list[str] = field(default_factory=list)

    def add(self, line: int, column: str, problem: str) -> None:
        self.errors.append(f"{self.file}:{line}: {column}: {problem}")

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportRejected(self.errors)


@dataclass(frozen=True)
class Row:
    """One data row: its line number in the file and its known columns, values stripped."""

    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


def _decode(path: Path, problems: Problems) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(line, "-", "is not UTF-8 text (save the file as CSV UTF-8)")
        problems.raise_if_any()
        raise AssertionError("unreachable") from None


def _header(
    header: list[str], *, required: Sequence[str], optional: Sequence[str], problems: Problems
) -> dict[str, int]:
    """Map each known column to its position; report required columns that are missing."""
    names = [h.strip().lower() for h in header]
    positions = {name: i for i, name in reversed(list(enumerate(names)))}
    for column in required:
        if column not in positions:
            problems.add(1, column, "required column is missing from the header row")
    return {c: positions[c] for c in (*required, *optional) if c in positions}


def read_csv(path: Path, *, required: Sequence[str], optional: Sequence[str] = ()) -> list[Row]:
    """Read a CSV's rows, or raise ImportRejected for an unreadable file or missing columns."""
    problems = Problems(str(path))
    reader = csv.reader(io.StringIO(_decode(path, problems), newline=""))
    header = next(reader, None)
    if header is None:
        problems.add(1, "-", "the file is empty; expected a header row")
        problems.raise_if_any()
    columns = _header(header or [], required=required, optional=optional, problems=problems)
    problems.raise_if_any()
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue  # blank lines (often at the end of a spreadsheet export)
        values = {c: (cells[i].strip() if i < len(cells) else "") for c, i in columns.items()}
        rows.append(Row(reader.line_num, values))
    return rows


def required_values(row: Row, columns: Sequence[str], problems: Problems) -> bool:
    """Report each required column left empty in a row; True when none is."""
    ok = True
    for column in columns:
        if not row[column]:
            problems.add(row.line, column, "a value is required")
            ok = False
    return ok


def parse_flag(row: Row, column: str, problems: Problems) -> bool | None:
    """A yes/no column: True, False, or None when left blank (not stated)."""
    value = row[column].lower()
    if not value:
        return None
    if value in _YES:
        return True
    if value in _NO:
        return False
    problems.add(row.line, column, f"{row[column]!r} is not yes or no")
    return None


def parse_date(row: Row, column: str, problems: Problems) -> dt.date | None:
    """A date as YYYY-MM-DD (DD/MM/YYYY, as spreadsheets write it in the UK, also accepted)."""
    value = row[column]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    problems.add(row.line, column, f"{value!r} is not a date like 2026-11-23")
    return None


def parse_choice(row: Row, column: str, choices: Sequence[str], problems: Problems) -> str | None:
    """A value from a fixed set, compared without regard to case; returned as spelled in `choices`."""
    by_lower = {c.lower(): c for c in choices}
    value = by_lower.get(row[column].lower())
    if value is None:
        problems.add(row.line, column, f"{row[column]!r} is not one of {', '.join(choices)}")
    return value


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
