"""The delivery loop: claim due outbox rows and send each by SMS or Telegram, recording the outcome.

The handler chose the channel; this only sends. Rows past `not_after` are
cancelled. A message for a school's Telegram group goes to the chat the
configuration names now (`configured_chat`), so a chat id corrected after a
failure is used when the message is retried. Claims, retries and provider ids live in `store.outbox`, so a
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

from bot.metrics import Metrics
from bot.telegram_sender import TelegramSender
from bot.twilio_sender import SendResult, TwilioSender
from handlers.activity import activity
from handlers.staff.digest import roll_up_queued_cards
from handlers.staff.pacing import hold_for_chat_limit
from store.db import session_scope
from store.models import OutboundMessage, utcnow
from store.outbox import chat_key_of, claim_due, record_accepted, record_cancelled, record_failed, record_retry, set_recipient
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


def configured_chat(settings: Settings, row: OutboundMessage) -> tuple[str, str | None]:
    """The chat a school group's message goes to now, and the configuration key that names it.

    Parent messages keep their recipient; a group the configuration no longer names keeps the stored one.
    """
    key = chat_key_of(row)
    if key is None or row.school_id is None:
        return row.recipient, None
    try:
        index, school = next((i, s) for i, s in enumerate(settings.schools) if s.id == row.school_id)
    except StopIteration:
        return row.recipient, None
    if key == "safeguarding" and school.safeguarding_chat_id is not None:
        return str(school.safeguarding_chat_id), f"schools.{index}.safeguarding_chat_id"
    if school.staff_chat_id is not None:
        return str(school.staff_chat_id), f"schools.{index}.staff_chat_id"
    return row.recipient, None


async def send_row(engine: Engine, transports: Transports, row: OutboundMessage, now: dt.datetime) -> SendResult:
    if row.channel == "sms" and transports.sms is not None:
        return await asyncio.to_thread(transports.sms.send, row, now)
    if row.channel == "telegram" and transports.telegram is not None:
        target = await asyncio.to_thread(edit_target, engine, row) if row.kind == "card_edit" else None
        return await transports.telegram.send(row, target)
    return SendResult("retry", delay=dt.timedelta(minutes=5), error=f"no {row.channel} transport configured")


async def record(
    engine: Engine, row: OutboundMessage, result: SendResult, worker: str, now: dt.datetime, setting: str | None, metrics: Metrics | None = None,
) -> bool:
    assert row.id is not None
    if metrics is not None:
        metrics.messages_out.labels(channel=row.channel, kind=row.kind, outcome=result.outcome).inc()
    activity("message.out", channel=row.channel, kind=row.kind, outbox=row.id, school=row.school_id, outcome=result.outcome, attempt=row.attempts)
    where = (f"chat {row.recipient} ({setting})" if setting else row.channel)
    if result.outcome == "accepted":
        return await asyncio.to_thread(record_accepted, engine, message_id=row.id, worker=worker, provider_id=result.provider_id, status=result.status)
    if result.outcome == "retry":
        delay = result.delay or dt.timedelta(seconds=30)
        log.info("outbound %s #%s to %s: %s; retrying in %s", row.kind, row.id, where, result.error, delay)
        await asyncio.to_thread(record_retry, engine, message_id=row.id, worker=worker, delay=delay, error=result.error, now=now, counts=result.counts, uncertain=result.uncertain)
        return False
    log.warning("outbound %s #%s to %s failed: %s", row.kind, row.id, where, result.error)
    await asyncio.to_thread(record_failed, engine, message_id=row.id, worker=worker, error=result.error, now=now)
    return False


async def deliver_pending(
    engine: Engine, settings: Settings, transports: Transports, *, worker: str, should_stop: Callable[[], bool] | None = None,
    clock: Callable[[], dt.datetime] = utcnow, metrics: Metrics | None = None,
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
            row.recipient, setting = configured_chat(settings, row)
            if row.channel == "telegram" and not row.recipient.lstrip("-").isdigit():
                error = f"no chat configured for this school ({chat_key_of(row)} group)"
                await asyncio.to_thread(record_failed, engine, message_id=row.id, worker=worker, error=error, now=now)
                continue
            if row.channel == "telegram" and await asyncio.to_thread(hold_for_chat_limit, engine, row, now):
                continue  # the group has had its share of this minute; the row waits, not counted as an attempt
            result = await send_row(engine, transports, row, now)
            if result.outcome == "accepted":
                await asyncio.to_thread(set_recipient, engine, message_id=row.id, recipient=row.recipient)
            sent += await record(engine, row, result, worker, now, setting, metrics)
    return sent
