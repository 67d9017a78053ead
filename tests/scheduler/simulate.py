"""Drive a school through days exactly as the scheduler's triggers would, with events at set times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from scheduler.wiring import CATCH_UP_ORDER, triggers_for
from tests.scheduler.school import World

Event = Callable[[World], None]


def fire_times(world: World, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, str]]:
    """Every (instant, job) the school's triggers fire in [start, end), in order."""
    school = world.settings.school(world.school_id)
    fired = set()
    for job, trigger in triggers_for(school):
        when = trigger.get_next_fire_time(None, start)
        while when is not None and when < end:
            fired.add((when.astimezone(dt.timezone.utc), job))
            when = trigger.get_next_fire_time(when, when + dt.timedelta(seconds=1))
    order = {job: i for i, job in enumerate(CATCH_UP_ORDER)}
    return sorted(fired, key=lambda tj: (tj[0], order[tj[1]]))


def simulate(
    world: World,
    start: dt.datetime,
    end: dt.datetime,
    events: dict[dt.datetime, Event] | None = None,
    *,
    down: tuple[dt.datetime, dt.datetime] | None = None,
) -> None:
    """Run the triggers between start and end; events happen just before jobs at their instant.

    `down`: the process is down in [from, to): triggers in that span are missed, and at `to` the
    scheduler starts again and catches up (every job once, as `build_scheduler` does at start).
    """
    pending = sorted((events or {}).items(), key=lambda kv: kv[0])
    runs = fire_times(world, start, end)
    if down is not None:
        runs = [(t, j) for t, j in runs if not down[0] <= t < down[1]]
        runs += [(down[1], job) for job in CATCH_UP_ORDER]
        order = {job: i for i, job in enumerate(CATCH_UP_ORDER)}
        runs.sort(key=lambda tj: (tj[0], order[tj[1]]))
    for when, job in runs:
        while pending and pending[0][0] <= when:
            pending.pop(0)[1](world)
        world.run(job, when)
    for _, event in pending:
        event(world)


def transcript(world: World) -> list[tuple[str, str, str]]:
    """(local 'Ddd HH:MM', kind, key without ids) of everything queued, in order."""
    tz = world.settings.school(world.school_id).tz
    return [
        (row.created_at.astimezone(tz).strftime("%a %d %b %H:%M"), row.kind, row.idempotency_key)
        for row in world.outbox()
    ]
