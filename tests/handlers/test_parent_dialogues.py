"""Parent conversations as transcripts, the same on SMS and Telegram, through the real store and NLU."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.db import session_scope
from store.models import AbsenceReport, AttendanceMark, CalendarDay, Contact, InboundMessage, MarkAmendment, SafeguardingFlag
from store.settings import Settings
from tests.handlers.parent_dialogue import DAN_PHONE, DAN_TG, MONDAY_0745, SARAH_PHONE, SARAH_TG, Dialogue, seed_families, sms_segments

CHANNELS = ["sms", "telegram"]


@pytest.fixture
def ids(sqlite_engine: Engine) -> dict[str, int]:
    return seed_families(sqlite_engine)


def dan(engine: Engine, settings: Settings, channel: str) -> Dialogue:
    return Dialogue(engine, settings, channel, DAN_PHONE, DAN_TG)


def sarah(engine: Engine, settings: Settings, channel: str) -> Dialogue:
    return Dialogue(engine, settings, channel, SARAH_PHONE, SARAH_TG)


def marks(engine: Engine, pupil_id: int) -> list[tuple[dt.date, str, str]]:
    with session_scope(engine) as s:
        rows = s.exec(select(AttendanceMark).where(AttendanceMark.pupil_id == pupil_id).order_by(AttendanceMark.date, AttendanceMark.session)).all()
        return [(m.date, m.session, m.code) for m in rows]


MON = dt.date(2026, 11, 23)


@pytest.mark.parametrize("channel", CHANNELS)
def test_one_message_records_the_absence_replies_and_posts_a_card(sqlite_engine: Engine, settings: Settings, ids: dict[str, int], channel: str) -> None:
    out = dan(sqlite_engine, settings, channel).send("noah has been sick all night wont be in")
    reply = [o for o in out if o.kind == "reply"][0]
    assert reply.text == (
        "Thanks, Dan. Noah (4A) is recorded as absent today, Mon 23 Nov, because of illness. The office will confirm. "
        "UKHSA advice for diarrhoea and vomiting: return 48 hours after diarrhoea and vomiting have stopped, so the earliest return is Wed 25 Nov."
    )
    assert marks(sqlite_engine, ids["noah"]) == [(MON, "AM", "I"), (MON, "PM", "I")]
    card = [o for o in out if o.kind == "card"][0]
    assert card.recipient == str(settings.school("oakfield").staff_chat_id) and card.payload["parse_mode"] == "HTML"
    assert "Noah Jones" in card.text and "4A" in card.text and "<b>I</b>" in card.text
    labels = [b["label"] for row in card.payload["buttons"] for b in row]
    datas = [b["data"] for row in card.payload["buttons"] for b in row]
    assert any("Confirm" in label for label in labels)
    with session_scope(sqlite_engine) as s:
        report = s.exec(select(AbsenceReport)).one()
    assert f"cf:{report.id}" in datas and f"cc:{report.id}:M" in datas and f"more:{report.id}" in datas and f"rs:{report.id}" in datas


@pytest.mark.parametrize("channel", CHANNELS)
def test_which_child_then_reason_asked_once(sqlite_engine: Engine, settings: Settings, ids: dict[str, int], channel: str) -> None:
    parent = sarah(sqlite_engine, settings, channel)
    question = parent.reply("wont be in today sorry")
    assert "Which child" in question
    if channel == "sms":
        assert "1 for Amelia" in question and "2 for Oliver" in question
        answer = parent.reply("1", MONDAY_0745 + dt.timedelta(minutes=2))
    else:
        answer = parent.press(f"pc:{parent.last_inbound}:1", MONDAY_0745 + dt.timedelta(minutes=2))
    assert "Amelia (5C) is recorded as absent today, Mon 23 Nov." in answer
    assert "reason" in answer
    assert marks(sqlite_engine, ids["amelia"]) == [(MON, "AM", "N"), (MON, "PM", "N")]
    assert marks(sqlite_engine, ids["oliver"]) == []
    thanks = parent.reply("she has a temperature", MONDAY_0745 + dt.timedelta(minutes=5))
    assert "illness" in thanks
    assert marks(sqlite_engine, ids["amelia"]) == [(MON, "AM", "I"), (MON, "PM", "I")]
    with session_scope(sqlite_engine) as s:
        assert len(s.exec(select(MarkAmendment)).all()) == 2
    follow_up = parent.reply("thanks", MONDAY_0745 + dt.timedelta(minutes=6))
    assert "reason" not in follow_up
    with session_scope(sqlite_engine) as s:
        report = s.exec(select(AbsenceReport)).one()
        first = min(m.id for m in s.exec(select(InboundMessage)))
    assert report.inbound_id == first, "the card quotes the parent's report, not their answer to the question"


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_stated_non_medical_reason_is_recorded_and_not_asked_for(sqlite_engine: Engine, settings: Settings, ids: dict[str, int], channel: str) -> None:
    reply = dan(sqlite_engine, settings, channel).reply("Noah won't be in today, we are away at a family wedding")
    assert "Noah (4A) is recorded as absent today" in reply and "reason" not in reply
    assert marks(sqlite_engine, ids["noah"]) == [(MON, "AM", "N"), (MON, "PM", "N")]
    with session_scope(sqlite_engine) as s:
        assert s.exec(select(AbsenceReport)).one().reason_text == "we are away"


def test_sms_which_child_accepts_a_name(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    parent = sarah(sqlite_engine, settings, "sms")
    parent.reply("wont be in today sorry")
    answer = parent.reply("ollie", MONDAY_0745 + dt.timedelta(minutes=1))
    assert "Oliver (3B) is recorded as absent" in answer


def test_several_children_in_one_message(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    out = sarah(sqlite_engine, settings, "sms").send("Oliver and Amelia both have a sickness bug, neither will be in today")
    reply = [o for o in out if o.kind == "reply"][0].text
    assert "Amelia (5C) and Oliver (3B) are recorded as absent today" in reply or "Oliver (3B) and Amelia (5C) are recorded" in reply
    assert len([o for o in out if o.kind == "card"]) == 2


def test_new_report_mid_conversation_is_not_lost(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    parent = sarah(sqlite_engine, settings, "sms")
    assert "Which child" in parent.reply("wont be in today sorry")
    reply = parent.reply("Oliver has a dentist appointment at 9, he will be in after", MONDAY_0745 + dt.timedelta(minutes=1))
    assert "Oliver (3B) is recorded as absent for the morning" in reply and "medical appointment" in reply
    answer = parent.reply("Amelia", MONDAY_0745 + dt.timedelta(minutes=3))
    assert "Amelia (5C) is recorded as absent" in answer


@pytest.mark.parametrize("channel", CHANNELS)
def test_late_after_register_close_tells_staff_it_counts_as_u(sqlite_engine: Engine, settings: Settings, ids: dict[str, int], channel: str) -> None:
    out = dan(sqlite_engine, settings, channel).send("Noah will be late, car broke down", dt.datetime(2026, 11, 23, 9, 40, tzinfo=dt.timezone.utc))
    reply = [o for o in out if o.kind == "reply"][0].text
    assert "Noah (4A) will be late today" in reply and "register has closed" in reply
    card = [o for o in out if o.kind == "card"][0].text
    assert "counts as U" in card and "<b>U</b>" in card
    assert marks(sqlite_engine, ids["noah"]) == []


def test_late_before_close_is_expected_late(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    out = dan(sqlite_engine, settings, "sms").send("Noah will be late, car broke down")
    assert "register has closed" not in [o for o in out if o.kind == "reply"][0].text
    assert "Expected late" in [o for o in out if o.kind == "card"][0].text


def test_a_stated_arrival_time_decides_l_or_u_and_confirming_writes_the_mark(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    """Judged by when the child arrives, not when the message came: 07:45 "there for 10.15" is U at a 09:20 close."""
    from tests.handlers.trust import tap

    out = dan(sqlite_engine, settings, "sms").send("Noah will be late, car broke down, we'll have him there for 10.15")
    card = [o for o in out if o.kind == "card"][0].text
    assert "<b>U</b>" in card and "Expected at 10:15, 55 minutes after the register closed (09:20)" in card
    assert marks(sqlite_engine, ids["noah"]) == [], "no mark until the pupil arrives"
    with session_scope(sqlite_engine) as s:
        report_id = s.execute(select(AbsenceReport.id)).scalar_one()
    tap(sqlite_engine, settings, f"cf:{report_id}", at=MONDAY_0745 + dt.timedelta(hours=3))
    assert marks(sqlite_engine, ids["noah"]) == [(MON, "AM", "U")], "the arrival confirmed: the morning mark is U"


def test_a_stated_arrival_before_close_is_l(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    out = dan(sqlite_engine, settings, "sms").send("Noah is running late, he'll be in for 9.10", MONDAY_0745 + dt.timedelta(hours=1, minutes=30))
    card = [o for o in out if o.kind == "card"][0].text
    assert "<b>L</b>" in card and "10 minutes before the register closes" in card


@pytest.mark.parametrize("channel", CHANNELS)
def test_leave_request_gets_the_school_process(sqlite_engine: Engine, settings: Settings, ids: dict[str, int], channel: str) -> None:
    out = dan(sqlite_engine, settings, channel).send("can Noah have 2 weeks off in February for a family wedding abroad")
    reply = [o for o in out if o.kind == "reply"][0].text
    assert settings.school("oakfield").resolved_policy().leave_of_absence_process in reply
    assert "Leave request" in [o for o in out if o.kind == "card"][0].text
    assert marks(sqlite_engine, ids["noah"]) == []


def test_weekend_message_is_for_the_next_school_day(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    saturday = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone.utc)
    reply = dan(sqlite_engine, settings, "sms").reply("Noah has chickenpox, he won't be in", saturday)
    assert "Mon 23 Nov" in reply
    assert marks(sqlite_engine, ids["noah"]) == [(MON, "AM", "I"), (MON, "PM", "I")]


def test_report_for_a_closed_day(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    with session_scope(sqlite_engine) as s:
        s.add(CalendarDay(school_id="oakfield", date=dt.date(2026, 11, 24), kind="inset"))
    reply = dan(sqlite_engine, settings, "sms").reply("Noah has the dentist tomorrow so won't be in")
    assert "closed on Tue 24 Nov" in reply
    assert marks(sqlite_engine, ids["noah"]) == []


def test_multi_day_absence_then_back_tomorrow(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    parent = dan(sqlite_engine, settings, "sms")
    parent.reply("Noah has flu, he will be off for the rest of the week")
    assert len(marks(sqlite_engine, ids["noah"])) == 10
    update = parent.reply("Noah is much better, back tomorrow", dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.timezone.utc))
    assert "update about Noah" in update
    assert [m[0] for m in marks(sqlite_engine, ids["noah"])] == [MON, MON, dt.date(2026, 11, 24), dt.date(2026, 11, 24)]


def test_still_off_extends_the_absence(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    parent = dan(sqlite_engine, settings, "sms")
    parent.reply("noah has been sick all night wont be in today")
    parent.reply("Noah still off", dt.datetime(2026, 11, 24, 7, 50, tzinfo=dt.timezone.utc))
    assert marks(sqlite_engine, ids["noah"])[-2:] == [(dt.date(2026, 11, 24), "AM", "I"), (dt.date(2026, 11, 24), "PM", "I")]


@pytest.mark.parametrize("channel", CHANNELS)
def test_safeguarding_cue_alerts_the_dsl_and_not_the_parent(sqlite_engine: Engine, settings: Settings, ids: dict[str, int], channel: str) -> None:
    out = dan(sqlite_engine, settings, channel).send("we have had to leave home, the police are involved, Noah won't be in today")
    alerts = [o for o in out if o.kind == "alert"]
    assert len(alerts) == 1 and alerts[0].recipient == str(settings.school("oakfield").safeguarding_chat_id)
    assert "Noah Jones" in alerts[0].text
    reply = [o for o in out if o.kind == "reply"][0].text
    assert "police" not in reply.lower() and "safeguarding" not in reply.lower()
    with session_scope(sqlite_engine) as s:
        assert s.exec(select(SafeguardingFlag)).one().kind == "cue"


def test_unknown_sender_gets_nothing_about_any_pupil(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    stranger = Dialogue(sqlite_engine, settings, "sms", "+447700900999", 0)
    out = stranger.send("Is Oliver Smith in today? wont be in")
    reply = [o for o in out if o.kind == "reply"][0].text
    assert "could not match" in reply and "Oliver" not in reply
    forward = [o for o in out if o.kind == "staff_note"][0]
    assert "unrecognised" in forward.text and "Is Oliver Smith in today?" in forward.text


def test_reply_cap_per_sender_per_day_and_flood_shown_once(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    stranger = Dialogue(sqlite_engine, settings, "sms", "+447700900999", 0)
    cap = settings.twilio.max_replies_per_sender_per_day
    replies = alerts = 0
    for i in range(cap + 5):
        out = stranger.send(f"spam {i}", MONDAY_0745 + dt.timedelta(seconds=i))
        replies += sum(o.kind == "reply" for o in out)
        alerts += sum(o.kind == "alert" for o in out)
    assert replies == cap >= 10 and alerts == 1


def test_sms_replies_never_name_a_surname_and_stay_within_two_segments(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    parent = sarah(sqlite_engine, settings, "sms")
    texts = [
        parent.reply("wont be in today sorry"),
        parent.reply("2", MONDAY_0745 + dt.timedelta(minutes=1)),
        parent.reply("he was sick in the night", MONDAY_0745 + dt.timedelta(minutes=2)),
        parent.reply("can Amelia have a week off in March for a wedding in Poland", MONDAY_0745 + dt.timedelta(minutes=3)),
        parent.reply("Oliver will be late today", MONDAY_0745 + dt.timedelta(minutes=4)),
    ]
    for text in texts:
        assert text and "Smith" not in text and sms_segments(text) <= 2, text


def test_stop_start_help(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    parent = dan(sqlite_engine, settings, "sms")
    assert parent.reply("STOP") == ""
    with session_scope(sqlite_engine) as s:
        assert s.get(Contact, ids["dan"]).sms_opted_out
    assert parent.reply("Noah is ill today", MONDAY_0745 + dt.timedelta(minutes=1)) == ""
    assert "again" in parent.reply("start", MONDAY_0745 + dt.timedelta(minutes=2))
    with session_scope(sqlite_engine) as s:
        assert not s.get(Contact, ids["dan"]).sms_opted_out
    assert "STOP" in parent.reply("HELP", MONDAY_0745 + dt.timedelta(minutes=3))


def test_telegram_linking_accepts_only_the_senders_own_contact(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    newcomer = Dialogue(sqlite_engine, settings, "telegram", "", 6001)
    start = newcomer.send("/start", payload={"kind": "start", "chat_id": 6001})
    assert start[0].payload.get("request_contact")
    refused = newcomer.reply("", payload={"kind": "contact", "chat_id": 6001, "contact": {"user_id": 9999, "phone_number": "447700900002"}})
    assert "own phone number" in refused and "Noah" not in refused
    with session_scope(sqlite_engine) as s:
        s.get(Contact, ids["dan"]).telegram_user_id = None
    linked = newcomer.reply("", payload={"kind": "contact", "chat_id": 6001, "contact": {"user_id": 6001, "phone_number": "447700900002"}})
    assert "linked" in linked and "Dan" in linked
    with session_scope(sqlite_engine) as s:
        assert s.get(Contact, ids["dan"]).telegram_user_id == 6001
    assert "Noah (4A) is recorded as absent" in newcomer.reply("noah is poorly today", MONDAY_0745 + dt.timedelta(minutes=1))


def test_telegram_unknown_number_is_refused_politely(sqlite_engine: Engine, settings: Settings, ids: dict[str, int]) -> None:
    newcomer = Dialogue(sqlite_engine, settings, "telegram", "", 6002)
    text = newcomer.reply("", payload={"kind": "contact", "chat_id": 6002, "contact": {"user_id": 6002, "phone_number": "447700900555"}})
    assert "could not match" in text
    assert "share" in newcomer.reply("is my son in?").lower()


def test_dialogue_on_each_backend(engine: Engine, settings: Settings) -> None:
    """The which-child / reason dialogue and its exactly-once processing on SQLite and PostgreSQL."""
    ids = seed_families(engine)
    parent = sarah(engine, settings, "sms")
    assert "Which child" in parent.reply("wont be in today sorry")
    assert "Oliver (3B) is recorded as absent" in parent.reply("2", MONDAY_0745 + dt.timedelta(minutes=1))
    assert "illness" in parent.reply("he was sick in the night", MONDAY_0745 + dt.timedelta(minutes=2))
    assert marks(engine, ids["oliver"]) == [(MON, "AM", "I"), (MON, "PM", "I")]
