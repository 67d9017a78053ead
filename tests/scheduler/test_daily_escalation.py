"""The school's escalation policy: each rule raises its task once, posted as a card to its owner's chat."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from handlers.staff.actions import Tap
from handlers.staff.tasks import handle_task_tap
from store.db import session_scope
from store.models import PolicyTask, Pupil
from store.settings import Settings
from tests.scheduler.school import ContactSpec, World, local

STAFF, SAFEGUARDING = "-1001000000021", "-1001000000022"  # meadowbank (russell-street)
OAK_STAFF, OAK_SAFEGUARDING = -1001000000001, -1001000000002  # oakfield (bedwell)
OFFICE, DSL, ADMIN = 100000001, 100000002, 100000003


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


def rows(world: World) -> list[PolicyTask]:
    with session_scope(world.engine) as s:
        return list(s.execute(select(PolicyTask).order_by(PolicyTask.id)).scalars())


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
    cards = [c for c in world.outbox("task") if c.idempotency_key.endswith(":1")]
    assert [c.recipient for c in cards] == [SAFEGUARDING, STAFF, STAFF]
    overdue = [c for c in world.outbox("task") if not c.idempotency_key.endswith(":1")]
    assert [(c.recipient, "Overdue" in c.text) for c in overdue] == [(SAFEGUARDING, True)], "yesterday's referral comes back"
    assert all("Ada Quill" in c.text for c in cards)
    assert any("treated as O" in c.text for c in cards if c.recipient == STAFF)
    for card in cards:
        labels = [b["label"] for row in card.payload["buttons"] for b in row]
        assert any("Done" in label for label in labels) and any("Not needed" in label for label in labels)
    by_kind = {t.kind: t for t in rows(world)}
    assert by_kind["referral"].owner_role == "dsl" and by_kind["teacher_call"].owner_role == "office"
    assert all(t.status == "open" and t.due_on == t.raised_on for t in by_kind.values())


def test_reported_days_are_not_unexplained(world: World) -> None:
    pid = world.pupil("P1", "Ada", "Quill", [ContactSpec("Nell Quill")])
    mon, tue = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    world.mark(pid, mon, "N")
    world.report(pid, mon)
    world.mark(pid, tue, "N")
    world.run("daily-escalation", local(tue, "13:00"))
    assert tasks(world) == {}


def test_figures_stages_penalty_and_illness(world: World) -> None:
    pid = world.pupil("P1", "Ben", "Okoro", [ContactSpec("Ife Okoro")])
    days = school_days(dt.date(2026, 9, 1), 30)
    for i, day in enumerate(days):
        code = "I" if i < 15 else ("O" if i < 21 else "/")
        world.mark(pid, day, code, sessions="ALL")
    world.run("daily-escalation", local(days[-1], "13:00"))
    raised = tasks(world)
    assert set(raised) == {
        f"persistent_absence:{pid}:2026", f"severe_absence:{pid}:2026",
        f"threshold:{pid}:2026:96.5", f"threshold:{pid}:2026:95",
        f"stage:{pid}:2026:11", f"penalty:{pid}:{days[-1]}", f"illness_la:{pid}:2026",
    }
    assert raised[f"severe_absence:{pid}:2026"] == "safeguarding"
    penalty = next(t for t in rows(world) if t.kind == "penalty")
    assert "notice to improve" in penalty.title
    world.run("daily-escalation", local(days[-1] + dt.timedelta(days=3), "13:00"))
    assert tasks(world) == raised, "nothing is raised twice"


def test_a_pupil_at_exactly_90_percent_is_persistently_absent(world: World) -> None:
    pid = world.pupil("P1", "Cara", "Lind", [ContactSpec("Tom Lind")])
    days = school_days(dt.date(2026, 9, 1), 20)
    for i, day in enumerate(days):
        world.mark(pid, day, "I" if i < 2 else "/", sessions="ALL")
    world.run("daily-escalation", local(days[-1], "13:00"))
    kinds = {t.kind for t in rows(world)}
    assert "persistent_absence" in kinds and "severe_absence" not in kinds


def test_too_little_register_data_raises_no_figure_task(world: World) -> None:
    """Ten days of reported illness with no register for the rest of the term is not '0% attendance'."""
    pid = world.pupil("P1", "Dev", "Marsh", [ContactSpec("Lee Marsh")])
    days = school_days(dt.date(2026, 9, 1), 40)
    for day in days[-10:]:
        world.mark(pid, day, "I", sessions="ALL", source="parent")
    world.run("daily-escalation", local(days[-1], "13:00"))
    keys = set(tasks(world))
    assert not {k for k in keys if k.split(":")[0] in ("persistent_absence", "severe_absence", "threshold")}
    assert f"stage:{pid}:{days[-10]}:6c" in keys, "ten days in a row is still the policy's week-two stage"


def test_penalty_is_raised_again_each_time_the_threshold_is_crossed(world: World) -> None:
    pid = world.pupil("P1", "Eli", "Grove", [ContactSpec("Mo Grove")])
    days = school_days(dt.date(2026, 9, 1), 40)
    for day in days:
        world.mark(pid, day, "/", sessions="ALL")
    for day in days[5:10]:
        world.mark(pid, day, "G", sessions="ALL")
    world.run("daily-escalation", local(days[9], "13:00"))
    for day in days[20:25]:
        world.mark(pid, day, "O", sessions="ALL")
    world.run("daily-escalation", local(days[24], "13:00"))
    penalties = [t for t in rows(world) if t.kind == "penalty"]
    assert [t.raised_on for t in penalties] == [days[9], days[24]]
    assert "notice to improve" in penalties[0].title and "again" in penalties[1].title


def test_illness_likely_to_reach_the_limit_is_raised_when_reported(world: World) -> None:
    pid = world.pupil("P1", "Fay", "Holm", [ContactSpec("Ros Holm")])
    days = school_days(dt.date(2026, 11, 2), 20)
    world.mark(pid, days[0], "I", sessions="ALL", source="parent")
    world.report(pid, days[0], code="I", last_day=days[16])  # "off for the next three and a half weeks"
    world.run("daily-escalation", local(days[0], "13:00"))
    task = next(t for t in rows(world) if t.kind == "illness_la")
    assert "reported ahead" in task.details


def test_a_report_without_a_reason_leaves_the_days_unexplained(world: World) -> None:
    pid = world.pupil("P1", "Ada", "Quill", [ContactSpec("Nell Quill")])
    mon, tue = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    for day in (mon, tue):
        world.mark(pid, day, "N", sessions="ALL")
        world.report(pid, day, code="N")  # "Ada won't be in today": in touch, but no reason given
    world.run("daily-escalation", local(tue, "13:00"))
    assert tasks(world) == {f"referral:{pid}:{mon}": "safeguarding"}


def test_leavers_and_joiners_raise_local_authority_tasks(world: World) -> None:
    pid = world.pupil("P1", "Gus", "Reed", [ContactSpec("Kit Reed")], social_worker=True)
    new = world.pupil("P2", "Hana", "Ito", [ContactSpec("Rin Ito")])
    wed = dt.date(2026, 11, 25)
    with session_scope(world.engine) as s:
        leaver, joiner = s.get(Pupil, pid), s.get(Pupil, new)
        assert leaver and joiner
        leaver.on_roll, leaver.left_on, joiner.joined_on = False, wed, wed
    world.run("daily-escalation", local(wed, "13:00"))
    by_kind = {t.kind: t for t in rows(world)}
    assert set(by_kind) == {"leaver_la", "social_worker", "admission_la"}
    assert by_kind["social_worker"].owner_role == "dsl"
    assert by_kind["admission_la"].due_on == wed + dt.timedelta(days=5)


def test_overdue_tasks_come_back_once_a_school_day(world: World) -> None:
    pid = world.pupil("P1", "Ada", "Quill", [ContactSpec("Nell Quill")])
    days = school_days(dt.date(2026, 11, 23), 4)
    for day in days[:2]:
        world.mark(pid, day, "N", sessions="ALL")
    world.run("daily-escalation", local(days[1], "13:00"))
    world.run("daily-escalation", local(days[2], "13:00"))
    world.run("daily-escalation", local(days[2], "15:00"))
    keys = [c.idempotency_key for c in world.outbox("task")]
    referral = next(t for t in rows(world) if t.kind == "referral")
    assert keys == [f"task:{referral.id}:1", f"task:{referral.id}:{days[2]}"]
    assert "Overdue" in world.outbox("task")[-1].text


def _tap(engine: Engine, settings: Settings, user: int, data: str, chat: int = OAK_STAFF) -> object:
    return handle_task_tap(engine, settings, Tap(user_id=user, chat_id=chat, data=data), now=dt.datetime(2026, 11, 25, 14, tzinfo=dt.UTC))


def test_done_and_not_needed_taps_close_a_task_once_for_its_owner(engine: Engine, settings: Settings) -> None:
    world = World(engine, settings, "oakfield")
    pid = world.pupil("P1", "Ada", "Quill", [ContactSpec("Nell Quill")])
    days = school_days(dt.date(2026, 11, 23), 3)
    for day in days:
        world.mark(pid, day, "N", sessions="ALL")
    world.run("daily-escalation", local(days[2], "13:00"))
    by_kind = {t.kind: t for t in rows(world)}
    referral, letter = by_kind["referral"], by_kind["letter"]
    assert referral.owner_role == "dsl" and letter.owner_role == "office"
    refused = _tap(engine, settings, OFFICE, f"td:{referral.id}", chat=OAK_SAFEGUARDING)
    assert "role" in refused.notice.lower()  # type: ignore[attr-defined]
    assert _tap(engine, settings, DSL, f"td:{referral.id}").notice.startswith("That can only")  # type: ignore[attr-defined]
    done = _tap(engine, settings, DSL, f"td:{referral.id}", chat=OAK_SAFEGUARDING)
    assert "Recorded" in done.notice and "Sam Adeyemi" in done.text  # type: ignore[attr-defined]
    again = _tap(engine, settings, ADMIN, f"tn:{referral.id}", chat=OAK_SAFEGUARDING)
    assert "Already closed" in again.notice  # type: ignore[attr-defined]
    _tap(engine, settings, OFFICE, f"tn:{letter.id}")
    after = {t.kind: t for t in rows(world)}
    assert (after["referral"].status, after["referral"].done_by) == ("done", "Sam Adeyemi (dsl)")
    assert (after["letter"].status, after["letter"].done_by) == ("dismissed", "Jo Pemberton (office)")
    assert _tap(engine, settings, OFFICE, "td:abc").show_alert  # type: ignore[attr-defined]
