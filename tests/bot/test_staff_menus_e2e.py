"""Command menus, /help and /whoami through the running service and the real python-telegram-bot client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.db import session_scope
from store.models import AttendanceMark, InboundMessage
from tests.bot.service_harness import RunningService, seeded_service, wait
from tests.bot.test_staff_telegram import group_message
from tests.fakes.telegram_api import FakeTelegramAPI

STAFF_CHAT = -1001000000001


@pytest.fixture
def svc(sqlite_url: str, sqlite_engine: Engine) -> Iterator[RunningService]:
    with seeded_service(sqlite_url, sqlite_engine) as running:
        yield running


def replies_to(telegram: FakeTelegramAPI, chat: int) -> list[str]:
    return [str(p.get("text")) for p in telegram.sent() if p.get("chat_id") == chat]


def test_menus_are_set_for_private_chats_and_every_staff_group(svc: RunningService) -> None:
    wait(lambda: f"chat:{STAFF_CHAT}" in svc.telegram.set_commands, timeout=10)
    private = [c["command"] for c in svc.telegram.set_commands["all_private_chats"]]
    staff = [c["command"] for c in svc.telegram.set_commands[f"chat:{STAFF_CHAT}"]]
    assert private == ["start", "whoami"]
    assert {"today", "pending", "absent", "find", "export", "card", "help", "whoami"} <= set(staff)


def test_whoami_tells_anyone_their_id_and_stores_nothing(svc: RunningService) -> None:
    stranger = 424242
    svc.telegram.inject_update(svc.telegram.private_message(stranger, "/whoami"))
    wait(lambda: any("424242" in t for t in replies_to(svc.telegram, stranger)), timeout=10)
    svc.telegram.inject_update(group_message(stranger, STAFF_CHAT, "/whoami"))
    wait(lambda: any(str(STAFF_CHAT) in t for t in replies_to(svc.telegram, STAFF_CHAT)), timeout=10)
    with session_scope(svc.engine) as s:
        assert s.exec(select(InboundMessage)).all() == []


def test_help_lists_the_commands_for_staff(svc: RunningService) -> None:
    office = svc.settings.staff[0]
    svc.telegram.inject_update(group_message(office.telegram_user_id, STAFF_CHAT, "/help"))
    wait(lambda: any("/pending" in t and office.name in t for t in replies_to(svc.telegram, STAFF_CHAT)), timeout=10)


def test_a_register_csv_sent_in_the_staff_group_is_imported_with_a_summary(svc: RunningService) -> None:
    office = svc.settings.staff[0]
    register = b"school_id,pupil_id,date,session,mark\noakfield,P3,2026-11-30,AM,N\noakfield,P1,2026-11-30,AM,/\n"
    svc.telegram.inject_update(svc.telegram.document_message(office.telegram_user_id, STAFF_CHAT, register, "register.csv"))
    wait(lambda: any("Register imported" in t for t in replies_to(svc.telegram, STAFF_CHAT)), timeout=15)
    with session_scope(svc.engine) as s:
        marks = {(m.code, m.source) for m in s.exec(select(AttendanceMark))}
    assert marks == {("N", "register"), ("/", "register")}
    bad = b"school_id,pupil_id,date,session,mark\noakfield,P3,2026-11-30,XX,N\n"
    svc.telegram.inject_update(svc.telegram.document_message(office.telegram_user_id, STAFF_CHAT, bad, "bad.csv"))
    wait(lambda: any("Nothing imported" in t and "bad.csv:2: session" in t for t in replies_to(svc.telegram, STAFF_CHAT)), timeout=15)
    other = b"school_id,pupil_id,date,session,mark\nhillcrest,H1,2026-11-30,AM,N\n"
    svc.telegram.inject_update(svc.telegram.document_message(office.telegram_user_id, STAFF_CHAT, other, "theirs.csv"))
    wait(lambda: any("other schools (hillcrest)" in t for t in replies_to(svc.telegram, STAFF_CHAT)), timeout=15)
    stranger = 999000111
    svc.telegram.inject_update(svc.telegram.document_message(stranger, STAFF_CHAT, register, "register.csv"))
    wait(lambda: len(replies_to(svc.telegram, STAFF_CHAT)) >= 4, timeout=15)
    with session_scope(svc.engine) as s:
        assert len(s.exec(select(AttendanceMark)).all()) == 2
