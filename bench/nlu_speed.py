"""NLU speed: pipeline load time and memory, throughput on one core, p50/p99/max latency per message.

Usage: python bench/nlu_speed.py FILE.jsonl [FILE.jsonl ...] [--repeat N] [--long CHARS]

FILE is any corpus in the nlu-dev schema (e.g. ../shared/nlu-dev/dev.jsonl or
tests/nlu/data/unseen_k.jsonl). With --long, each message is also repeated
(joined by a space) up to CHARS characters (Telegram allows 4,096) and those
long inputs are timed separately: the bound that matters for a worker.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlu.cli import child_from_json  # noqa: E402
from nlu.parser import parse, warm_up  # noqa: E402
from nlu.pipeline import load_pipeline, reset_pipeline  # noqa: E402

Input = tuple[str, datetime, list]


def load_inputs(files: list[Path]) -> list[Input]:
    cases = [json.loads(line) for f in files for line in f.open(encoding="utf-8") if line.strip()]
    return [(c["text"], datetime.fromisoformat(c["received_at"]), [child_from_json(x) for x in c["children"]]) for c in cases]


def lengthen(inputs: list[Input], chars: int) -> list[Input]:
    """Each message repeated up to `chars` characters: a 10-segment SMS or a full Telegram message of one phrase."""
    out = []
    for text, received, children in inputs:
        long = " ".join([text] * (chars // (len(text) + 1) + 1))[:chars]
        out.append((long, received, children))
    return out


def timed(inputs: list[Input], repeat: int) -> tuple[list[float], float, str]:
    latencies, slowest, worst = [], 0.0, ""
    start = time.perf_counter()
    for _ in range(repeat):
        for text, received, children in inputs:
            t0 = time.perf_counter()
            parse(text, received_at=received, children=children)
            took = time.perf_counter() - t0
            latencies.append(took)
            if took > slowest:
                slowest, worst = took, text
    return latencies, time.perf_counter() - start, worst


def report(label: str, latencies: list[float], total: float, worst: str) -> None:
    latencies = sorted(latencies)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000
    print(f"{label}: {len(latencies)} messages, {len(latencies) / total:.0f} msg/s; "
          f"latency p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {latencies[-1] * 1000:.2f} ms")
    print(f"  slowest ({len(worst)} chars): {worst[:70]!r}")


def main() -> int:
    """Measure and print load time and memory, throughput and latency percentiles."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", type=Path, nargs="+", metavar="FILE")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--long", type=int, default=0, metavar="CHARS", help="also time each message repeated to CHARS characters")
    args = ap.parse_args()
    inputs = load_inputs(args.files)

    start = time.perf_counter()
    nlp = load_pipeline()
    load_s = time.perf_counter() - start
    reset_pipeline(nlp)
    start = time.perf_counter()
    warm_up()  # as the service does at start: first parses, then the model's objects frozen out of the collector's walk
    warm_s = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pipeline load: {load_s:.2f} s, warm-up {warm_s:.2f} s, peak memory after load {rss_mb:.0f} MB")

    report("as written", *timed(inputs, args.repeat))
    if args.long:
        report(f"repeated to {args.long} chars", *timed(lengthen(inputs, args.long), 1))
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
