"""In-process SMS and Telegram transports for the demo: they record what would be sent, and send nothing.

They have the same `send` interfaces as `TwilioSender` and `TelegramSender`,
so the real `deliver_pending` claims, sends and records every outbox row
through them. Each accepted message becomes a `Delivered` record handed to
a callback (the demo prints it as it happens).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.twilio_sender import SendResult
from store.models import OutboundMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivered:
    """One message a provider would have delivered: an SMS, a Telegram message, or an edit of one."""

    at: dt.datetime
    channel: str
    kind: str
    recipient: str
    text: str
    html: bool = False
    buttons: list[list[dict[str, str]]] = field(default_factory=list)
    message_ref: str | None = None
    edit_of: str | None = None


OnDelivered = Callable[[Delivered], None]


class RecordingSms:
    """Accepts every SMS with a made-up Twilio message SID."""

    def __init__(self, clock: Callable[[], dt.datetime], on_delivered: OnDelivered) -> None:
        self.clock = clock
        self.on_delivered = on_delivered
        self._sids = itertools.count(1)

    def send(self, row: OutboundMessage, now: dt.datetime) -> SendResult:
        sid = f"SM{next(self._sids):032x}"
        self.on_delivered(Delivered(at=self.clock(), channel="sms", kind=row.kind, recipient=row.recipient, text=row.text, message_ref=sid))
        return SendResult("accepted", provider_id=sid, status="delivered")


class RecordingTelegram:
    """Accepts every Telegram message (ids `<chat_id>:<message_id>` as the real sender gives) and every card edit."""

    def __init__(self, clock: Callable[[], dt.datetime], on_delivered: OnDelivered) -> None:
        self.clock = clock
        self.on_delivered = on_delivered
        self._message_ids: dict[str, itertools.count[int]] = {}

    def next_ref(self, chat_id: str) -> str:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return f"{chat_id}:{next(counter)}"

    async def send(self, row: OutboundMessage, edit_target: str | None = None) -> SendResult:
        payload: dict[str, Any] = row.payload
        html = payload.get("parse_mode") == "HTML"
        buttons = list(payload.get("buttons") or [])
        if row.kind == "card_edit":
            if edit_target is None:
                return SendResult("retry", delay=dt.timedelta(seconds=2), error="card not sent yet")
            self.on_delivered(Delivered(self.clock(), "telegram", row.kind, row.recipient, row.text, html, buttons, edit_target, edit_target))
            return SendResult("accepted", status="edited")
        ref = self.next_ref(row.recipient)
        self.on_delivered(Delivered(self.clock(), "telegram", row.kind, row.recipient, row.text, html, buttons, ref))
        return SendResult("accepted", provider_id=ref, status="sent")
