"""Hand-written, labelled parent messages used as training data besides the synthetic templates.

``tests/nlu/data/unseen_{a..j}.jsonl`` (ten writers, 2,040 messages, SCHEMA gold) feed both classifiers:
the gold intent trains the intent textcat, the gold safeguarding flag the safeguarding classifier.
``unseen_k.jsonl`` (held out) and ``dev.jsonl`` are never read here.
"""

from __future__ import annotations

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "nlu" / "data"

#: The writers trained on by ``absence-bot nlu train`` (k is held out, dev is never used).
WRITTEN_SETS = "abcdefghij"
#: Each written message is repeated this many times among the synthetic ones (hand-written
#: wording is rarer and more valuable than templates).
WRITTEN_REPEAT = 2
HELD_OUT = {"k"}


def load_written(sets: str = WRITTEN_SETS) -> list[dict[str, object]]:
    """Return ``{"text", "intent", "cue"}`` for every case of the given sets, in file order."""
    if HELD_OUT & set(sets):
        raise ValueError(f"held-out set(s) {sorted(HELD_OUT & set(sets))} must not be trained on")
    if not DATA_DIR.is_dir():
        raise FileNotFoundError(
            f"{DATA_DIR} not found: `absence-bot nlu train` runs from a checkout of the repository, "
            "where tests/nlu/data holds the hand-written training sets"
        )
    items: list[dict[str, object]] = []
    for s in sets:
        with (DATA_DIR / f"unseen_{s}.jsonl").open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    case = json.loads(line)
                    gold = case["gold"]
                    items.append({"text": str(case["text"]), "intent": gold["intent"],
                                  "cue": bool(gold.get("safeguarding"))})
    return items
