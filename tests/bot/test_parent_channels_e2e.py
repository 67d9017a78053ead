"""End to end through real HTTP: the real twilio and python-telegram-bot clients against local fakes."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from handlers.inbound import store_inbound
from store.db import session_scope
from store.models import Contact, InboundMessage, OutboundMessage
from store.settings import Settings
from tests.bot.service_harness import (
    TOKEN,
    WEBHOOK_SECRET,
    RunningService,
    service_settings,
    start_service,
    wait,
)
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI
from tests.handlers.parent_dialogue import DAN_PHONE, DAN_TG, seed_families

STAFF_CHAT = -1001000000001


@pytest.fixture
def fakes() -> Iterator[tuple[FakeTwilioAPI, FakeTelegramAPI]]:
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        yield twilio, telegram


def run(sqlite_url: str, sqlite_engine: Engine, fakes: tuple[FakeTwilioAPI, FakeTelegramAPI], mode: str = "polling") -> RunningService:
    twilio, telegram = fakes
    return start_service(service_settings(sqlite_url, twilio, telegram, mode=mode), sqlite_engine, twilio, telegram)


@pytest.fixture
def svc(sqlite_url: str, sqlite_engine: Engine, fakes: tuple[FakeTwilioAPI, FakeTelegramAPI]) -> Iterator[RunningService]:
    seed_families(sqlite_engine)
    running = run(sqlite_url, sqlite_engine, fakes)
    yield running
    running.stop()


def cards(telegram: FakeTelegramAPI) -> list[dict]:
    return [p for p in telegram.sent() if p.get("chat_id") == STAFF_CHAT]


def test_sms_report_reply_by_rest_and_card_to_staff(svc: RunningService) -> None:
    response = svc.sms(DAN_PHONE, "noah has been sick all night wont be in", "SM" + "a" * 32)
    assert response.status_code == 200 and response.text.endswith("<Response/>")
    assert svc.twilio.wait_for(lambda f: len(f.messages) == 1)
    reply = svc.twilio.messages[0]
    assert reply["To"] == DAN_PHONE and reply["From"] == "+447700900100"
    assert reply["Body"].startswith("Thanks, Dan. Noah (4A) is recorded as absent") and "illness" in reply["Body"]
    assert reply["StatusCallback"] == "https://absence.example-school.org.uk/twilio/status"
    assert svc.telegram.wait_for(lambda f: len(cards(f)) == 1)
    card = cards(svc.telegram)[0]
    assert "Noah Jones" in card["text"] and card["parse_mode"] == "HTML"
    assert any("Confirm" in b["text"] for row in card["reply_markup"]["inline_keyboard"] for b in row)
    wait(lambda: card_row(svc.engine).provider_id is not None)
    assert card_row(svc.engine).provider_id.startswith(f"{STAFF_CHAT}:")


def card_row(engine: Engine) -> OutboundMessage:
    with session_scope(engine) as s:
        return s.exec(select(OutboundMessage).where(OutboundMessage.kind == "card")).one()


def test_duplicate_webhook_is_processed_once(svc: RunningService) -> None:
    sid = "SM" + "b" * 32
    assert svc.sms(DAN_PHONE, "Noah is poorly today", sid).status_code == 200
    assert svc.sms(DAN_PHONE, "Noah is poorly today", sid).status_code == 200
    assert svc.twilio.wait_for(lambda f: len(f.messages) == 1)
    wait(lambda: len(cards(svc.telegram)) == 1)
    with session_scope(svc.engine) as s:
        assert len(s.exec(select(InboundMessage)).all()) == 1
    svc.sms(DAN_PHONE, "Noah is poorly today", "SM" + "c" * 32)
    assert svc.twilio.wait_for(lambda f: len(f.messages) == 2)
    assert "already have" in svc.twilio.messages[1]["Body"]
    assert len([c for c in cards(svc.telegram) if "Absence reported" in c["text"]]) == 1


def test_bad_signature_is_refused_and_nothing_stored(svc: RunningService) -> None:
    assert svc.sms(DAN_PHONE, "Noah is ill", "SM" + "d" * 32, signature="forged").status_code == 403
    with session_scope(svc.engine) as s:
        assert s.exec(select(InboundMessage)).all() == []


def test_unknown_number_gets_a_generic_reply_and_staff_see_it(svc: RunningService) -> None:
    svc.sms("+447700900999", "is oliver in today", "SM" + "e" * 32)
    assert svc.twilio.wait_for(lambda f: len(f.messages) == 1)
    assert "could not match" in svc.twilio.messages[0]["Body"] and "Oliver" not in svc.twilio.messages[0]["Body"]
    assert svc.telegram.wait_for(lambda f: any("unrecognised" in p["text"] for p in cards(f)))


def test_twilio_429_then_success_sends_once(svc: RunningService) -> None:
    svc.twilio.fail(times=1, status=429, code=20429)
    svc.sms(DAN_PHONE, "Noah is ill today", "SM" + "f" * 32)
    assert svc.twilio.wait_for(lambda f: len(f.messages) == 1, timeout=15)
    wait(lambda: sms_row(svc.engine).status == "sent")
    assert sms_row(svc.engine).attempts == 2
    assert len([c for c in svc.twilio.calls if c.method == "POST"]) == 2


def test_status_callbacks_only_move_forward_and_mark_bad_numbers(svc: RunningService) -> None:
    svc.sms(DAN_PHONE, "Noah is ill today", "SM" + "1" * 32)
    assert svc.twilio.wait_for(lambda f: len(f.messages) == 1)
    sid = svc.twilio.messages[0]["_sid"]
    wait(lambda: sms_row(svc.engine).provider_id == sid)
    assert svc.status(sid, "sent").status_code == 200
    svc.status(sid, "failed", "30006")
    svc.status(sid, "sending")
    svc.status(sid, "sent")
    assert sms_row(svc.engine).delivery_status == "failed"
    with session_scope(svc.engine) as s:
        assert s.exec(select(Contact).where(Contact.phone == DAN_PHONE)).one().phone_status == "undeliverable"
    assert httpx.post(f"{svc.base}/twilio/status", data={"MessageSid": sid, "MessageStatus": "failed"}, headers={"X-Twilio-Signature": "x"}).status_code == 403


def test_status_21610_marks_the_contact_opted_out(svc: RunningService) -> None:
    svc.sms(DAN_PHONE, "Noah is ill today", "SM" + "2" * 32)
    assert svc.twilio.wait_for(lambda f: len(f.messages) == 1)
    sid = svc.twilio.messages[0]["_sid"]
    wait(lambda: sms_row(svc.engine).provider_id == sid)
    svc.status(sid, "undelivered", "21610")
    with session_scope(svc.engine) as s:
        assert s.exec(select(Contact).where(Contact.phone == DAN_PHONE)).one().sms_opted_out


def sms_row(engine: Engine) -> OutboundMessage:
    with session_scope(engine) as s:
        return s.exec(select(OutboundMessage).where(OutboundMessage.channel == "sms")).one()


def test_crash_and_restart_processes_left_messages_once(sqlite_url: str, sqlite_engine: Engine, fakes: tuple[FakeTwilioAPI, FakeTelegramAPI]) -> None:
    seed_families(sqlite_engine)
    long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=10)
    with session_scope(sqlite_engine) as s:
        stuck = store_inbound(s, channel="sms", provider_id="SM-stuck", sender=DAN_PHONE, recipient="+447700900100", text="Noah is ill today", received_at=long_ago)
        store_inbound(s, channel="sms", provider_id="SM-new", sender="+447700900999", recipient="+447700900100", text="hello", received_at=long_ago)
        row = s.get(InboundMessage, stuck)
        row.state, row.claimed_by, row.claimed_at = "processing", "crashed-worker", long_ago
        s.add(row)
    running = run(sqlite_url, sqlite_engine, fakes)
    try:
        assert running.twilio.wait_for(lambda f: len(f.messages) == 2)
        wait(lambda: all(m.state == "done" for m in inbound_rows(sqlite_engine)))
    finally:
        running.stop()
    again = run(sqlite_url, sqlite_engine, fakes)
    try:
        again.sms(DAN_PHONE, "Noah is still off tomorrow", "SM" + "9" * 32)
        assert again.twilio.wait_for(lambda f: len(f.messages) == 3)
    finally:
        again.stop()
    assert len([m for m in again.twilio.messages if m["To"] == DAN_PHONE]) == 2


def inbound_rows(engine: Engine) -> list[InboundMessage]:
    with session_scope(engine) as s:
        return list(s.exec(select(InboundMessage)).all())


def test_telegram_link_then_report_answered_on_telegram(sqlite_url: str, sqlite_engine: Engine, fakes: tuple[FakeTwilioAPI, FakeTelegramAPI]) -> None:
    ids = seed_families(sqlite_engine)
    with session_scope(sqlite_engine) as s:
        s.get(Contact, ids["dan"]).telegram_user_id = None
    running = run(sqlite_url, sqlite_engine, fakes)
    tg = running.telegram
    try:
        tg.inject_update(tg.private_message(DAN_TG, "/start"))
        assert tg.wait_for(lambda f: any(p.get("chat_id") == DAN_TG for p in f.sent()))
        offer = [p for p in tg.sent() if p.get("chat_id") == DAN_TG][0]
        assert offer["reply_markup"]["keyboard"][0][0]["request_contact"] is True
        tg.inject_update(tg.private_message(DAN_TG, "", contact={"user_id": DAN_TG, "phone_number": "447700900002", "first_name": "Dan"}))
        assert tg.wait_for(lambda f: any("linked" in p.get("text", "") for p in f.sent()))
        update = tg.inject_update(tg.private_message(DAN_TG, "noah has a temperature, keeping him off today"))
        tg.inject_update(dict(update))
        assert tg.wait_for(lambda f: any("Noah (4A) is recorded as absent" in p.get("text", "") for p in f.sent()))
        assert tg.wait_for(lambda f: len(cards(f)) == 1)
        with session_scope(sqlite_engine) as s:
            assert len(s.exec(select(InboundMessage).where(InboundMessage.channel == "telegram")).all()) == 3
        assert running.twilio.messages == []
    finally:
        running.stop()
    assert len([p for p in tg.sent() if "recorded as absent" in p.get("text", "")]) == 1


def test_telegram_retry_after_is_honoured_then_sent_once(svc: RunningService) -> None:
    svc.telegram.fail("sendMessage", times=1, status=429, retry_after=1)
    svc.sms(DAN_PHONE, "Noah is ill today", "SM" + "3" * 32)
    assert svc.telegram.wait_for(lambda f: len(cards(f)) == 2, timeout=10)
    wait(lambda: card_row(svc.engine).status == "sent")
    assert card_row(svc.engine).attempts == 1, "a wait Telegram asked for is not an attempt"
    first, second = [c for c in svc.telegram.calls if c.method == "sendMessage" and c.params.get("chat_id") == STAFF_CHAT]
    assert second.at - first.at >= 0.9


def test_webhook_mode_checks_the_secret_token(sqlite_url: str, sqlite_engine: Engine, fakes: tuple[FakeTwilioAPI, FakeTelegramAPI]) -> None:
    seed_families(sqlite_engine)
    running = run(sqlite_url, sqlite_engine, fakes, mode="webhook")
    tg = running.telegram
    try:
        assert tg.webhook_url == "https://absence.example-school.org.uk/telegram/webhook"
        update = {"update_id": 77, **tg.private_message(DAN_TG, "noah is poorly today")}
        url = f"{running.base}/telegram/webhook"
        assert httpx.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}).status_code == 403
        assert httpx.post(url, json=update).status_code == 403
        ok = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        assert httpx.post(url, json=update, headers=ok).status_code == 200
        assert httpx.post(url, json=update, headers=ok).status_code == 200
        assert tg.wait_for(lambda f: any("recorded as absent" in p.get("text", "") for p in f.sent()))
    finally:
        running.stop()
    assert len([p for p in tg.sent() if "recorded as absent" in p.get("text", "")]) == 1


def test_healthz_and_no_token_in_logs(svc: RunningService, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    response = httpx.get(f"{svc.base}/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "database": "ok", "scheduler": "off", "telegram": "ok", "twilio": "ok", "outbox": {"queued": 0, "failed": 0},
    }
    svc.sms(DAN_PHONE, "Noah is ill today", "SM" + "4" * 32)
    assert svc.telegram.wait_for(lambda f: len(cards(f)) == 1)
    assert TOKEN not in caplog.text


def test_staff_confirm_tap_in_the_running_service_amends_and_edits_the_card(svc: RunningService) -> None:
    """Parent SMS → card in the staff group → an office member taps Confirm → audited, card edited."""
    from store.models import AbsenceReport, MarkAmendment

    svc.sms(DAN_PHONE, "noah has been sick all night wont be in", "SM" + "e" * 32)
    assert svc.telegram.wait_for(lambda f: len(cards(f)) == 1)
    card = cards(svc.telegram)[0]
    confirm = next(b for row in card["reply_markup"]["inline_keyboard"] for b in row if "Confirm" in b["text"])
    message_id = int(card_row(svc.engine).provider_id.split(":")[1]) if card_row(svc.engine).provider_id else 1
    office = svc.settings.staff[0]
    svc.telegram.inject_update(svc.telegram.callback(office.telegram_user_id, confirm["callback_data"], chat_id=STAFF_CHAT, message_id=message_id))
    assert svc.telegram.wait_for(lambda f: any(office.name in (p.get("text") or "") for p in f.sent("editMessageText")), timeout=10)
    with session_scope(svc.engine) as s:
        report = s.exec(select(AbsenceReport)).one()
        assert report.status == "confirmed"
        amendments = list(s.exec(select(MarkAmendment)))
        assert amendments and {a.amended_by for a in amendments} == {office.name} and {a.role for a in amendments} == {"office"}
    stranger = 999000111
    svc.telegram.inject_update(svc.telegram.callback(stranger, confirm["callback_data"], chat_id=STAFF_CHAT, message_id=message_id))
    assert svc.telegram.wait_for(lambda f: len(f.sent("answerCallbackQuery")) >= 2, timeout=10)
    with session_scope(svc.engine) as s:
        assert len(list(s.exec(select(MarkAmendment)))) == len(amendments)


def test_run_warns_about_channels_that_cannot_work(settings: Settings) -> None:
    from bot.service import configuration_warnings

    warnings = configuration_warnings(settings)
    assert any("Twilio is not configured" in w for w in warnings)
    assert any("Telegram is not configured" in w for w in warnings)
