"""The staff groups through real python-telegram-bot against a fake Bot API on 127.0.0.1.

Updates are fed to a real `Application` (with the staff handlers registered)
and every Bot API call it makes is recorded by the fake server.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from telegram import Update
from telegram.ext import AIORateLimiter, Application

from bot.telegram_staff import StaffDeps, keyboard, register_staff_handlers
from handlers.alerts import raise_alert
from handlers.outbox import Button
from handlers.staff.access import NOT_STAFF
from handlers.staff.actions import INVALID
from handlers.staff.digest import roll_up_queued_cards
from store.db import session_scope
from store.models import AbsenceReport, MarkAmendment, OutboundMessage, Pupil
from store.outbox import claim_due, record_accepted
from store.settings import Settings
from tests.fakes.telegram_api import FakeTelegramAPI
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
from tests.handlers.staff.test_digest import queue_cards

TOKEN = "123456:TEST-token-staff"
_ids = itertools.count(1000)


@pytest.fixture
def fake() -> Iterator[FakeTelegramAPI]:
    with FakeTelegramAPI() as api:
        yield api


@pytest.fixture
def world(sqlite_engine: Engine) -> World:
    with session_scope(sqlite_engine) as s:
        return build_world(s)


def group_message(user: int, chat: int, text: str, *, reply_to: int | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_ids), "date": int(time.time()), "text": text,
        "chat": {"id": chat, "type": "supergroup", "title": "Staff"},
        "from": {"id": user, "is_bot": False, "first_name": "Staff"},
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    if reply_to is not None:
        message["reply_to_message"] = {"message_id": reply_to, "date": int(time.time()), "chat": message["chat"], "text": "card"}
    return {"update_id": next(_ids), "message": message}


Scenario = Callable[[Callable[[dict[str, Any]], Awaitable[None]]], Awaitable[None]]


def run(fake: FakeTelegramAPI, engine: Engine, settings: Settings, scenario: Scenario) -> None:
    """Run `scenario(feed)` against a real PTB Application with the staff handlers registered."""

    async def main() -> None:
        app = Application.builder().token(TOKEN).base_url(fake.base_url).updater(None).build()
        register_staff_handlers(app, StaffDeps(engine=engine, settings=settings, clock=lambda: NOW))
        async with app:

            async def feed(update: dict[str, Any]) -> None:
                await app.process_update(Update.de_json({"update_id": next(_ids), **update}, app.bot))

            await scenario(feed)

    asyncio.run(main())


def on_card(report_id: int) -> str:
    """The text Telegram sends with a tap on that report's card (its first line names the report)."""
    return f"Absence reported · report #{report_id}\nPupil: …"


def answers(fake: FakeTelegramAPI) -> list[tuple[str, bool]]:
    return [(c["text"], bool(c.get("show_alert"))) for c in fake.sent("answerCallbackQuery")]


