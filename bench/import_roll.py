"""Bench: import a fictional 50,000-pupil roll (two contacts each, 100,000 rows) into a fresh SQLite store.

    python bench/import_roll.py [--pupils 50000] [--url sqlite:///...]

Times the first import, then a re-import of the same file (everything
unchanged), then a re-import with 2% of pupils gone and 2% of phones changed.
Phone numbers come from Ofcom's drama range +447700900000–+447700900999, so
they repeat; the importer does not care.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import tempfile
import time
from pathlib import Path

from store.bootstrap import open_store
from store.imports import import_roll
from store.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "school_id",
    "pupil_id",
    "first_name",
    "last_name",
    "preferred_name",
    "year_group",
    "reg_group",
    "social_worker",
    "looked_after",
    "contact_id",
    "contact_name",
    "relationship",
    "phone",
    "priority",
    "parental_responsibility",
]
FIRST = ["Oliver", "Amelia", "Aisha", "Jayden", "Zofia", "Harry", "Mia", "Arjun", "Grace", "Leo", "Yusuf", "Isla"]
LAST = ["Bennett", "Khan", "Okoye", "Kowalski", "Smith", "Patel", "Nguyen", "Mensah", "Hughes", "Cohen", "Evans"]
SCHOOLS = ("oakfield", "hillcrest")


def phone(n: int) -> str:
    return f"07700 900{n % 1000:03d}"


def write_roll(path: Path, pupils: int, *, skip_every: int = 0, phone_shift_every: int = 0) -> int:
    """Write the roll; optionally leave out every n-th pupil and change every n-th mother's phone."""
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(pupils):
            if skip_every and i % skip_every == 0:
                continue
            school, year = SCHOOLS[i % 2], str(i % 7 + 1)
            pupil = [
                school,
                f"P{i:06d}",
                FIRST[i % len(FIRST)],
                LAST[i % len(LAST)],
                "",
                year,
                f"{year}A",
                "yes" if i % 97 == 0 else "no",
                "no",
            ]
            shift = 7 if phone_shift_every and i % phone_shift_every == 0 else 0
            out.writerow(pupil + [f"C{i:06d}M", "Parent One", "Mother", phone(2 * i + shift), "1", "yes"])
            out.writerow(pupil + [f"C{i:06d}F", "Parent Two", "Father", phone(2 * i + 1), "2", "yes"])
            rows += 2
    return rows


def timed(label: str, engine: object, path: Path) -> float:
    start = time.perf_counter()
    summary = import_roll(engine=engine, path=path)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    print(
        f"{label:<34} {seconds:6.2f} s  ({summary.pupils_added} added, {summary.pupils_updated} updated, "
        f"{summary.pupils_off_roll} off roll, {summary.contacts_updated} contacts updated)"
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=50_000)
    parser.add_argument("--url", help="database URL (default: a fresh SQLite file in a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = open_store(load_settings(ROOT / "config.example.toml", environ={}), migrate=True, url=url)
        roll, changed = Path(tmp) / "roll.csv", Path(tmp) / "roll2.csv"
        rows = write_roll(roll, args.pupils)
        write_roll(changed, args.pupils, skip_every=50, phone_shift_every=50 * 3 + 1)
        print(
            f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
            f"{engine.dialect.name}; {args.pupils} pupils, {rows} rows ({roll.stat().st_size / 1e6:.1f} MB)"
        )
        timed("first import", engine, roll)
        timed("re-import, unchanged", engine, roll)
        timed("re-import, 2% left, some phones", engine, changed)
        engine.dispose()


if __name__ == "__main__":
    main()
