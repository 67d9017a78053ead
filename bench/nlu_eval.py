"""Per-field accuracy of the NLU on a JSONL file with gold labels (SCHEMA.md).

Usage: python bench/nlu_eval.py FILE.jsonl [--mismatches [FIELD ...]] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from nlu.cli import parse_case  # noqa: E402

TARGETS = {"intent": 0.93, "pupils": 0.95, "code": 0.93, "first_day": 0.95, "last_day": 0.85,
           "sessions": 0.93, "safeguarding_recall": 0.95, "safeguarding_precision": 0.6,
           "precision_I": 0.97, "precision_M": 0.97}
FIELDS = ("intent", "pupils", "code", "first_day", "last_day", "sessions")


def _same(field: str, pred: Any, gold: Any) -> bool:
    if field == "pupils" and isinstance(pred, list) and isinstance(gold, list):
        return sorted(pred) == sorted(gold)
    return pred == gold


def evaluate(cases: list[dict[str, Any]]) -> tuple[dict[str, tuple[int, int]], list[tuple[dict[str, Any], dict[str, Any], list[str]]]]:
    """Return (hits, total) per metric and the mismatching cases."""
    counts: dict[str, list[int]] = {k: [0, 0] for k in TARGETS}
    misses = []
    for case in cases:
        gold = case["gold"]
        pred = parse_case(case)
        wrong = []
        for field in FIELDS:
            if field == "code" and gold["intent"] != "absence":
                continue
            ok = _same(field, pred[field], gold[field])
            counts[field][0] += ok
            counts[field][1] += 1
            if not ok:
                wrong.append(field)
        if gold["safeguarding"]:
            counts["safeguarding_recall"][1] += 1
            counts["safeguarding_recall"][0] += pred["safeguarding"]
        if pred["safeguarding"]:
            counts["safeguarding_precision"][1] += 1
            counts["safeguarding_precision"][0] += gold["safeguarding"]
        if pred["safeguarding"] != gold["safeguarding"]:
            wrong.append("safeguarding")
        for code in ("I", "M"):
            if pred["code"] == code:
                counts[f"precision_{code}"][1] += 1
                counts[f"precision_{code}"][0] += gold["code"] == code
        if wrong:
            misses.append((case, pred, wrong))
    return {k: (v[0], v[1]) for k, v in counts.items()}, misses


def render(counts: dict[str, tuple[int, int]], title: str) -> Table:
    """Build the rich table of figures against targets."""
    table = Table(title=title)
    for col in ("metric", "score", "n", "target", "ok"):
        table.add_column(col, justify="right" if col != "metric" else "left")
    for name, (hits, total) in counts.items():
        score = hits / total if total else float("nan")
        ok = "yes" if total and score >= TARGETS[name] else "NO"
        table.add_row(name, f"{score:.3f}", str(total), f"{TARGETS[name]:.2f}", ok)
    return table


def main() -> int:
    """Evaluate a gold file and print the table (and mismatches if asked)."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("file", type=Path)
    ap.add_argument("--mismatches", nargs="*", metavar="FIELD", help="print mismatches (optionally only these fields)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    cases = [json.loads(line) for line in io.open(args.file, encoding="utf-8") if line.strip()]
    counts, misses = evaluate(cases)
    console = Console()
    if args.json:
        print(json.dumps({k: (h / t if t else None) for k, (h, t) in counts.items()}, indent=1))
    else:
        console.print(render(counts, f"NLU on {args.file.name} ({len(cases)} cases)"))
    if args.mismatches is not None:
        only = set(args.mismatches)
        for case, pred, wrong in misses:
            if only and not only & set(wrong):
                continue
            gold = case["gold"]
            console.print(f"[bold]{case['id']}[/] {case['received_at'][:16]} {[c['first_name'] for c in case['children']]}", highlight=False)
            console.print(f"  {case['text']}", highlight=False, markup=False)
            for field in wrong:
                console.print(f"  {field}: pred={pred.get(field)!r} gold={gold.get(field)!r}", highlight=False, markup=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
