"""Aggregate NLU figures over several analysed gold files (default: dev + unseen_a..e).

Usage: python bench/nlu_aggregate.py [FILES...] [--confusion] [--false-im] [--dump FIELD]
Prints per-set and pooled figures (the same metrics as bench/nlu_eval.py), optionally the
intent confusion matrix and every false I/M proposal.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.nlu_eval import TARGETS, evaluate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [Path("/work/shared/nlu-dev/dev.jsonl")] + [ROOT / f"tests/nlu/data/unseen_{s}.jsonl" for s in "abcde"]


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in io.open(path, encoding="utf-8") if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--confusion", action="store_true")
    ap.add_argument("--false-im", action="store_true")
    ap.add_argument("--dump", nargs="*", default=None, help="print mismatches of these fields")
    args = ap.parse_args()
    files = args.files or DEFAULT
    total: dict[str, list[int]] = {k: [0, 0] for k in TARGETS}
    rows = []
    allmiss = []
    for f in files:
        cases = load(f)
        counts, misses = evaluate(cases)
        allmiss += misses
        for k, (h, t) in counts.items():
            total[k][0] += h
            total[k][1] += t
        rows.append((f.stem, counts))
    rows.append(("AGGREGATE", {k: (v[0], v[1]) for k, v in total.items()}))
    print("metric".ljust(24) + "".join(name[-8:].rjust(10) for name, _ in rows))
    for k in TARGETS:
        print(k.ljust(24) + "".join((f"{c[k][0] / c[k][1]:.3f}" if c[k][1] else "-").rjust(10) for _, c in rows))
    if args.confusion:
        conf: Counter = Counter()
        for f in files:
            for case, pred, wrong in evaluate(load(f))[1]:
                if "intent" in wrong:
                    conf[(case["gold"]["intent"], pred["intent"])] += 1
        print("\nintent confusion (gold -> pred):")
        for (g, p), n in conf.most_common():
            print(f"  {g:>14} -> {p:<14} {n}")
    if args.false_im:
        print("\nfalse I/M:")
        for case, pred, wrong in allmiss:
            if pred["code"] in ("I", "M") and case["gold"]["code"] != pred["code"]:
                g = case["gold"]
                print(f"{case['id']} pred={pred['code']} gold={g['intent']}/{g['code']} :: {case['text']}")
    if args.dump is not None:
        only = set(args.dump)
        for case, pred, wrong in allmiss:
            if only and not only & set(wrong):
                continue
            g = case["gold"]
            print(f"{case['id']} {case['received_at'][:16]} {[c['first_name'] for c in case['children']]} :: {case['text']}")
            for fld in wrong:
                print(f"    {fld}: pred={pred.get(fld)!r} gold={g.get(fld)!r}  [gold intent={g['intent']}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
