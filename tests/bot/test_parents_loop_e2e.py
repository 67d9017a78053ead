"""Issue 15 end to end through the running service: the real twilio and python-telegram-bot clients against
local fakes. A Polish text answered in Polish; a Telegram photo attached as evidence; a leave request approved
by an admin's tap and the parent told."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.db import session_scope
from store.models import AbsenceReport, Attachment, AttendanceMark
from tests.bot.service_harness import RunningService, service_settings, start_service, wait
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI
from tests.handlers.parent_dialogue import DAN_PHONE, DAN_TG, SARAH_PHONE, seed_families

STAFF_CHAT = -1001000000001
ALEX_ADMIN = 100000003


@pytest.fixture
def svc(sqlite_url: str, sqlite_engine: Engine) -> Iterator[RunningService]:
    seed_families(sqlite_engine)
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        running = start_service(service_settings(sqlite_url, twilio, telegram, mode="polling"), sqlite_engine, twilio, telegram)
        yield running
        running.stop()


def test_a_polish_text_is_answered_in_polish(svc: RunningService) -> None:
    svc.sms(SARAH_PHONE, "Dzień dobry, Oliver ma gorączkę i zostanie dziś w domu. Pozdrawiam", "SM" + "7" * 32)
    assert svc.twilio.wait_for(lambda f: len(f.messages) == 1)
    body = svc.twilio.messages[0]["Body"]
    assert body.startswith("Dziekujemy, Sarah.") and "Oliver (3B)" in body and "Thanks" not in body


def test_a_telegram_photo_is_attached_to_the_report(svc: RunningService) -> None:
    svc.sms(DAN_PHONE, "Noah has the dentist this morning, will bring him in after", "SM" + "8" * 32)
    assert svc.twilio.wait_for(lambda f: len(f.messages) == 1)
    update = svc.telegram.private_message(DAN_TG, "")
    message = update["message"]
    message.pop("text", None)
    message["caption"] = "appointment card"
    message["photo"] = [{"file_id": "PHOTOsmall", "file_unique_id": "s1", "width": 90, "height": 90},
                        {"file_id": "PHOTOlarge", "file_unique_id": "l1", "width": 1280, "height": 960}]
    svc.telegram.inject_update(update)
    assert svc.telegram.wait_for(lambda f: any(p.get("chat_id") == DAN_TG and "added it" in p.get("text", "") for p in f.sent()))
    with session_scope(svc.engine) as s:
        item = s.exec(select(Attachment)).one()
        report = s.exec(select(AbsenceReport)).one()
    assert (item.file_ref, item.report_id, item.kind) == ("PHOTOlarge", report.id, "photo")


def test_a_leave_request_approved_by_an_admin_tap(svc: RunningService) -> None:
    svc.sms(DAN_PHONE, "please can you approve Noah's absence on Friday 4th December for a family wedding", "SM" + "9" * 32)
    assert svc.twilio.wait_for(lambda f: len(f.messages) == 1)
    assert svc.telegram.wait_for(lambda f: any("lv:" in str(p.get("reply_markup", "")) for p in f.sent()))
    card = next(p for p in svc.telegram.sent() if "lv:" in str(p.get("reply_markup", "")))
    data = next(b["callback_data"] for row in card["reply_markup"]["inline_keyboard"] for b in row if "Approve" in b["text"])
    wait(lambda: any(m for m in svc.telegram.texts if m[0] == STAFF_CHAT))
    message_id = max(mid for chat, mid in svc.telegram.texts if chat == STAFF_CHAT)
    svc.telegram.inject_update(svc.telegram.callback(ALEX_ADMIN, data, chat_id=STAFF_CHAT, message_id=message_id))
    assert svc.twilio.wait_for(lambda f: len(f.messages) == 2, timeout=15)
    assert "approved the leave of absence for Noah (4A)" in svc.twilio.messages[1]["Body"]
    with session_scope(svc.engine) as s:
        assert sorted(m.code for m in s.exec(select(AttendanceMark)).all()) == ["C", "C"]
