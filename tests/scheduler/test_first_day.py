"""The register-close sweep: who is chased, by which channel, and who never is."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from store.settings import Settings
from tests.scheduler.school import ContactSpec, World, local

MON = dt.date(2026, 11, 23)


@pytest.fixture
def world(engine: Engine, settings: Settings) -> World:
    return World(engine, settings, "oakfield")


def test_only_pupils_absent_without_reason_are_chased(world: World) -> None:
    chased = world.pupil("P1", "Oliver", "Hart", [ContactSpec("Sarah Hart")])
    unmarked = world.pupil("P2", "Eve", "Lamb", [ContactSpec("Rob Lamb", "father")])
    staff_absent = world.pupil("P3", "Gus", "Iles", [ContactSpec("Ann Iles")])
    reported = world.pupil("P4", "Dan", "Ray", [ContactSpec("Kim Ray")])
    other_group = world.pupil("P5", "Fay", "Orr", [ContactSpec("Lou Orr")], reg_group="4C")
    off_roll = world.pupil("P6", "Hal", "Ng", [ContactSpec("Mai Ng")])
    for code, mis in (("/", "P7"), ("L", "P8"), ("B", "P9"), ("K", "P10"), ("P", "P11"), ("V", "P12"), ("W", "P13"), ("C", "P14"), ("M", "P15")):
        world.mark(world.pupil(mis, "Kid", mis, [ContactSpec(f"Parent {mis}")]), MON, code)
    world.mark(chased, MON, "N")
    world.mark(staff_absent, MON, "N", source="staff")
    world.mark(reported, MON, "N")
    world.report(reported, MON)
    world.mark(off_roll, MON, "N")
    with world.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE pupil SET on_roll = false WHERE id = {off_roll}")
    result = world.run("register-close", local(MON, "09:20"))
    assert result.queued == [f"chase:{p}:2026-11-23:1" for p in sorted((chased, unmarked, staff_absent))]
    assert other_group not in {r.payload.get("pupil_id") for r in world.outbox()}


def test_nothing_before_register_close_or_on_a_closed_day(world: World) -> None:
    pupil = world.pupil("P1", "Oliver", "Hart", [ContactSpec("Sarah Hart")])
    world.mark(pupil, MON, "N")
    world.mark(pupil, MON + dt.timedelta(days=1), "N")
    world.closed(MON + dt.timedelta(days=1), "inset")
    assert world.run("register-close", local(MON, "09:19")).queued == []
    assert world.run("register-close", local(MON + dt.timedelta(days=1), "09:30")).ran is False
    assert world.run("register-close", local(MON - dt.timedelta(days=1), "09:30")).ran is False
    assert world.outbox() == []


def test_first_usable_contact_gets_a_short_lived_message(world: World, settings: Settings) -> None:
    linked = world.pupil("P1", "Oliver", "Hart", [ContactSpec("No Phone", sms=False), ContactSpec("Tom Hart", "father", telegram=7001)])
    by_sms = world.pupil("P2", "Ada", "Quill", [ContactSpec("Bad Number", phone_status="invalid"), ContactSpec("Nell Quill")])
    world.mark(linked, MON, "N")
    world.mark(by_sms, MON, "N")
    at = local(MON, "09:20")
    world.run("register-close", at)
    tg, sms = world.outbox()
    assert (tg.channel, tg.recipient, tg.contact_id) == ("telegram", "7001", world.contacts["Tom Hart"])
    assert (sms.channel, sms.contact_id) == ("sms", world.contacts["Nell Quill"])
    assert "Ada" in sms.text and "Quill" not in sms.text
    assert sms.not_after == at + dt.timedelta(seconds=settings.twilio.sms_validity_seconds)


def test_vulnerable_pupil_alerts_the_dsl_at_once_and_uncontactable_pupil_is_unaccounted(world: World) -> None:
    vulnerable = world.pupil("P1", "Ada", "Quill", [ContactSpec("Nell Quill")], looked_after=True)
    nobody = world.pupil("P2", "Cy", "Dunn", [ContactSpec("Gone", phone_status="undeliverable", sms=False)])
    world.mark(vulnerable, MON, "N")
    world.mark(nobody, MON, "N")
    world.run("register-close", local(MON, "09:20"))
    kinds = {(f.kind, f.pupil_id) for f in world.flags()}
    assert kinds == {("vulnerable_absence", vulnerable), ("unaccounted", nobody)}
    alerts = world.outbox("alert")
    assert len(alerts) == 2 and all(a.recipient == "-1001000000002" for a in alerts)
    assert any("Cy Dunn" in a.text and "no usable contact" in a.text for a in alerts)


def test_running_the_sweep_again_queues_nothing(world: World) -> None:
    for i in range(5):
        world.mark(world.pupil(f"P{i}", "Kid", f"Number{i}", [ContactSpec(f"Parent {i}")], social_worker=i == 0), MON, "N")
    first = world.run("register-close", local(MON, "09:20"))
    assert len(first.queued) == 6
    for clock in ("09:20", "09:35", "11:45"):
        assert world.run("register-close", local(MON, clock)).queued == []
    assert len(world.outbox()) == 6
