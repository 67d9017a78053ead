"""Tune the intent blend weights and the safeguarding threshold on a validation split by writer.

Loads a pipeline trained WITHOUT the validation writers (e.g. on unseen_a-h via
``train_nlp(written_sets="abcdefgh")``), then scores blend policies (intent accuracy) and safeguarding
thresholds (recall / precision) on the validation files (e.g. unseen_i, unseen_j).

Usage: python bench/nlu_validate.py MODEL_DIR FILES...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import nlu.intents as intents  # noqa: E402
import nlu.pipeline as pipeline  # noqa: E402
import nlu.safeguarding as safeguarding  # noqa: E402
import nlu.parser as parser  # noqa: E402
from nlu.cli import parse_case  # noqa: E402
from nlu_eval import evaluate  # noqa: E402


def collect(files: list[Path]) -> list[dict]:
    """Parse every case, recording the rule decision (whole) and the classifier scores."""
    rows: list[dict] = []
    seen: dict = {}

    def spy(rule, scores):  # type: ignore[no-untyped-def]
        seen["rule"], seen["scores"] = rule, dict(scores or {})
        return intents.combine(rule, scores)

    parser.combine = spy  # type: ignore[assignment]
    for f in files:
        for line in f.open(encoding="utf-8"):
            if line.strip():
                case = json.loads(line)
                pred = parse_case(case)
                rows.append({"gold": case["gold"]["intent"], "pred": pred["intent"], "rule": seen["rule"], "scores": seen["scores"]})
    parser.combine = intents.combine  # type: ignore[assignment]
    return rows


def blend(rule, scores, overrule: float, gate: float, w: float):  # type: ignore[no-untyped-def]
    if not scores:
        return rule.intent
    best = max(scores, key=lambda k: scores[k])
    if rule.overridable and best != rule.intent and scores[best] >= overrule:
        return best
    if rule.strength >= gate or best == rule.intent:
        return rule.intent
    b = {k: w * v + ((1 - w) * rule.strength if k == rule.intent else 0.0) for k, v in scores.items()}
    return max(b, key=lambda k: b[k])


def main(argv: list[str]) -> None:
    pipeline._nlp = pipeline.load_pipeline(Path(argv[0]))
    files = [Path(a) for a in argv[1:]]
    rows = collect(files)
    n = len(rows)
    print(f"cases {n}; current blend {sum(r['pred'] == r['gold'] for r in rows) / n:.4f}")
    print("overrule gate  w_clf  intent")
    for overrule in (0.8, 0.85, 0.9, 0.95, 1.01):
        for gate in (0.75, 0.8, 0.85, 0.9, 1.01):
            for w in (0.45, 0.55, 0.65, 0.75):
                acc = sum(blend(r["rule"], r["scores"], overrule, gate, w) == r["gold"] for r in rows) / n
                print(f"{overrule:5.2f} {gate:5.2f} {w:5.2f}  {acc:.4f}")
    cases = [json.loads(line) for f in files for line in f.open(encoding="utf-8") if line.strip()]
    print("threshold  sg_recall  sg_precision  precision_I  precision_M  intent")
    for th in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 1.01):
        safeguarding.MODEL_THRESHOLD = th
        counts, _ = evaluate(cases)
        f = {k: h / t if t else float("nan") for k, (h, t) in counts.items()}
        print(f"{th:5.2f}  {f['safeguarding_recall']:.3f}  {f['safeguarding_precision']:.3f}  "
              f"{f['precision_I']:.3f}  {f['precision_M']:.3f}  {f['intent']:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
