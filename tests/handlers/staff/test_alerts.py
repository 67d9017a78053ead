"""Safeguarding alerts: acknowledged once by the right people in the right chat, re-raised until then."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from handlers.alerts import raise_alert
from handlers.outbox import queue
from handlers.staff.access import NOT_ROLE, NOT_STAFF, WRONG_CHAT
from handlers.staff.actions import Tap
from handlers.staff.alerts import handle_ack_tap, parse_ack_data, reraise_due_alerts
from store.db import session_scope
from store.models import OutboundMessage, Pupil, SafeguardingFlag
from store.settings import Settings
from tests.handlers.staff_world import (
    ALEX_ADMIN,
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
def flag_id(engine: Engine, settings: Settings) -> int:
    with session_scope(engine) as s:
        world: World = build_world(s)
        pupil = s.get(Pupil, world.oliver)
        out = raise_alert(
            s, school=settings.school("oakfield"), pupil=pupil, kind="unaccounted",
            details="No answer from any contact.", dedupe_key="unaccounted:1", now=NOW,
        )
        queue(s, out, now=NOW)
        flag = s.execute(select(SafeguardingFlag)).scalar_one()
        assert flag.id is not None
        return flag.id


def ack(engine: Engine, settings: Settings, user: int, flag: int, chat: int = OAKFIELD_SAFEGUARDING_CHAT, at: dt.datetime = NOW):  # type: ignore[no-untyped-def]
    return handle_ack_tap(engine, settings, Tap(user_id=user, chat_id=chat, data=f"ack:{flag}"), now=at)


def _flag(engine: Engine) -> SafeguardingFlag:
    with session_scope(engine) as s:
        return s.execute(select(SafeguardingFlag)).scalar_one()


def test_dsl_acknowledges_once(engine: Engine, settings: Settings, flag_id: int) -> None:
    at = NOW + dt.timedelta(minutes=10)
    result = ack(engine, settings, SAM_DSL, flag_id, at=at)
    assert result.notice == "Acknowledged. Thank you."
    assert result.text is not None and "Acknowledged by Sam Adeyemi (dsl) 08:15" in result.text and "Oliver Smith" in result.text
    assert result.buttons == ()
    flag = _flag(engine)
    assert (flag.acknowledged_by, flag.acknowledged_at) == ("Sam Adeyemi (dsl)", at)
    again = ack(engine, settings, ALEX_ADMIN, flag_id, at=at + dt.timedelta(minutes=1))
    assert again.notice == "Already acknowledged by Sam Adeyemi (dsl)."
    assert _flag(engine).acknowledged_at == at


@pytest.mark.parametrize(
    ("user", "chat", "notice"),
    [
        (STRANGER, OAKFIELD_SAFEGUARDING_CHAT, NOT_STAFF),
        (JO_OFFICE, OAKFIELD_SAFEGUARDING_CHAT, NOT_ROLE),
        (SAM_DSL, OAKFIELD_STAFF_CHAT, WRONG_CHAT),
        (SAM_DSL, -1001000000012, WRONG_CHAT),  # hillcrest's safeguarding group
    ],
)
def test_acknowledge_refused(engine: Engine, settings: Settings, flag_id: int, user: int, chat: int, notice: str) -> None:
    result = ack(engine, settings, user, flag_id, chat=chat)
    assert (result.notice, result.text) == (notice, None)
    assert _flag(engine).acknowledged_at is None


def test_forged_ack_data() -> None:
    assert [parse_ack_data(d) for d in ("ack:7", "ack:07", "ack:7x", "ack:", "cf:7", "ack:-1")] == [7, None, None, None, None, None]


def _alert_keys(engine: Engine) -> list[str]:
    with session_scope(engine) as s:
        return [r.idempotency_key for r in s.execute(select(OutboundMessage).where(OutboundMessage.kind == "alert").order_by(OutboundMessage.id)).scalars()]


def test_unacknowledged_alert_is_reraised_after_policy_minutes(engine: Engine, settings: Settings, flag_id: int) -> None:
    minutes = settings.school("oakfield").resolved_policy().alert_reraise_minutes
    assert reraise_due_alerts(engine, settings=settings, now=NOW + dt.timedelta(minutes=minutes - 1)) == []
    due = NOW + dt.timedelta(minutes=minutes)
    out = reraise_due_alerts(engine, settings=settings, now=due)
    assert [m.key for m in out] == [f"alert:{flag_id}:2"]
    assert "raised 2 times" in out[0].text and out[0].recipient == str(OAKFIELD_SAFEGUARDING_CHAT)
    assert reraise_due_alerts(engine, settings=settings, now=due) == []
    third = reraise_due_alerts(engine, settings=settings, now=due + dt.timedelta(minutes=minutes))
    assert [m.key for m in third] == [f"alert:{flag_id}:3"]
    assert _alert_keys(engine) == [f"alert:{flag_id}:1", f"alert:{flag_id}:2", f"alert:{flag_id}:3"]
    ack(engine, settings, SAM_DSL, flag_id, at=due + dt.timedelta(minutes=minutes + 1))
    assert reraise_due_alerts(engine, settings=settings, now=due + dt.timedelta(days=1)) == []
