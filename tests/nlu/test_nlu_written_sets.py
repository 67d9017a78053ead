"""Figures on dev do not slip back.

This file used to hold floors on pooled unseen_a-h. Since round 10 the hand-written sets unseen_a-j are
training data for both classifiers (``nlu/training/written.py``), so figures on them no longer measure
anything; the equivalent floor is now on dev.jsonl, which is never trained on (unseen_k stays held out:
measured for docs/nlu.md, never asserted on or tuned to).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV = next(
    (p for p in (ROOT.parent / "shared" / "nlu-dev" / "dev.jsonl", Path("/work/shared/nlu-dev/dev.jsonl")) if p.exists()),
    ROOT.parent / "shared" / "nlu-dev" / "dev.jsonl",
)
sys.path.insert(0, str(ROOT / "bench"))

pytestmark = pytest.mark.skipif(not DEV.exists(), reason="dev set not available")

#: dev figures when the written sets became training data (round 10), less a margin of 0.02.
FLOORS = {
    "intent": 0.97,
    "pupils": 0.98,
    "code": 0.965,
    "first_day": 0.97,
    "last_day": 0.96,
    "sessions": 0.97,
    "safeguarding_recall": 0.98,
    "safeguarding_precision": 0.935,
    "precision_I": 0.98,
    "precision_M": 0.98,
}


def test_dev_stays_at_its_level() -> None:
    from nlu_eval import evaluate

    cases = [json.loads(line) for line in DEV.open(encoding="utf-8") if line.strip()]
    assert len(cases) == 200
    counts, _ = evaluate(cases)
    figures = {name: hits / total for name, (hits, total) in counts.items()}
    slipped = {name: round(figures[name], 3) for name, floor in FLOORS.items() if figures[name] < floor}
    assert not slipped, f"below the recorded level: {slipped}"
