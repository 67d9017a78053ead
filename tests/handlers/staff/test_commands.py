"""Staff commands: /today, /pending, /absent, /find, /export, /card — as staff, stranger, and elsewhere."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from handlers.staff.access import NOT_STAFF
from handlers.staff.commands import NOT_A_STAFF_GROUP, StaffReply, run_staff_command
from store.db import session_scope
from store.marks import create_mark
from store.models import AttendanceMark, ChaseAttempt, MarkAmendment, Pupil
from store.settings import Settings
from tests.handlers.staff_world import (
    JO_OFFICE,
    NOW,
    OAKFIELD_SAFEGUARDING_CHAT,
    OAKFIELD_STAFF_CHAT,
    SAM_DSL,
    STRANGER,
    TODAY,
    World,
    add_pupil,
    build_world,
)


@pytest.fixture
def world(engine: Engine) -> World:
    with session_scope(engine) as s:
        return build_world(s)


def cmd(engine: Engine, settings: Settings, command: str, args: str = "", user: int = JO_OFFICE, chat: int = OAKFIELD_STAFF_CHAT, at: dt.datetime = NOW) -> StaffReply:
    return run_staff_command(engine, settings, user_id=user, chat_id=chat, command=command, args=args, now=at)


def _marks(engine: Engine, pupil_id: int) -> list[tuple[str, str, str, str]]:
    with session_scope(engine) as s:
        rows = s.execute(select(AttendanceMark).where(AttendanceMark.pupil_id == pupil_id).order_by(AttendanceMark.session)).scalars()
        return [(m.session, m.code, m.source, m.status) for m in rows]


def test_stranger_and_other_groups_are_refused(engine: Engine, settings: Settings, world: World) -> None:
    assert cmd(engine, settings, "find", "Oliver", user=STRANGER).texts == (NOT_STAFF,)
    assert cmd(engine, settings, "today", chat=-100999).texts == (NOT_A_STAFF_GROUP,)
    assert cmd(engine, settings, "absent", "Olivia", user=STRANGER).texts == (NOT_STAFF,)
    assert _marks(engine, world.olivia) == []


def test_absent_marks_n_from_staff_so_the_pupil_is_chased(engine: Engine, settings: Settings, world: World) -> None:
    reply = cmd(engine, settings, "absent", "olivia")
    assert "Marked <b>Olivia Smith (5A)</b> absent without a reason (<b>N</b>) for AM, PM" in reply.texts[0]
    assert _marks(engine, world.olivia) == [("AM", "N", "staff", "provisional"), ("PM", "N", "staff", "provisional")]
    again = cmd(engine, settings, "absent", "P1002")
    assert "already N" in again.texts[0]


def test_absent_in_the_afternoon_marks_pm_and_replaces_a_present_mark_with_audit(engine: Engine, settings: Settings, world: World) -> None:
    with session_scope(engine) as s:
        create_mark(s, pupil_id=world.olivia, date=TODAY, sess="PM", code="\\", source="register", at=NOW)
    cmd(engine, settings, "absent", "Olivia Smith", at=NOW.replace(hour=13))
    assert _marks(engine, world.olivia) == [("PM", "N", "staff", "provisional")]
    with session_scope(engine) as s:
        amendment = s.execute(select(MarkAmendment)).scalar_one()
        assert (amendment.original_code, amendment.amended_code, amendment.amended_by, amendment.role) == ("\\", "N", "Jo Pemberton", "office")


def test_absent_never_overwrites_a_reported_reason(engine: Engine, settings: Settings, world: World) -> None:
    reply = cmd(engine, settings, "absent", "Oliver Smith")
    assert "already has I" in reply.texts[0] and "Marked" not in reply.texts[0]
    assert {m[1] for m in _marks(engine, world.oliver)} == {"I"}


def test_absent_ambiguous_name_lists_the_choices(engine: Engine, settings: Settings, world: World) -> None:
    reply = cmd(engine, settings, "absent", "smith")
    assert "More than one pupil" in reply.texts[0]
    assert "/absent P1001" in reply.texts[0] and "/absent P1002" in reply.texts[0]
    assert _marks(engine, world.olivia) == []
    assert "No pupil" in cmd(engine, settings, "absent", "Zebedee Quux").texts[0]


def test_absent_fuzzy_match_on_a_misspelling(engine: Engine, settings: Settings, world: World) -> None:
    cmd(engine, settings, "absent", "Amelia OBrian")
    assert [m[1] for m in _marks(engine, world.amelia)] == ["N", "N"]


def test_find_shows_contacts_usable_and_unusable_and_todays_marks(engine: Engine, settings: Settings, world: World) -> None:
    text = "\n".join(cmd(engine, settings, "find", "ollie smith", user=SAM_DSL, chat=OAKFIELD_SAFEGUARDING_CHAT).texts)
    assert "<b>Oliver Smith</b> (known as Ollie)" in text
    assert "Dana Smith, Mother: +447700900123 ✅ usable" in text
    assert "Lee Smith, Mother:" in text and "❌ unusable (invalid)" in text
    assert "AM <b>I</b> (provisional, parent)" in text
    escaped = "\n".join(cmd(engine, settings, "find", "Amelia").texts)
    assert "O&#x27;Brien &lt;Jr&gt;" in escaped and "<Jr>" not in escaped


def test_today_board_per_session(engine: Engine, settings: Settings, world: World) -> None:
    with session_scope(engine) as s:
        create_mark(s, pupil_id=world.olivia, date=TODAY, sess="AM", code="N", source="register", at=NOW)
        create_mark(s, pupil_id=world.amelia, date=TODAY, sess="AM", code="N", source="register", at=NOW)
        create_mark(s, pupil_id=world.amelia, date=TODAY, sess="PM", code="L", source="register", at=NOW)
        s.add(ChaseAttempt(school_id="oakfield", pupil_id=world.amelia, date=TODAY, step=1, outcome="queued"))
    text = "\n".join(cmd(engine, settings, "today").texts)
    morning, afternoon = text.split("<b>Afternoon (PM)</b>")
    assert "Reported, awaiting review</u> (1):\n  • Oliver Smith (3B) <b>I</b>" in morning
    assert "Absent without a reason</u> (1):\n  • Olivia Smith (5A) <b>N</b>" in morning
    assert "Being chased</u> (1):\n  • Amelia O&#x27;Brien &lt;Jr&gt; (3B) <b>N</b>" in morning
    assert "Late</u> (1):\n  • Amelia" in afternoon
    assert "Harry" not in text


def test_pending_lists_reports_with_card_commands_and_card_reposts(engine: Engine, settings: Settings, world: World) -> None:
    text = cmd(engine, settings, "pending").texts[0]
    assert "Oliver Smith (3B) — <b>I</b>" in text and f"/card_{world.report}" in text and "Harry" not in text
    card = cmd(engine, settings, "card", str(world.report))
    assert "Oliver" in card.texts[0] and any("Confirm" in b.label for row in card.buttons for b in row)
    assert "No such report" in cmd(engine, settings, "card", str(world.hillcrest_report)).texts[0]


def test_export_sends_this_schools_marks_as_csv(engine: Engine, settings: Settings, world: World) -> None:
    reply = cmd(engine, settings, "export", TODAY.isoformat())
    assert reply.filename == f"marks-oakfield-{TODAY.isoformat()}.csv" and reply.document is not None
    rows = list(csv.DictReader(io.StringIO(reply.document.decode())))
    assert [(r["pupil_id"], r["session"], r["code"]) for r in rows] == [("P1001", "AM", "I"), ("P1001", "PM", "I")]
    assert "Usage" in cmd(engine, settings, "export", "23/11/2026").texts[0]


def test_find_on_a_big_roll_is_split_to_fit(engine: Engine, settings: Settings, world: World) -> None:
    with session_scope(engine) as s:
        for i in range(40):
            add_pupil(s, "oakfield", f"Q{i}", "Jack", f"Smithson{i}", "4C")
        assert len(list(s.execute(select(Pupil)).scalars())) == 44
    reply = cmd(engine, settings, "absent", "Jack")
    assert "More than one pupil" in reply.texts[0] and reply.texts[0].count("/absent Q") == 6
