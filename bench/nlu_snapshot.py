"""Snapshot every prediction on the analysed sets and compare two snapshots field by field.

Usage: python bench/nlu_snapshot.py save OUT.json [FILES...]
       python bench/nlu_snapshot.py diff BEFORE.json AFTER.json
A diff lists each case whose prediction changed, with gold, and counts fixed vs broken per field.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.nlu_eval import FIELDS, _same, parse_case  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [Path("/work/shared/nlu-dev/dev.jsonl")] + [ROOT / f"tests/nlu/data/unseen_{s}.jsonl" for s in "abcdefgh"]
KEYS = list(FIELDS) + ["safeguarding"]


def save(out: str, files: list[Path]) -> None:
    snap = {}
    for f in files:
        for line in f.open(encoding="utf-8"):
            if line.strip():
                case = json.loads(line)
                pred = parse_case(case)
                snap[case["id"]] = {"text": case["text"], "gold": case["gold"], "pred": {k: pred[k] for k in KEYS}}
    Path(out).write_text(json.dumps(snap, default=str))


def _ok(k: str, p, g) -> bool:
    return p == g if k == "safeguarding" else _same(k, p, g)


def diff(before: str, after: str) -> None:
    a, b = json.loads(Path(before).read_text()), json.loads(Path(after).read_text())
    tally: dict[str, list[int]] = {}
    for cid, rec in b.items():
        old = a[cid]["pred"]
        new = rec["pred"]
        gold = rec["gold"]
        changed = [k for k in KEYS if old[k] != new[k] and not (k == "code" and gold["intent"] != "absence" and False)]
        if not changed:
            continue
        print(f"{cid} :: {rec['text'][:160]}")
        for k in changed:
            o, n = _ok(k, old[k], gold[k]), _ok(k, new[k], gold[k])
            t = tally.setdefault(k, [0, 0])
            t[0] += (n and not o)
            t[1] += (o and not n)
            print(f"    {k}: {old[k]!r} -> {new[k]!r} gold={gold[k]!r} {'FIXED' if n and not o else 'BROKEN' if o and not n else ''}")
    print("\nfield: fixed / broken")
    for k, (f, br) in tally.items():
        print(f"  {k}: +{f} / -{br}")


if __name__ == "__main__":
    if sys.argv[1] == "save":
        save(sys.argv[2], [Path(p) for p in sys.argv[3:]] or DEFAULT)
    else:
        diff(sys.argv[2], sys.argv[3])
