"""Triggers in local time across the 2026 clock changes, none in 01:00-02:00, one scheduling process."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from scheduler.leader import SchedulerLease
from scheduler.wiring import build_scheduler, triggers_for
from store.db import make_engine
from store.settings import Settings

UTC = dt.timezone.utc


def _fires(trigger, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:  # type: ignore[no-untyped-def]
    out, when = [], trigger.get_next_fire_time(None, start)
    while when is not None and when < end:
        out.append(when)
        when = trigger.get_next_fire_time(when, when + dt.timedelta(seconds=1))
    return out


@pytest.mark.parametrize(
    ("friday", "monday", "before", "after"),
    [(dt.date(2026, 3, 27), dt.date(2026, 3, 30), 0, 1), (dt.date(2026, 10, 23), dt.date(2026, 10, 26), 1, 0)],
)
def test_register_close_stays_at_local_time_over_the_clock_change(
    settings: Settings, friday: dt.date, monday: dt.date, before: int, after: int
) -> None:
    school = settings.school("oakfield")  # 09:20
    _, trigger = triggers_for(school)[0]
    fires = _fires(trigger, dt.datetime.combine(friday, dt.time(0), UTC), dt.datetime.combine(monday, dt.time(23), UTC))
    assert [f.astimezone(UTC) for f in fires] == [
        dt.datetime.combine(friday, dt.time(9 - before, 20), UTC),
        dt.datetime.combine(monday, dt.time(9 - after, 20), UTC),
    ]


def test_no_trigger_fires_between_one_and_two_or_at_weekends(settings: Settings) -> None:
    start = dt.datetime(2026, 10, 19, tzinfo=UTC)
    for school in settings.schools:
        for _job, trigger in triggers_for(school):
            for when in _fires(trigger, start, start + dt.timedelta(days=14)):
                local = when.astimezone(school.tz)
                assert local.hour != 1 and local.weekday() < 5


def test_register_close_in_the_quiet_hour_is_refused(settings: Settings) -> None:
    school = settings.school("oakfield").model_copy(update={"register_closes": dt.time(1, 30)})
    with pytest.raises(ValueError, match="01:00-02:00"):
        triggers_for(school)


def test_build_scheduler_has_every_job_for_every_school(settings: Settings, sqlite_engine: Engine) -> None:
    scheduler = build_scheduler(settings, sqlite_engine)
    names = {job.name for job in scheduler.get_jobs()}
    for school in settings.schools:
        for job in ("register-close", "chase-escalation", "missing-contacts", "daily-escalation", "weekly-n-list"):
            assert f"{job} {school.id}" in names
    assert "catch up after start" in names


def test_scheduler_starts_catches_up_and_stops(settings: Settings, sqlite_engine: Engine) -> None:
    async def main() -> None:
        scheduler = build_scheduler(settings, sqlite_engine)
        scheduler.start()
        await asyncio.sleep(0.2)
        assert scheduler.running
        for job in scheduler.get_jobs():
            assert job.coalesce is True and job.misfire_grace_time == 900 and job.max_instances == 1
        scheduler.shutdown(wait=True)

    asyncio.run(main())


def test_only_one_lease_on_a_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lease.db'}"
    first, second = SchedulerLease(make_engine(url)), SchedulerLease(make_engine(url))
    assert first.check() == (True, True)
    assert first.check() == (True, False)
    assert second.check() == (False, False)
    first.release()
    assert second.check() == (True, True)
    second.release()


def test_only_one_lease_on_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's")
    first, second = SchedulerLease(engine), SchedulerLease(engine)
    assert first.check() == (True, True)
    assert second.check() == (False, False)
    first.release()
    assert second.check() == (True, True)
    second.release()
