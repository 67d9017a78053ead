"""The school's escalation policy: each rule raises its task once, in a digest to the right chat."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from store.db import session_scope
from store.models import PolicyTask
from store.settings import Settings
from tests.scheduler.school import ContactSpec, World, local

STAFF, SAFEGUARDING = "-1001000000021", "-1001000000022"  # meadowbank (russell-street)


@pytest.fixture
def world(engine: Engine, settings: Settings) -> World:
    return World(engine, settings, "meadowbank")


def school_days(start: dt.date, n: int) -> list[dt.date]:
    days, day = [], start
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def tasks(world: World) -> dict[str, str]:
    with session_scope(world.engine) as s:
        return {t.dedupe_key: t.channel for t in s.execute(select(PolicyTask)).scalars()}


def test_consecutive_unexplained_days_and_unresolved_n(world: World) -> None:
    pid = world.pupil("P1", "Ada", "Quill", [ContactSpec("Nell Quill")])
    days = school_days(dt.date(2026, 11, 16), 6)  # Mon 16 .. Mon 23 Nov
    world.mark(pid, days[0], "N", sessions="ALL")
    for day in days[-3:]:
        world.mark(pid, day, "N", sessions="ALL")
    assert world.run("daily-escalation", local(days[-2], "12:59")).queued == []
    world.run("daily-escalation", local(days[-2], "13:00"))
    assert tasks(world) == {f"referral:{pid}:{days[-3]}": "safeguarding"}
    world.run("daily-escalation", local(days[-1], "13:00"))
    assert tasks(world) == {
        f"referral:{pid}:{days[-3]}": "safeguarding",
        f"teacher_call:{pid}:{days[-3]}": "staff",
        f"n_unresolved:{pid}:{days[0]}": "staff",
    }
    assert world.run("daily-escalation", local(days[-1], "16:00")).queued == []
    digests = world.outbox("digest")
    assert [d.recipient for d in digests] == [SAFEGUARDING, STAFF]
    assert all("Ada Quill" in d.text for d in digests)
    assert "treated as O" in digests[1].text


def test_reported_days_are_not_unexplained(world: World) -> None:
    pid = world.pupil("P1", "Ada", "Quill", [ContactSpec("Nell Quill")])
    mon, tue = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    world.mark(pid, mon, "N")
    world.report(pid, mon)
    world.mark(pid, tue, "N")
    world.run("daily-escalation", local(tue, "13:00"))
    assert tasks(world) == {}


def test_thresholds_penalty_and_illness(world: World) -> None:
    pid = world.pupil("P1", "Ben", "Okoro", [ContactSpec("Ife Okoro")])
    days = school_days(dt.date(2026, 9, 7), 30)
    for i, day in enumerate(days):
        code = "I" if i < 15 else ("O" if i < 21 else "/")
        world.mark(pid, day, code, sessions="ALL")
    world.run("daily-escalation", local(days[-1], "13:00"))
    raised = tasks(world)
    assert raised[f"penalty:{pid}:2026"] == "staff"
    assert raised[f"illness_la:{pid}:2026"] == "safeguarding"
    assert {k for k in raised if k.startswith("threshold:")} == {
        f"threshold:{pid}:2026:96.5", f"threshold:{pid}:2026:95", f"threshold:{pid}:2026:50"
    }
    world.run("daily-escalation", local(days[-1] + dt.timedelta(days=3), "13:00"))
    assert tasks(world) == raised


def test_a_report_without_a_reason_leaves_the_days_unexplained(world: World) -> None:
    pid = world.pupil("P1", "Ada", "Quill", [ContactSpec("Nell Quill")])
    mon, tue = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    for day in (mon, tue):
        world.mark(pid, day, "N", sessions="ALL")
        world.report(pid, day, code="N")  # "Ada won't be in today": in touch, but no reason given
    world.run("daily-escalation", local(tue, "13:00"))
    assert tasks(world) == {f"referral:{pid}:{mon}": "safeguarding"}
