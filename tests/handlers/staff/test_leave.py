"""Issue 15 point 1: a leave request decided by an admin on its card; the parent told; marks and the register follow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from handlers.staff.actions import Tap
from handlers.staff.leave import handle_leave_tap, leave_kind
from store.db import session_scope
from store.imports.register import import_register
from store.models import AbsenceReport, AttendanceMark, MarkAmendment, OutboundMessage, Pupil, PupilContact
from store.settings import Settings
from tests.handlers.parent_dialogue import MONDAY_0745, SARAH_PHONE, SARAH_TG, Dialogue, seed_families
from tests.handlers.staff_world import ALEX_ADMIN, JO_OFFICE

OAKFIELD_STAFF = -1001000000001
FRI = dt.date(2026, 12, 4)


@pytest.fixture
def ids(sqlite_engine: Engine) -> dict[str, int]:
    return seed_families(sqlite_engine)


def _request(engine: Engine, settings: Settings, channel: str = "sms") -> tuple[int, OutboundMessage]:
    out = Dialogue(engine, settings, channel, SARAH_PHONE, SARAH_TG).send(
        "please can you approve Oliver's absence on Friday 4th December for a family wedding")
    card = next(o for o in out if o.kind == "card")
    with session_scope(engine) as s:
        report = s.exec(select(AbsenceReport).where(AbsenceReport.intent == "leave_request")).one()
        assert report.id is not None
        return report.id, card


def _tap(engine: Engine, settings: Settings, user: int, data: str, at: dt.datetime = MONDAY_0745 + dt.timedelta(hours=2)):  # type: ignore[no-untyped-def]
    return handle_leave_tap(engine, settings, Tap(user_id=user, chat_id=OAKFIELD_STAFF, data=data), now=at)


def _notices(engine: Engine) -> list[OutboundMessage]:
    with session_scope(engine) as s:
        return list(s.exec(select(OutboundMessage).where(OutboundMessage.kind == "notice")).all())


def _marks(engine: Engine, pupil_id: int) -> list[tuple[dt.date, str, str, str]]:
    with session_scope(engine) as s:
        rows = s.exec(select(AttendanceMark).where(AttendanceMark.pupil_id == pupil_id).order_by(AttendanceMark.date, AttendanceMark.session)).all()
        return [(m.date, m.session, m.code, m.status) for m in rows]


@pytest.mark.parametrize("channel", ["sms", "telegram"])
def test_approved_leave_is_marked_C_and_the_parent_told(sqlite_engine: Engine, settings: Settings, ids: dict[str, int], channel: str) -> None:
    report_id, card = _request(sqlite_engine, settings, channel)
    labels = [b["label"] for row in card.payload["buttons"] for b in row]
    assert any("Approve" in x for x in labels) and any("Refuse" in x for x in labels)
    assert "Asked 11 day(s) ahead" in card.text and "Attendance this year so far" in card.text
    assert _marks(sqlite_engine, ids["oliver"]) == []

    refused = _tap(sqlite_engine, settings, JO_OFFICE, f"lv:{report_id}:a")
    assert refused is not None and refused.show_alert and _marks(sqlite_engine, ids["oliver"]) == []

    result = _tap(sqlite_engine, settings, ALEX_ADMIN, f"lv:{report_id}:a")
    assert result is not None and result.notice.startswith("Approved")
    assert result.text is not None and "Leave approved" in result.text and result.buttons == ()
    assert _marks(sqlite_engine, ids["oliver"]) == [(FRI, "AM", "C", "confirmed"), (FRI, "PM", "C", "confirmed")]
    notices = _notices(sqlite_engine)
    assert len(notices) == 1 and "has approved the leave of absence for Oliver (3B) on Fri 4 Dec" in notices[0].text
    assert notices[0].channel == channel and "Smith" not in notices[0].text

    again = _tap(sqlite_engine, settings, ALEX_ADMIN, f"lv:{report_id}:r")
    assert again is not None and again.notice.startswith("Already decided")
    assert len(_notices(sqlite_engine)) == 1
    with session_scope(sqlite_engine) as s:
        amendments = s.exec(select(MarkAmendment)).all()
        assert all(a.amended_by == "Alex Novak" and a.role == "admin" for a in amendments)


def test_refused_leave_marks_nothing_until_the_register_shows_the_absence_then_G(
        sqlite_engine: Engine, settings: Settings, ids: dict[str, int], tmp_path: Path) -> None:
    report_id, _ = _request(sqlite_engine, settings)
    result = _tap(sqlite_engine, settings, ALEX_ADMIN, f"lv:{report_id}:r")
    assert result is not None and result.notice.startswith("Refused")
    assert _marks(sqlite_engine, ids["oliver"]) == []
    notice = _notices(sqlite_engine)[0]
    assert "has not approved the leave of absence for Oliver (3B) on Fri 4 Dec" in notice.text and "unauthorised (G)" in notice.text
    register = tmp_path / "register.csv"
    register.write_text("school_id,pupil_id,date,session,mark\noakfield,P1,2026-12-04,AM,N\noakfield,P1,2026-12-04,PM,N\n", encoding="utf-8")
    import_register(engine=sqlite_engine, path=register, at=dt.datetime(2026, 12, 4, 10, tzinfo=dt.timezone.utc))
    assert [m[2] for m in _marks(sqlite_engine, ids["oliver"])] == ["G", "G"]


def test_a_request_inside_the_notice_period_says_so(sqlite_engine: Engine, settings: Settings) -> None:
    """Hillcrest runs the AFMAT preset: 28 days' notice for leave, 14 for religious observance."""
    with session_scope(sqlite_engine) as s:
        pupil = Pupil(school_id="hillcrest", mis_id="H1", first_name="Zain", last_name="Example", year_group="8", reg_group="8K")
        from store.models import Contact

        contact = Contact(school_id="hillcrest", mis_id="HC1", name="Amina Example", relationship="mother", phone="+447700900321")
        s.add_all([pupil, contact])
        s.flush()
        s.add(PupilContact(pupil_id=pupil.id, contact_id=contact.id, priority=1))
        s.flush()
        contact.telegram_user_id = 9999
    out = Dialogue(sqlite_engine, settings, "telegram", "+447700900321", 9999).send(
        "Salaam, please could you approve Zain's absence on Thursday 3rd December for Eid celebrations with family")
    card = next(o for o in out if o.kind == "card")
    assert "religious observance (code R if approved)" in card.text
    assert "Inside the notice period: the policy asks for 14 days of notice." in card.text


@pytest.mark.parametrize("text, code", [
    ("can he have the day off for Diwali", "R"), ("we travel with the fair for work in spring", "T"),
    ("she has a performance at the theatre", "C1"), ("a family wedding in Lahore", "C"),
])
def test_the_kind_of_leave_gives_its_code(text: str, code: str) -> None:
    assert leave_kind(text)[0] == code
