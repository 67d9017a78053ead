"""Record the rule decision and the intent classifier's scores for every analysed case, then score
blending policies offline (intent accuracy per policy), to choose the blend weights on pooled sets.

Usage: python bench/nlu_blend.py [FILES...] [--dump]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nlu.parser as parser  # noqa: E402
from nlu.cli import parse_case  # noqa: E402
from nlu.intents import IntentDecision, combine  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [Path("/work/shared/nlu-dev/dev.jsonl")] + [ROOT / f"tests/nlu/data/unseen_{s}.jsonl" for s in "abcdefghi"]


def collect(files: list[Path]) -> list[dict]:
    rows: list[dict] = []
    seen: dict = {}

    def spy(rule: IntentDecision, scores: dict[str, float] | None) -> tuple[str, float, str]:
        seen["rule"], seen["scores"] = IntentDecision(rule.intent, rule.strength, rule.evidence), dict(scores or {})
        return combine(rule, scores)

    parser.combine = spy  # type: ignore[assignment]
    for f in files:
        for line in f.open(encoding="utf-8"):
            if line.strip():
                case = json.loads(line)
                pred = parse_case(case)
                rows.append({"id": case["id"], "gold": case["gold"]["intent"], "pred": pred["intent"],
                             "rule": seen["rule"], "scores": seen["scores"]})
    parser.combine = combine  # type: ignore[assignment]
    return rows


def policy(rows: list[dict], fn) -> int:  # type: ignore[no-untyped-def]
    return sum(fn(r["rule"], r["scores"])[0] == r["gold"] for r in rows)


def main(argv: list[str]) -> None:
    files = [Path(a) for a in argv if not a.startswith("--")] or DEFAULT
    rows = collect(files)
    n = len(rows)
    print(f"cases {n}; current {sum(r['pred'] == r['gold'] for r in rows) / n:.4f}")
    print(f"rules alone {sum(r['rule'].intent == r['gold'] for r in rows) / n:.4f}; "
          f"classifier alone {sum(max(r['scores'], key=r['scores'].get) == r['gold'] for r in rows) / n:.4f}")
    by_strength: dict[float, Counter] = {}
    for r in rows:
        c = by_strength.setdefault(round(r["rule"].strength, 2), Counter())
        best = max(r["scores"], key=r["scores"].get)
        c["n"] += 1
        c["rule_ok"] += r["rule"].intent == r["gold"]
        c["clf_ok"] += best == r["gold"]
    print("strength   n  rule_ok  clf_ok")
    for s in sorted(by_strength):
        c = by_strength[s]
        print(f"{s:7.2f} {c['n']:4d} {c['rule_ok']:7d} {c['clf_ok']:7d}")
    print("gate  w_clf  accuracy")
    for gate in (0.7, 0.75, 0.8, 0.85, 0.9, 1.0):
        for w in (0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 1.0):
            def fn(rule: IntentDecision, scores: dict[str, float], gate=gate, w=w) -> tuple[str, float, str]:
                if rule.strength >= gate:
                    return rule.intent, 0, ""
                b = {k: w * v + ((1 - w) * rule.strength if k == rule.intent else 0.0) for k, v in scores.items()}
                return max(b, key=b.get), 0, ""  # type: ignore[arg-type]
            print(f"{gate:4.2f} {w:5.2f}  {policy(rows, fn) / n:.4f}")
    if "--by-evidence" in argv:
        import re
        groups: dict[str, Counter] = {}
        for r in rows:
            key = re.sub(r'\(?"[^"]*"\)?|\d\.\d\d', "", r["rule"].evidence).strip()[:60] + f" [{r['rule'].strength}]"
            c = groups.setdefault(key, Counter())
            best = max(r["scores"], key=r["scores"].get)
            c["n"] += 1
            c["rule_ok"] += r["rule"].intent == r["gold"]
            c["clf_ok"] += best == r["gold"]
            c["both_wrong"] += best != r["gold"] and r["rule"].intent != r["gold"]
        print("rule exit                                                          n  rule_ok clf_ok")
        for k, c in sorted(groups.items(), key=lambda kv: -kv[1]["n"]):
            print(f"{k:66s} {c['n']:4d} {c['rule_ok']:6d} {c['clf_ok']:6d}")
    if "--dump" in argv:
        for r in rows:
            if r["pred"] != r["gold"]:
                s = {k: round(v, 2) for k, v in r["scores"].items()}
                print(r["id"], r["gold"], "->", r["pred"], "| rule", r["rule"].intent, r["rule"].strength, s)


if __name__ == "__main__":
    main(sys.argv[1:])
