"""Card taps: who may confirm or change, forged data, double taps and races, reasons — on the real store."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from handlers.staff.access import NOT_ROLE, NOT_STAFF, WRONG_CHAT
from handlers.staff.card import card_for_report
from handlers.staff.actions import INVALID, Tap, handle_card_tap, parse_card_data, take_reason
from store.db import session_scope
from store.models import AbsenceReport, AttendanceMark, MarkAmendment
from store.settings import Settings
from tests.handlers.staff_world import (
    ALEX_ADMIN,
    HILLCREST_STAFF_CHAT,
    JO_OFFICE,
    NOW,
    OAKFIELD_SAFEGUARDING_CHAT,
    OAKFIELD_STAFF_CHAT,
    SAM_DSL,
    STRANGER,
    World,
    build_world,
)


@pytest.fixture
def world(engine: Engine) -> World:
    with session_scope(engine) as s:
        return build_world(s)


def _state(engine: Engine, report_id: int) -> tuple[str, list[tuple[str, str]], int]:
    with session_scope(engine) as s:
        report = s.get(AbsenceReport, report_id)
        assert report is not None
        marks = list(s.execute(select(AttendanceMark).where(AttendanceMark.report_id == report_id).order_by(AttendanceMark.session)).scalars())
        amendments = len(list(s.execute(select(MarkAmendment).where(MarkAmendment.mark_id.in_([m.id for m in marks]))).scalars()))  # type: ignore[union-attr]
        return report.status, [(m.code, m.status) for m in marks], amendments


def tap(engine: Engine, settings: Settings, user: int, data: str, chat: int = OAKFIELD_STAFF_CHAT, at: dt.datetime = NOW):  # type: ignore[no-untyped-def]
    return handle_card_tap(engine, settings, Tap(user_id=user, chat_id=chat, data=data, message_id=77), now=at)


def test_office_staff_confirm_amends_every_mark_and_edits_card(engine: Engine, settings: Settings, world: World) -> None:
    result = tap(engine, settings, JO_OFFICE, f"cf:{world.report}")
    assert result.notice == "Confirmed I."
    assert result.text is not None and "Confirmed I</b> by Jo Pemberton (office) 08:05" in result.text
    assert "Oliver" in result.text and "Smith" in result.text and "&lt;b&gt;sick&lt;/b&gt;" in result.text
    assert not any(b.data.startswith("cf:") for row in result.buttons for b in row)
    assert _state(engine, world.report) == ("confirmed", [("I", "confirmed"), ("I", "confirmed")], 2)
    with session_scope(engine) as s:
        amendment = s.execute(select(MarkAmendment)).scalars().first()
        assert amendment is not None
        assert (amendment.original_code, amendment.amended_code, amendment.amended_by, amendment.role) == ("I", "I", "Jo Pemberton", "office")
        assert (amendment.original_status, amendment.amended_status, amendment.amended_at) == ("provisional", "confirmed", NOW)


def test_double_tap_produces_one_amendment(engine: Engine, settings: Settings, world: World) -> None:
    tap(engine, settings, JO_OFFICE, f"cf:{world.report}")
    second = tap(engine, settings, ALEX_ADMIN, f"cf:{world.report}", at=NOW + dt.timedelta(seconds=1))
    assert second.notice.startswith("Already confirmed I by Jo Pemberton")
    assert _state(engine, world.report)[2] == 2


def test_two_staff_at_once_first_confirmation_wins(engine: Engine, settings: Settings, world: World) -> None:
    results = []
    barrier = threading.Barrier(4)

    def go(user: int) -> None:
        barrier.wait()
        results.append(tap(engine, settings, user, f"cf:{world.report}").notice)

    threads = [threading.Thread(target=go, args=(u,)) for u in (JO_OFFICE, ALEX_ADMIN, SAM_DSL, JO_OFFICE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(n.startswith("Confirmed") for n in results) == [False, False, False, True]
    assert _state(engine, world.report) == ("confirmed", [("I", "confirmed"), ("I", "confirmed")], 2)


@pytest.mark.parametrize(
    ("user", "chat", "data", "notice"),
    [
        (STRANGER, OAKFIELD_STAFF_CHAT, "cf:{report}", NOT_STAFF),
        (JO_OFFICE, HILLCREST_STAFF_CHAT, "cf:{hill}", NOT_STAFF),  # staff of another school, in that school's chat
        (JO_OFFICE, HILLCREST_STAFF_CHAT, "cf:{report}", WRONG_CHAT),  # the right report from the wrong group
        (JO_OFFICE, OAKFIELD_SAFEGUARDING_CHAT, "cf:{report}", WRONG_CHAT),
        (JO_OFFICE, JO_OFFICE, "cf:{report}", WRONG_CHAT),  # a private chat with the bot
        (SAM_DSL, OAKFIELD_STAFF_CHAT, "cc:{report}:M", NOT_ROLE),  # dsl confirms but does not change codes
        (STRANGER, OAKFIELD_STAFF_CHAT, "rs:{report}", NOT_STAFF),
    ],
)
def test_refused_taps_change_nothing_and_are_logged(
    engine: Engine, settings: Settings, world: World, caplog: pytest.LogCaptureFixture, user: int, chat: int, data: str, notice: str
) -> None:
    result = tap(engine, settings, user, data.format(report=world.report, hill=world.hillcrest_report), chat=chat)
    assert (result.notice, result.text, result.show_alert) == (notice, None, True)
    assert _state(engine, world.report) == ("pending", [("I", "provisional"), ("I", "provisional")], 0)
    assert _state(engine, world.hillcrest_report)[0] == "pending"
    assert "staff action refused" in caplog.text


@pytest.mark.parametrize(
    "data",
    ["cf:1 OR 1=1", "cf:-1", "cf:01", "cf:", "cc:1:ZZ", "cc:1:/", "cc:1:i", "cc:1:M:extra", "ack:1", "cf:99999999999", "rs:1\n", "", "more:abc"],
)
def test_forged_callback_data_is_refused_before_the_store(data: str) -> None:
    assert parse_card_data(data) is None


def test_forged_data_refused_by_handler(engine: Engine, settings: Settings, world: World, caplog: pytest.LogCaptureFixture) -> None:
    result = tap(engine, settings, JO_OFFICE, f"cf:{world.report};drop")
    assert result.notice == INVALID and result.text is None
    missing = tap(engine, settings, JO_OFFICE, "cf:424242")
    assert missing.text is None and "no longer exists" in missing.notice
    assert "refused card callback" in caplog.text
    assert _state(engine, world.report)[0] == "pending"


def test_change_code_is_audited_and_repeat_is_a_no_op(engine: Engine, settings: Settings, world: World) -> None:
    result = tap(engine, settings, ALEX_ADMIN, f"cc:{world.report}:M")
    assert result.notice == "Changed to M."
    assert result.text is not None and "Changed to M</b> by Alex Novak (admin) 08:05" in result.text
    assert _state(engine, world.report) == ("changed", [("M", "confirmed"), ("M", "confirmed")], 2)
    again = tap(engine, settings, JO_OFFICE, f"cc:{world.report}:M")
    assert again.notice.startswith("Already changed to M")
    assert _state(engine, world.report)[2] == 2
    later = tap(engine, settings, JO_OFFICE, f"cf:{world.report}")
    assert later.notice.startswith("Already changed to M")
    with session_scope(engine) as s:
        rows = list(s.execute(select(MarkAmendment)).scalars())
        assert {(a.original_code, a.amended_code, a.amended_by, a.role) for a in rows} == {("I", "M", "Alex Novak", "admin")}


def test_dsl_may_confirm(engine: Engine, settings: Settings, world: World) -> None:
    assert tap(engine, settings, SAM_DSL, f"cf:{world.report}").notice == "Confirmed I."


def test_common_codes_one_tap_away_and_the_rest_under_more(engine: Engine, settings: Settings, world: World) -> None:
    with session_scope(engine) as s:
        _text, card = card_for_report(s, world.report)
    on_card = {b.data for row in card for b in row}
    for code in ("M", "N", "O", "G", "C", "R"):
        assert f"cc:{world.report}:{code}" in on_card
    result = tap(engine, settings, JO_OFFICE, f"more:{world.report}")
    data = {b.data for row in result.buttons for b in row}
    for code in ("C1", "J1", "Y7", "E", "U", "L"):
        assert f"cc:{world.report}:{code}" in data
    assert f"bk:{world.report}" in data and all(len(d.encode()) <= 64 for d in data)
    assert _state(engine, world.report)[0] == "pending"
    back = tap(engine, settings, JO_OFFICE, f"bk:{world.report}")
    assert any(b.data == f"cf:{world.report}" for row in back.buttons for b in row)


def test_reason_is_taken_from_the_next_message_and_audited(engine: Engine, settings: Settings, world: World) -> None:
    asked = tap(engine, settings, JO_OFFICE, f"rs:{world.report}")
    assert "next message" in asked.notice
    later = NOW + dt.timedelta(minutes=2)
    assert take_reason(engine, settings, user_id=SAM_DSL, chat_id=OAKFIELD_STAFF_CHAT, text="not mine", now=later) is None
    assert take_reason(engine, settings, user_id=JO_OFFICE, chat_id=OAKFIELD_STAFF_CHAT, text="x", now=later, reply_to_message_id=5) is None
    done = take_reason(engine, settings, user_id=JO_OFFICE, chat_id=OAKFIELD_STAFF_CHAT, text="Mum phoned: <flu>", now=later)
    assert done is not None and done.card_message_id == 77
    assert "Reason from Jo Pemberton (office) 08:07: Mum phoned: &lt;flu&gt;" in done.card_text
    with session_scope(engine) as s:
        marks = list(s.execute(select(AttendanceMark).where(AttendanceMark.report_id == world.report)).scalars())
        assert {m.reason for m in marks} == {"Mum phoned: <flu>"} and {m.code for m in marks} == {"I"}
        audit = list(s.execute(select(MarkAmendment)).scalars())
        assert len(audit) == 2 and all(a.amended_by == "Jo Pemberton" and a.reason.startswith("reason added") for a in audit)
    assert take_reason(engine, settings, user_id=JO_OFFICE, chat_id=OAKFIELD_STAFF_CHAT, text="again", now=later) is None


def test_reason_request_expires(engine: Engine, settings: Settings, world: World) -> None:
    tap(engine, settings, JO_OFFICE, f"rs:{world.report}")
    late = NOW + dt.timedelta(minutes=11)
    assert take_reason(engine, settings, user_id=JO_OFFICE, chat_id=OAKFIELD_STAFF_CHAT, text="too late", now=late) is None


def _telling_settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    """config.example.toml with Oakfield telling parents of unauthorised absence (Russell Street does by default)."""
    from pathlib import Path

    from store.settings import load_settings

    text = (Path(__file__).resolve().parents[3] / "config.example.toml").read_text(encoding="utf-8")
    head, sep, tail = text.partition("[schools.policy_overrides]\n")
    path = tmp_path / "config.toml"
    path.write_text(head + sep + "tell_parent_unauthorised = true\n" + tail, encoding="utf-8")
    return load_settings(path, environ={})


def _notices(engine: Engine) -> list:  # type: ignore[type-arg]
    from store.models import OutboundMessage

    with session_scope(engine) as s:
        return list(s.execute(select(OutboundMessage).where(OutboundMessage.kind == "notice")).scalars())


def test_a_change_to_unauthorised_tells_the_parent_once_where_the_policy_says_so(engine: Engine, world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = _telling_settings(tmp_path)
    assert settings.school("oakfield").resolved_policy().tell_parent_unauthorised
    assert tap(engine, settings, JO_OFFICE, f"cc:{world.report}:O").notice == "Changed to O."
    notices = _notices(engine)
    assert len(notices) == 1
    notice = notices[0]
    assert (notice.channel, notice.recipient) == ("sms", "+447700900123")
    assert "Ollie (3B)" in notice.text and "unauthorised (O" in notice.text and "Smith" not in notice.text
    assert "sick" not in notice.text  # nothing of the report's words
    tap(engine, settings, ALEX_ADMIN, f"cc:{world.report}:G", at=NOW + dt.timedelta(minutes=1))
    tap(engine, settings, ALEX_ADMIN, f"cc:{world.report}:O", at=NOW + dt.timedelta(minutes=2))
    assert len(_notices(engine)) == 1  # already unauthorised: not told again


def test_no_notice_where_the_policy_does_not_say_so_or_the_code_is_authorised(engine: Engine, settings: Settings, world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert not settings.school("oakfield").resolved_policy().tell_parent_unauthorised
    tap(engine, settings, JO_OFFICE, f"cc:{world.report}:O")
    assert _notices(engine) == []
    telling = _telling_settings(tmp_path)
    tap(engine, telling, JO_OFFICE, f"cc:{world.report}:M", at=NOW + dt.timedelta(minutes=1))
    assert _notices(engine) == []
