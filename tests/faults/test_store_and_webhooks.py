"""Faults from outside the code: a store that refuses writes, re-cut webhooks, late Telegram updates, a wrong chat id.

Each runs the real service (HTTP app, Telegram polling, workers) against the
fake Twilio and Telegram APIs; the faults are injected in the store (SQLite
triggers that refuse writes, as a read-only or full disk does) or in the
fakes. Afterwards every inbound message is processed once and every outgoing
message is either sent once or shown as failed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from pydantic import SecretStr
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.cli import main
from store.db import session_scope
from store.models import AbsenceReport, InboundMessage, OutboundMessage
from tests.bot.service_harness import RunningService, service_settings, start_service, wait
from tests.conftest import ROOT
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI
from tests.handlers.parent_dialogue import DAN_PHONE, DAN_TG, SARAH_PHONE, seed_families

STAFF_CHAT = -1001000000001
LONDON = ZoneInfo("Europe/London")
REFUSING = ("inboundmessage", "serviceheartbeat")


@pytest.fixture
def fakes() -> Iterator[tuple[FakeTwilioAPI, FakeTelegramAPI]]:
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        yield twilio, telegram


@pytest.fixture
def svc(sqlite_url: str, sqlite_engine: Engine, fakes: tuple[FakeTwilioAPI, FakeTelegramAPI]) -> Iterator[RunningService]:
    seed_families(sqlite_engine)
    twilio, telegram = fakes
    running = start_service(service_settings(sqlite_url, twilio, telegram), sqlite_engine, twilio, telegram)
    yield running
    running.stop()


def refuse_writes(engine: Engine, on: bool) -> None:
    """Make the store refuse every write to the tables a message and a health check need (like a read-only disk)."""
    with session_scope(engine) as conn:  # BEGIN IMMEDIATE: the service's workers write meanwhile
        for table in REFUSING:
            for op in ("INSERT", "UPDATE"):
                name = f"refuse_{op.lower()}_{table}"
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
                if on:
                    conn.execute(text(f"CREATE TRIGGER {name} BEFORE {op} ON {table} BEGIN SELECT RAISE(FAIL, 'attempt to write a readonly database'); END"))


def reports(engine: Engine) -> list[AbsenceReport]:
    with session_scope(engine) as s:
        return list(s.exec(select(AbsenceReport)))


def staff_texts(telegram: FakeTelegramAPI) -> list[str]:
    return [str(p.get("text", "")) for p in telegram.sent() if p.get("chat_id") == STAFF_CHAT]


def test_a_store_that_refuses_writes_loses_nothing_and_healthz_says_so(svc: RunningService) -> None:
    assert httpx.get(f"{svc.base}/healthz").status_code == 200
    refuse_writes(svc.engine, True)
    health = httpx.get(f"{svc.base}/healthz")
    assert health.status_code == 503 and health.json()["database"].startswith("error")
    sid = "SM" + "7" * 32
    assert svc.sms(SARAH_PHONE, "Oliver is ill today", sid).status_code == 503, "Twilio must send it again"
    svc.telegram.inject_update(svc.telegram.private_message(DAN_TG, "Noah is poorly today"))
    svc.telegram.wait_for(lambda f: sum(c.method == "getUpdates" for c in f.calls) >= 2, timeout=10)
    with session_scope(svc.engine) as s:
        assert s.exec(select(InboundMessage)).all() == []
    refuse_writes(svc.engine, False)
    assert svc.sms(SARAH_PHONE, "Oliver is ill today", sid).status_code == 200  # Twilio's retry
    wait(lambda: len(reports(svc.engine)) == 2, timeout=20)
    assert svc.telegram.wait_for(lambda f: len(staff_texts(f)) >= 2, timeout=10)
    assert httpx.get(f"{svc.base}/healthz").status_code == 200
    with session_scope(svc.engine) as s:
        inbound = s.exec(select(InboundMessage)).all()
    assert sorted(m.channel for m in inbound) == ["sms", "telegram"] and {m.state for m in inbound} == {"done"}
    texts = staff_texts(svc.telegram)
    assert sum("Oliver Smith" in t for t in texts) == 1 and sum("Noah Jones" in t for t in texts) == 1


def signed_post(svc: RunningService, params: dict[str, str]) -> int:
    return httpx.post(f"{svc.base}/twilio/sms", data=params, headers={"X-Twilio-Signature": svc.sign("/twilio/sms", params)}).status_code


def test_webhooks_recut_at_parameter_boundaries_are_refused(svc: RunningService) -> None:
    sid = "SM" + "ab" * 16
    genuine = {"AccountSid": svc.twilio.account_sid, "Body": "Oliver is ill today", "From": SARAH_PHONE, "MessageSid": sid,
               "NumMedia": "0", "SmsMessageSid": sid, "SmsSid": sid, "To": "+447700900100"}
    assert signed_post(svc, genuine) == 200
    shifted = dict(genuine)
    del shifted["NumMedia"]
    shifted["MessageSid"] = sid + "NumMedia0"  # signs exactly as the genuine request does
    assert svc.sign("/twilio/sms", shifted) == svc.sign("/twilio/sms", genuine)
    assert signed_post(svc, shifted) == 400
    twin = dict(genuine, MessageSid="SM" + "cd" * 16)
    assert signed_post(svc, twin) == 400, "SmsSid must equal MessageSid"
    assert signed_post(svc, dict(genuine, MessageSid="SMnot-a-sid", SmsSid="SMnot-a-sid", SmsMessageSid="SMnot-a-sid")) == 400
    wait(lambda: len(reports(svc.engine)) == 1, timeout=20)
    with session_scope(svc.engine) as s:
        assert len(s.exec(select(InboundMessage)).all()) == 1


def last_school_day_before(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def test_a_late_telegram_update_is_about_the_day_it_was_sent(svc: RunningService) -> None:
    sent_day = last_school_day_before(dt.datetime.now(LONDON).date())
    sent_at = dt.datetime.combine(sent_day, dt.time(8, 0), tzinfo=LONDON)
    update = svc.telegram.private_message(DAN_TG, "Noah is ill today")
    update["message"]["date"] = int(sent_at.timestamp())
    svc.telegram.inject_update(update)
    wait(lambda: len(reports(svc.engine)) == 1, timeout=20)
    assert reports(svc.engine)[0].first_day == sent_day


def test_a_card_failed_on_a_wrong_chat_id_is_sent_to_the_corrected_one(
    sqlite_url: str, sqlite_engine: Engine, fakes: tuple[FakeTwilioAPI, FakeTelegramAPI], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    seed_families(sqlite_engine)
    twilio, telegram = fakes
    good = service_settings(sqlite_url, twilio, telegram)
    wrong_chat = -STAFF_CHAT  # the id typed without its minus sign
    wrong = good.model_copy(update={"schools": [good.schools[0].model_copy(update={"staff_chat_id": wrong_chat}), *good.schools[1:]]})
    telegram.missing_chats.add(wrong_chat)
    running = start_service(wrong, sqlite_engine, twilio, telegram)
    try:
        running.sms(DAN_PHONE, "Noah is ill today", "SM" + "5" * 32)
        wait(lambda: _card(sqlite_engine) is not None and _card(sqlite_engine).status == "failed", timeout=20)
        health = httpx.get(f"{running.base}/healthz").json()
        assert health["outbox"]["failed"] == 1 and health["telegram"].startswith("error: telegram BadRequest")
    finally:
        running.stop()
    config = tmp_path / "config.toml"
    config.write_text((ROOT / "config.example.toml").read_text("utf-8").replace('url = "sqlite:///absence-bot.db"', f'url = "{sqlite_url}"'), "utf-8")
    assert main(["--config", str(config), "outbox", "list", "--status", "failed", "--format", "json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["kind"], listed["recipient"], listed["status"]) == ("card", str(wrong_chat), "failed")
    assert main(["--config", str(config), "outbox", "retry", "--failed"]) == 0
    assert "queued again: 1" in capsys.readouterr().out
    running = start_service(good, sqlite_engine, twilio, telegram)
    try:
        wait(lambda: _card(sqlite_engine).status == "sent", timeout=20)
        assert _card(sqlite_engine).recipient == str(STAFF_CHAT)
        assert sum("Noah Jones" in t for t in staff_texts(telegram)) == 1
    finally:
        running.stop()


def _card(engine: Engine) -> OutboundMessage | None:
    with session_scope(engine) as s:
        return s.exec(select(OutboundMessage).where(OutboundMessage.kind == "card")).first()


def test_a_four_thousand_character_message_reaches_staff_and_its_card_can_be_confirmed(svc: RunningService) -> None:
    words = "Noah is ill today, he was sick in the night & we <think> it is a bug going round. "
    long_text = (words * 60)[:4000]
    svc.telegram.inject_update(svc.telegram.private_message(DAN_TG, long_text))
    wait(lambda: _card(svc.engine) is not None and _card(svc.engine).status == "sent", timeout=20)
    [card] = [p for p in svc.telegram.sent() if p.get("chat_id") == STAFF_CHAT and "Noah Jones" in str(p.get("text"))]
    assert "…" in card["text"] and "&lt;think&gt;" in card["text"]
    confirm = next(b for row in card["reply_markup"]["inline_keyboard"] for b in row if "Confirm" in b["text"])
    message_id = int((_card(svc.engine).provider_id or "0:1").split(":")[1])
    office = svc.settings.staff[0]
    svc.telegram.inject_update(svc.telegram.callback(office.telegram_user_id, confirm["callback_data"], chat_id=STAFF_CHAT, message_id=message_id))
    assert svc.telegram.wait_for(lambda f: any(office.name in str(p.get("text")) for p in f.sent("editMessageText")), timeout=10)
    with session_scope(svc.engine) as s:
        assert s.exec(select(AbsenceReport)).one().status == "confirmed"


def test_a_reply_whose_answer_was_lost_is_not_sent_twice(svc: RunningService) -> None:
    svc.twilio.lose_answers(2)
    svc.sms(DAN_PHONE, "Noah is ill today", "SM" + "6" * 32)
    wait(lambda: _reply(svc.engine) is not None and _reply(svc.engine).status == "sent", timeout=30)
    to_dan = [m for m in svc.twilio.messages if m.get("To") == DAN_PHONE]
    assert len(to_dan) == 1, "Twilio took it the first time; the retry asked before sending"
    assert _reply(svc.engine).provider_id == to_dan[0]["_sid"]
    assert any(c.method == "GET" and c.path.endswith("/Messages.json") for c in svc.twilio.calls)


def _reply(engine: Engine) -> OutboundMessage | None:
    with session_scope(engine) as s:
        return s.exec(select(OutboundMessage).where(OutboundMessage.kind == "reply", OutboundMessage.channel == "sms")).first()


def merged_into_previous(params: dict[str, str], index: int) -> dict[str, str]:
    """Fold the pair after key `index` (in signing order) into that key's value: the same signature, new fields."""
    keys = sorted(params)
    i = index % (len(keys) - 1)
    key, following = keys[i], keys[i + 1]
    shifted = {k: v for k, v in params.items() if k != following}
    shifted[key] = params[key] + following + params[following]
    return shifted


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(folds=st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=3), repeat=st.booleans())
def test_signed_variants_of_one_genuine_message_make_one_report(svc: RunningService, folds: list[int], repeat: bool) -> None:
    sid = "SM" + "ef" * 16
    genuine = {"AccountSid": svc.twilio.account_sid, "Body": "Amelia is ill today", "From": SARAH_PHONE, "MessageSid": sid,
               "NumMedia": "0", "NumSegments": "1", "SmsMessageSid": sid, "SmsSid": sid, "To": "+447700900100"}
    assert signed_post(svc, genuine) == 200
    variant = genuine
    for index in folds:
        if len(variant) < 2:
            break
        variant = merged_into_previous(variant, index)
        assert svc.sign("/twilio/sms", variant) == svc.sign("/twilio/sms", genuine)
        assert signed_post(svc, variant) in (200, 400)
    if repeat:
        assert signed_post(svc, genuine) == 200
    wait(lambda: len(reports(svc.engine)) == 1, timeout=20)
    with session_scope(svc.engine) as s:
        assert len(s.exec(select(InboundMessage)).all()) == 1


