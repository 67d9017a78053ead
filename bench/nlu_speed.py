"""NLU speed: pipeline load time, messages per second through ``parse`` on one core, p50/p99 latency.

Usage: python bench/nlu_speed.py [FILE.jsonl] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlu.cli import child_from_json  # noqa: E402
from nlu.parser import parse  # noqa: E402
from nlu.pipeline import load_pipeline, reset_pipeline  # noqa: E402

DEFAULT = Path("/work/shared/nlu-dev/dev.jsonl")


def main() -> int:
    """Measure and print load time, throughput and latency percentiles."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("file", type=Path, nargs="?", default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cases = [json.loads(line) for line in args.file.open(encoding="utf-8") if line.strip()]
    inputs = [(c["text"], datetime.fromisoformat(c["received_at"]), [child_from_json(x) for x in c["children"]]) for c in cases]

    start = time.perf_counter()
    nlp = load_pipeline()
    load_s = time.perf_counter() - start
    reset_pipeline(nlp)

    latencies = []
    start = time.perf_counter()
    for _ in range(args.repeat):
        for text, received, children in inputs:
            t0 = time.perf_counter()
            parse(text, received_at=received, children=children)
            latencies.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(f"pipeline load: {load_s:.2f} s")
    print(f"messages: {len(latencies)}  throughput: {len(latencies) / total:.0f} msg/s")
    print(f"latency p50: {p50:.2f} ms  p99: {p99:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
