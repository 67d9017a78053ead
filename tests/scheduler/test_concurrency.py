"""Four workers running the same jobs at the same instant send nothing twice (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

from sqlalchemy.engine import Engine

from store.settings import Settings
from tests.scheduler.school import ContactSpec, World, local

MON = dt.date(2026, 11, 23)


def _in_parallel(world: World, job: str, at: dt.datetime, workers: int = 4) -> list[str]:
    barrier = threading.Barrier(workers)
    queued: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            keys = world.run(job, at).queued
            with lock:
                queued.extend(keys)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return queued


def test_four_workers_queue_each_message_once(engine: Engine, settings: Settings) -> None:
    world = World(engine, settings, "oakfield")
    for i in range(30):
        pid = world.pupil(f"P{i}", "Kid", f"Family{i}", [ContactSpec(f"Parent {i}"), ContactSpec(f"Carer {i}", "carer")],
                          social_worker=i % 10 == 0)
        world.mark(pid, MON, "N")
    runs = [
        ("missing-contacts", "07:30"),
        ("register-close", "09:20"),
        ("chase-escalation", "09:50"),
        ("chase-escalation", "10:20"),
        ("daily-escalation", "13:00"),
        ("weekly-n-list", "08:15"),
    ]
    queued: list[str] = []
    for job, clock in runs:
        queued += _in_parallel(world, job, local(MON, clock))
    assert Counter(queued).most_common(1)[0][1] == 1
    rows = world.outbox()
    assert sorted(r.idempotency_key for r in rows) == sorted(queued)
    kinds = Counter(r.kind for r in rows)
    assert kinds["chaser"] == 60
    assert kinds["alert"] == 3 + 30  # vulnerable at close, unaccounted after both contacts
    assert len({f.dedupe_key for f in world.flags()}) == len(world.flags()) == 33