def test_allowed_staff_confirms_and_the_card_is_edited(fake: FakeTelegramAPI, sqlite_engine: Engine, settings: Settings, world: World) -> None:
    async def scenario(feed: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        await feed(fake.callback(JO_OFFICE, f"cf:{world.report}", text=on_card(world.report), chat_id=OAKFIELD_STAFF_CHAT, message_id=50))

    run(fake, sqlite_engine, settings, scenario)
    assert answers(fake) == [("Confirmed I.", False)]
    [edit] = fake.sent("editMessageText")
    assert edit["chat_id"] == OAKFIELD_STAFF_CHAT and edit["message_id"] == 50 and edit["parse_mode"] == "HTML"
    assert "Confirmed I</b> by Jo Pemberton (office) 08:05" in edit["text"] and "&lt;b&gt;sick&lt;/b&gt;" in edit["text"]
    labels = [b["text"] for row in edit["reply_markup"]["inline_keyboard"] for b in row]
    assert labels and not any("Confirm" in label for label in labels)


def test_stranger_other_school_and_forged_data_change_nothing(fake: FakeTelegramAPI, sqlite_engine: Engine, settings: Settings, world: World, caplog: pytest.LogCaptureFixture) -> None:
    async def scenario(feed: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        await feed(fake.callback(STRANGER, f"cf:{world.report}", text=on_card(world.report), chat_id=OAKFIELD_STAFF_CHAT))
        await feed(fake.callback(JO_OFFICE, f"cf:{world.hillcrest_report}", text=on_card(world.hillcrest_report), chat_id=HILLCREST_STAFF_CHAT))
        await feed(fake.callback(JO_OFFICE, f"cc:{world.report}:XX", text=on_card(world.report), chat_id=OAKFIELD_STAFF_CHAT))
        await feed(fake.callback(JO_OFFICE, f"cf:{world.report} ", text=on_card(world.report), chat_id=OAKFIELD_STAFF_CHAT))

    run(fake, sqlite_engine, settings, scenario)
    assert answers(fake) == [(NOT_STAFF, True), (NOT_STAFF, True), (INVALID, True), (INVALID, True)]
    assert fake.sent("editMessageText") == []
    with session_scope(sqlite_engine) as s:
        assert {r.status for r in s.execute(select(AbsenceReport)).scalars()} == {"pending"}
        assert s.execute(select(MarkAmendment)).first() is None
    assert caplog.text.count("refused") >= 4


def test_double_tap_one_amendment(fake: FakeTelegramAPI, sqlite_engine: Engine, settings: Settings, world: World) -> None:
    async def scenario(feed: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        data = f"cf:{world.report}"
        await asyncio.gather(
            feed(fake.callback(JO_OFFICE, data, chat_id=OAKFIELD_STAFF_CHAT, text=on_card(world.report))),
            feed(fake.callback(ALEX_ADMIN, data, chat_id=OAKFIELD_STAFF_CHAT, text=on_card(world.report))),
        )

    run(fake, sqlite_engine, settings, scenario)
    notices = sorted(text for text, _ in answers(fake))
    assert notices[0] == "Already confirmed I by Jo Pemberton 08:05." or notices[0].startswith("Already confirmed I by Alex Novak")
    assert notices[1] == "Confirmed I."
    with session_scope(sqlite_engine) as s:
        assert len(s.execute(select(MarkAmendment)).all()) == 2


def test_reason_by_reply_to_the_card(fake: FakeTelegramAPI, sqlite_engine: Engine, settings: Settings, world: World) -> None:
    async def scenario(feed: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        await feed(fake.callback(JO_OFFICE, f"rs:{world.report}", text=on_card(world.report), chat_id=OAKFIELD_STAFF_CHAT, message_id=61))
        await feed(group_message(JO_OFFICE, OAKFIELD_STAFF_CHAT, "Dad rang <again>", reply_to=61))

    run(fake, sqlite_engine, settings, scenario)
    [edit] = fake.sent("editMessageText")
    assert edit["message_id"] == 61 and "Dad rang &lt;again&gt;" in edit["text"]
    assert [m["text"] for m in fake.sent("sendMessage")] == ["Reason recorded."]


def test_commands_in_the_staff_group(fake: FakeTelegramAPI, sqlite_engine: Engine, settings: Settings, world: World) -> None:
    async def scenario(feed: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        await feed(group_message(JO_OFFICE, OAKFIELD_STAFF_CHAT, "/today"))
        await feed(group_message(JO_OFFICE, OAKFIELD_STAFF_CHAT, "/absent Olivia"))
        await feed(group_message(JO_OFFICE, OAKFIELD_STAFF_CHAT, f"/card_{world.report}@absence_test_bot"))
        await feed(group_message(JO_OFFICE, OAKFIELD_STAFF_CHAT, "/export"))
        await feed(group_message(STRANGER, OAKFIELD_STAFF_CHAT, "/find Oliver"))

    run(fake, sqlite_engine, settings, scenario)
    texts = [m["text"] for m in fake.sent("sendMessage")]
    assert texts[0].startswith("<b>Today — Oakfield Primary School")
    assert "Olivia Smith (5A)</b> absent without a reason" in texts[1]
    assert "Oliver" in texts[2] and any("Confirm" in b["text"] for row in fake.sent("sendMessage")[2]["reply_markup"]["inline_keyboard"] for b in row)
    assert texts[-1] == NOT_STAFF
    [document] = fake.sent("sendDocument")
    assert document["chat_id"] == OAKFIELD_STAFF_CHAT and b"P1001,2026-11-23,AM,I" in document["document"]


def test_acknowledge_flow(fake: FakeTelegramAPI, sqlite_engine: Engine, settings: Settings, world: World) -> None:
    with session_scope(sqlite_engine) as s:
        pupil = s.get(Pupil, world.oliver)
        [alert] = raise_alert(s, school=settings.school("oakfield"), pupil=pupil, kind="cue", details="Parent's message mentions a bruise.", dedupe_key="cue:1", now=NOW)
    flag = alert.buttons[0][0].data

    async def scenario(feed: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
        await feed(fake.callback(JO_OFFICE, flag, chat_id=OAKFIELD_SAFEGUARDING_CHAT, message_id=70))
        await feed(fake.callback(SAM_DSL, flag, chat_id=OAKFIELD_SAFEGUARDING_CHAT, message_id=70))
        await feed(fake.callback(ALEX_ADMIN, flag, chat_id=OAKFIELD_SAFEGUARDING_CHAT, message_id=70))

    run(fake, sqlite_engine, settings, scenario)
    assert [text for text, _ in answers(fake)] == [
        "Your role cannot do that here, so nothing was changed.",
        "Acknowledged. Thank you.",
        "Already acknowledged by Sam Adeyemi (dsl).",
    ]
    edits = fake.sent("editMessageText")
    assert len(edits) == 2 and all("Acknowledged by Sam Adeyemi (dsl) 08:05" in e["text"] for e in edits)
    assert all("reply_markup" not in e for e in edits)


async def send_queued(engine: Engine, bot: Any, now: Any) -> int:
    """A minimal outbox sender for Telegram rows, as the service's sender does it (roll-up first)."""
    roll_up_queued_cards(engine, now=now)
    sent = 0
    while rows := claim_due(engine, worker="test", now=now, channels=["telegram"], limit=20):
        for row in rows:
            buttons = tuple(tuple(Button(b["label"], b["data"]) for b in r) for r in row.payload.get("buttons", []))
            message = await bot.send_message(int(row.recipient), row.text, parse_mode=row.payload.get("parse_mode"), reply_markup=keyboard(buttons))
            record_accepted(engine, message_id=row.id or 0, worker="test", provider_id=f"tg:{row.recipient}:{message.message_id}")
            sent += 1
    return sent


def test_300_card_burst_is_paced_within_group_limits_and_none_is_lost(fake: FakeTelegramAPI, sqlite_engine: Engine, settings: Settings) -> None:
    ids = queue_cards(sqlite_engine, settings, 300)
    fake.fail("sendMessage", times=1, status=429, retry_after=1)

    async def main() -> int:
        limiter = AIORateLimiter(group_max_rate=20, group_time_period=60, max_retries=3)
        app = Application.builder().token(TOKEN).base_url(fake.base_url).updater(None).rate_limiter(limiter).build()
        async with app:
            return await send_queued(sqlite_engine, app.bot, NOW)

    sent = asyncio.run(main())
    calls = [c for c in fake.calls if c.method == "sendMessage"]
    assert len(calls) == sent + 1 <= 20  # one 429, retried after retry_after
    assert calls[1].at - calls[0].at >= 1.0
    listed = sorted(int(n) for c in calls[1:] for n in re.findall(r"/card_(\d+)", c.params["text"]))
    assert listed == sorted(ids)
    with session_scope(sqlite_engine) as s:
        assert {r.status for r in s.execute(select(OutboundMessage).where(OutboundMessage.kind == "digest")).scalars()} == {"sent"}


def test_short_queue_of_cards_is_posted_one_by_one_at_the_limiters_pace(fake: FakeTelegramAPI, sqlite_engine: Engine, settings: Settings) -> None:
    ids = queue_cards(sqlite_engine, settings, 8)

    async def main() -> float:
        limiter = AIORateLimiter(group_max_rate=4, group_time_period=1)  # a fast stand-in for 20 a minute
        app = Application.builder().token(TOKEN).base_url(fake.base_url).updater(None).rate_limiter(limiter).build()
        async with app:
            start = time.monotonic()
            await send_queued(sqlite_engine, app.bot, NOW)
            return time.monotonic() - start

    elapsed = asyncio.run(main())
    cards = fake.sent("sendMessage")
    assert len(cards) == 8 and all(f"report #{i}" in c["text"] for c, i in zip(cards, ids, strict=True))
    assert elapsed >= 0.7
    assert all(any("Confirm" in b["text"] for row in c["reply_markup"]["inline_keyboard"] for b in row) for c in cards)
