"""Figures on the independently written sets in tests/nlu/data do not slip back.

unseen_a to unseen_h were used for error analysis, so their pooled figures
flatter the NLU (docs/nlu.md has the held-out figures); this test only stops a
change from quietly undoing what the analysis fixed. unseen_i is held out: it
is measured for docs/nlu.md, never asserted on or tuned to.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "nlu" / "data"
sys.path.insert(0, str(ROOT / "bench"))

#: Pooled figures over unseen_a-h when this test was written, less a margin of 0.02.
FLOORS = {
    "intent": 0.90,
    "pupils": 0.94,
    "code": 0.90,
    "first_day": 0.915,
    "last_day": 0.88,
    "sessions": 0.91,
    "safeguarding_recall": 0.98,
    "safeguarding_precision": 0.69,
    "precision_I": 0.96,
    "precision_M": 0.975,
}


def test_pooled_analysed_sets_stay_at_their_level() -> None:
    from nlu_eval import evaluate

    cases = [json.loads(line) for s in "abcdefgh" for line in (DATA / f"unseen_{s}.jsonl").open(encoding="utf-8") if line.strip()]
    assert len(cases) == 1600
    counts, _ = evaluate(cases)
    figures = {name: hits / total for name, (hits, total) in counts.items()}
    slipped = {name: round(figures[name], 3) for name, floor in FLOORS.items() if figures[name] < floor}
    assert not slipped, f"below the recorded level: {slipped}"
