"""The delivery loop: claim due outbox rows and send each by SMS or Telegram, recording the outcome.

The handler chose the channel; this only sends. Rows past `not_after` are
cancelled. Claims, retries and provider ids live in `store.outbox`, so a
crash or a second sender never sends a message twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.telegram_sender import TelegramSender
from bot.twilio_sender import SendResult, TwilioSender
from handlers.staff.digest import roll_up_queued_cards
from handlers.staff.pacing import hold_for_chat_limit
from store.db import session_scope
from store.models import OutboundMessage, utcnow
from store.outbox import claim_due, record_accepted, record_cancelled, record_failed, record_retry
from store.settings import Settings

log = logging.getLogger(__name__)

#: Rows claimed at a time: a stop request waits for at most one batch.
BATCH = 10


@dataclass
class Transports:
    """The senders available to this process; a channel without one stays queued."""

    sms: TwilioSender | None = None
    telegram: TelegramSender | None = None

    @property
    def channels(self) -> list[str]:
        return [name for name, sender in (("sms", self.sms), ("telegram", self.telegram)) if sender is not None]


def edit_target(engine: Engine, row: OutboundMessage) -> str | None:
    """The `<chat_id>:<message_id>` of the card a card_edit row re-renders, once that card is sent."""
    key = row.payload.get("edit_key")
    with session_scope(engine) as session:
        return session.execute(select(OutboundMessage.provider_id).where(OutboundMessage.idempotency_key == key)).scalar_one_or_none()


async def send_row(engine: Engine, transports: Transports, row: OutboundMessage, now: dt.datetime) -> SendResult:
    if row.channel == "sms" and transports.sms is not None:
        return await asyncio.to_thread(transports.sms.send, row, now)
    if row.channel == "telegram" and transports.telegram is not None:
        target = await asyncio.to_thread(edit_target, engine, row) if row.kind == "card_edit" else None
        return await transports.telegram.send(row, target)
    return SendResult("retry", delay=dt.timedelta(minutes=5), error=f"no {row.channel} transport configured")


async def record(engine: Engine, row: OutboundMessage, result: SendResult, worker: str) -> bool:
    assert row.id is not None
    if result.outcome == "accepted":
        return await asyncio.to_thread(record_accepted, engine, message_id=row.id, worker=worker, provider_id=result.provider_id, status=result.status)
    if result.outcome == "retry":
        log.info("outbound %s: %s; retrying in %s", row.id, result.error, result.delay)
        delay = result.delay or dt.timedelta(seconds=30)
        await asyncio.to_thread(record_retry, engine, message_id=row.id, worker=worker, delay=delay, error=result.error, attempts=row.attempts)
        return False
    log.warning("outbound %s failed: %s", row.id, result.error)
    await asyncio.to_thread(record_failed, engine, message_id=row.id, worker=worker, error=result.error)
    return False


async def deliver_pending(
    engine: Engine, settings: Settings, transports: Transports, *, worker: str, should_stop: Callable[[], bool] | None = None,
    clock: Callable[[], dt.datetime] = utcnow,
) -> int:
    """Send everything due now (or until `should_stop`); return how many messages the providers accepted.

    `clock` gives "now" for claims and validity checks (the demo passes its simulated clock).
    """
    sent = 0
    while not (should_stop and should_stop()):
        now = clock()
        if "telegram" in transports.channels:
            # A long queue of cards for one staff group becomes digests instead of waiting on the group limit.
            await asyncio.to_thread(roll_up_queued_cards, engine, now=now)
        rows = await asyncio.to_thread(claim_due, engine, worker=worker, now=now, limit=BATCH, channels=transports.channels)
        if not rows:
            return sent
        for row in rows:
            assert row.id is not None
            if row.not_after is not None and row.not_after <= now:
                await asyncio.to_thread(record_cancelled, engine, message_id=row.id, worker=worker, reason="past its validity period")
                continue
            if row.channel == "telegram" and await asyncio.to_thread(hold_for_chat_limit, engine, row, now):
                continue  # the group has had its share of this minute; the row waits, not counted as an attempt
            result = await send_row(engine, transports, row, now)
            sent += await record(engine, row, result, worker)
    return sent
