"""Issue 15 point 5: attendance reports at the end of each half-term, to verified contacts with parental
responsibility only, in their language; opt-out honoured; on demand from /case."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlmodel import select

from handlers.attendance_report import handle_report_tap
from handlers.staff.actions import Tap
from scheduler.jobs import run_job_at
from store.db import session_scope
from store.marks import create_mark
from store.models import CalendarDay, Contact, InboundMessage, OutboundMessage, Pupil, PupilContact
from store.schools import school_days
from store.settings import Settings

HALF_TERM = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
LAST_DAY = dt.date(2026, 10, 23)  # Friday before half-term
AT = dt.datetime(2026, 10, 23, 15, 45, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # BST
ALEX_ADMIN, JO_OFFICE, OAKFIELD_STAFF = 100000003, 100000001, -1001000000001


def _seed(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as s:
        s.add_all([CalendarDay(school_id="oakfield", date=d, kind="holiday") for d in HALF_TERM])
        good = Pupil(school_id="oakfield", mis_id="A1", first_name="Ada", last_name="Example", year_group="4", reg_group="4B")
        poor = Pupil(school_id="oakfield", mis_id="A2", first_name="Bram", last_name="Example", year_group="2", reg_group="2C")
        s.add_all([good, poor])
        s.flush()
        contacts = {
            "tg": Contact(school_id="oakfield", mis_id="K1", name="Telegram Parent", phone="+447700900301", telegram_user_id=8801),
            "sms_verified": Contact(school_id="oakfield", mis_id="K2", name="Texting Parent", phone="+447700900302", language="pl"),
            "sms_unverified": Contact(school_id="oakfield", mis_id="K3", name="Silent Parent", phone="+447700900303"),
            "opted_out": Contact(school_id="oakfield", mis_id="K4", name="Stopped Parent", phone="+447700900304", sms_opted_out=True),
            "no_pr": Contact(school_id="oakfield", mis_id="K5", name="Childminder", phone="+447700900305", telegram_user_id=8805,
                             parental_responsibility=False),
        }
        s.add_all(contacts.values())
        s.flush()
        for c in contacts.values():
            s.add(PupilContact(pupil_id=poor.id if c.mis_id != "K1" else good.id, contact_id=c.id, priority=1))
        s.add(InboundMessage(channel="sms", provider_id="SMverify", sender="+447700900302", recipient="+447700900100", text="hi",
                             payload={}, received_at=dt.datetime(2026, 9, 10, 7, 30, tzinfo=dt.timezone.utc)))
        days = school_days(dt.date(2026, 9, 1), LAST_DAY, set(HALF_TERM))
        for i, day in enumerate(days):
            for sess, present in (("AM", "/"), ("PM", "\\")):
                create_mark(s, pupil_id=good.id or 0, date=day, sess=sess, code=present, source="register", status="confirmed")
                create_mark(s, pupil_id=poor.id or 0, date=day, sess=sess, code="I" if i % 5 == 0 else present, source="register",
                            status="confirmed")
        return {"good": good.id or 0, "poor": poor.id or 0} | {k: c.id or 0 for k, c in contacts.items()}


def _reports(engine: Engine) -> list[OutboundMessage]:
    with session_scope(engine) as s:
        return list(s.exec(select(OutboundMessage).where(OutboundMessage.kind == "attendance_report")).all())


def test_the_end_of_a_half_term_sends_each_verified_parent_a_report_once(sqlite_engine: Engine, settings: Settings) -> None:
    ids = _seed(sqlite_engine)
    run_job_at(sqlite_engine, settings, job="attendance-reports", school_id="oakfield", now=AT - dt.timedelta(days=1))
    assert _reports(sqlite_engine) == []  # Thursday: not the last day before a break
    run_job_at(sqlite_engine, settings, job="attendance-reports", school_id="oakfield", now=AT)
    reports = {r.contact_id: r for r in _reports(sqlite_engine)}
    assert set(reports) == {ids["tg"], ids["sms_verified"]}
    tg = reports[ids["tg"]]
    assert (tg.channel, tg.recipient) == ("telegram", "8801")
    assert "Ada (4B)" in tg.text and "100.0%" in tg.text and "good attendance" in tg.text and "Example" not in tg.text
    pl = reports[ids["sms_verified"]]
    assert pl.channel == "sms" and "Bram (2C)" in pl.text and "79.5" in pl.text and "Oakfield" in pl.text
    assert "persistent absence" not in pl.text  # Polish, not English
    run_job_at(sqlite_engine, settings, job="attendance-reports", school_id="oakfield", now=AT + dt.timedelta(minutes=30))
    assert len(_reports(sqlite_engine)) == 2


def test_staff_send_one_on_demand_from_case(sqlite_engine: Engine, settings: Settings) -> None:
    ids = _seed(sqlite_engine)
    now = dt.datetime(2026, 10, 14, 10, 0, tzinfo=dt.timezone.utc)
    result = handle_report_tap(sqlite_engine, settings, Tap(user_id=JO_OFFICE, chat_id=OAKFIELD_STAFF, data=f"ar:{ids['poor']}"), now=now)
    assert result.notice == "Attendance report sent to 1 contact(s)."
    assert [r.contact_id for r in _reports(sqlite_engine)] == [ids["sms_verified"]]
    stranger = handle_report_tap(sqlite_engine, settings, Tap(user_id=424242, chat_id=OAKFIELD_STAFF, data=f"ar:{ids['poor']}"), now=now)
    assert stranger.show_alert and len(_reports(sqlite_engine)) == 1
