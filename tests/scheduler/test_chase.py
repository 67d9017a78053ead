"""Chase escalation: next contact after the wait or a failed delivery; the chase stops on any answer."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from store.settings import Settings
from tests.scheduler.school import ContactSpec, World, local

MON = dt.date(2026, 11, 23)
FAMILY = [ContactSpec("Sarah Hart"), ContactSpec("Tom Hart", "father", telegram=7001), ContactSpec("Gran Hart", "grandmother")]


@pytest.fixture
def world(engine: Engine, settings: Settings) -> World:
    w = World(engine, settings, "oakfield")  # bedwell policy, chase_interval_minutes = 30
    w.pupil_id = w.pupil("P1", "Oliver", "Hart", FAMILY)  # type: ignore[attr-defined]
    w.mark(w.pupil_id, MON, "N")  # type: ignore[attr-defined]
    w.run("register-close", local(MON, "09:20"))
    return w


def keys(world: World) -> list[str]:
    return [r.idempotency_key for r in world.outbox()]


def test_each_contact_in_turn_then_unaccounted_when_the_last_wait_expires(world: World) -> None:
    assert world.run("chase-escalation", local(MON, "09:49")).queued == []
    assert world.run("chase-escalation", local(MON, "09:50")).queued == ["chase:1:2026-11-23:2"]
    assert world.run("chase-escalation", local(MON, "10:19")).queued == []
    assert world.run("chase-escalation", local(MON, "10:20")).queued == ["chase:1:2026-11-23:3"]
    assert world.run("chase-escalation", local(MON, "10:49")).queued == []
    (alert_key,) = world.run("chase-escalation", local(MON, "10:50")).queued
    assert world.run("chase-escalation", local(MON, "11:30")).queued == []
    alert = world.outbox("alert")[0]
    assert alert.idempotency_key == alert_key
    assert "Oliver Hart" in alert.text
    assert "Sarah Hart (mother) by SMS at 09:20" in alert.text
    assert "Tom Hart (father) by Telegram at 09:50" in alert.text
    assert "Gran Hart (grandmother) by SMS at 10:20" in alert.text
    assert "+44" not in alert.text


def test_failed_delivery_moves_on_at_once(world: World) -> None:
    world.fail_delivery("chase:1:2026-11-23:1")
    assert world.run("chase-escalation", local(MON, "09:23")).queued == ["chase:1:2026-11-23:2"]


@pytest.mark.parametrize("answer", ["report", "inbound", "came_in"])
def test_an_answer_stops_the_chase(world: World, answer: str) -> None:
    if answer == "report":
        world.report(world.pupil_id, MON)  # type: ignore[attr-defined]
    elif answer == "inbound":
        world.inbound("Sarah Hart", local(MON, "09:40"))
    else:
        world.mark(world.pupil_id, MON, "L")  # type: ignore[attr-defined]
    for clock in ("09:50", "10:20", "10:50", "12:00"):
        assert world.run("chase-escalation", local(MON, clock)).queued == []
    assert keys(world) == ["chase:1:2026-11-23:1"]
    assert world.flags() == []


def test_a_message_before_the_chaser_is_not_an_answer(world: World) -> None:
    world.inbound("Sarah Hart", local(MON, "08:00"), "see you at parents evening")
    assert world.run("chase-escalation", local(MON, "09:50")).queued == ["chase:1:2026-11-23:2"]