def test_both_auth_tokens_are_accepted_while_rotating(sqlite_url: str, sqlite_engine: Engine, fakes: tuple[FakeTwilioAPI, FakeTelegramAPI]) -> None:
    from twilio.request_validator import RequestValidator

    seed_families(sqlite_engine)
    twilio, telegram = fakes
    base = service_settings(sqlite_url, twilio, telegram)
    new_token = "f" * 32
    rotating = base.model_copy(update={"twilio": base.twilio.model_copy(update={"secondary_auth_token": SecretStr(new_token)})})
    running = start_service(rotating, sqlite_engine, twilio, telegram)
    try:
        sid = "SM" + "8" * 32
        params = {"AccountSid": twilio.account_sid, "Body": "Oliver is ill today", "From": SARAH_PHONE, "MessageSid": sid, "SmsSid": sid, "To": "+447700900100"}
        url = f"{rotating.server.public_url}/twilio/sms"
        signed_with_new = RequestValidator(new_token).compute_signature(url, params)
        assert httpx.post(f"{running.base}/twilio/sms", data=params, headers={"X-Twilio-Signature": signed_with_new}).status_code == 200
        forged = RequestValidator("0" * 32).compute_signature(url, params)
        assert httpx.post(f"{running.base}/twilio/sms", data=params, headers={"X-Twilio-Signature": forged}).status_code == 403
    finally:
        running.stop()
