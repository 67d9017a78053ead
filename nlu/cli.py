"""Command-line entry points: ``nlu parse`` (JSONL in, JSONL out) and ``nlu train``."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from nlu.parser import parse
from nlu.proposal import Child

logger = logging.getLogger(__name__)

EMPTY_FIELDS = {"intent": "other", "pupils": [], "code": None, "first_day": None, "last_day": None,
                "sessions": None, "safeguarding": False, "confidence": 0.0}


def child_from_json(raw: dict[str, Any]) -> Child:
    """Build a Child from a SCHEMA ``children`` entry."""
    year = raw.get("year")
    return Child(
        id=str(raw.get("id", "")),
        first_name=str(raw.get("first_name", "") or ""),
        last_name=str(raw.get("last_name", "") or ""),
        year=None if year is None else str(year),
        preferred_name=raw.get("preferred_name") or None,
    )


def _received(raw: Any) -> datetime:
    if isinstance(raw, str):
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    raise ValueError("received_at missing or not a string")


def _calendar(raw: Any) -> set[date] | None:
    if not isinstance(raw, list):
        return None
    return {date.fromisoformat(d) for d in raw if isinstance(d, str)}


def parse_case(case: dict[str, Any]) -> dict[str, Any]:
    """Parse one SCHEMA case (gold ignored) into the DESIGN §4.5 output object."""
    case_id = case.get("id")
    children = [child_from_json(c) for c in case.get("children") or [] if isinstance(c, dict)]
    proposal = parse(
        str(case.get("text") or ""),
        received_at=_received(case.get("received_at")),
        children=children,
        calendar=_calendar(case.get("calendar")),
    )
    return proposal.to_json(case_id)  # type: ignore[arg-type]


def _lines(infile: TextIO) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(infile, start=1):
        if line.strip():
            yield number, line


def parse_jsonl(infile: TextIO, outfile: TextIO) -> int:
    """Read SCHEMA cases, write one output object per non-blank line, in order; return the count."""
    count = 0
    for number, line in _lines(infile):
        try:
            case = json.loads(line)
            if not isinstance(case, dict):
                raise ValueError("a case must be a JSON object")
            result = parse_case(case)
        except Exception as exc:  # one bad line must not stop the rest
            print(f"warning: line {number}: {exc}", file=sys.stderr)
            case_id = case.get("id") if "case" in locals() and isinstance(case, dict) else None
            result = {"id": case_id, **EMPTY_FIELDS}
        outfile.write(json.dumps(result, ensure_ascii=False) + "\n")
        count += 1
        case = None
    outfile.flush()
    return count


def train(output_dir: Path | None = None, seed: int = 0) -> Path:
    """Rebuild the shipped pipeline from the training data in the repo; return its path."""
    from nlu.training.train import train_pipeline

    return train_pipeline(output_dir=output_dir, seed=seed)


def main(argv: list[str] | None = None) -> int:
    """Run ``parse`` (stdin to stdout) or ``train`` [OUTPUT_DIR]."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] == "parse":
        parse_jsonl(sys.stdin, sys.stdout)
        return 0
    if args[0] == "train":
        path = train(Path(args[1]) if len(args) > 1 else None)
        print(path)
        return 0
    print("usage: python -m nlu.cli [parse|train [OUTPUT_DIR]]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    raise SystemExit(main())
