"""Outgoing messages as plain data, and queuing them in the store's outbox.

Handlers and jobs never talk to Telegram or Twilio: they return `Outgoing`
values, and `queue` stores them with their idempotency key. `bot/` sends what
is queued. The same key queued twice is stored once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlmodel import Session

from store.outbox import insert_ignore

Channel = Literal["sms", "telegram"]


@dataclass(frozen=True)
class Button:
    """An inline button (Telegram); `data` is the callback data, at most 64 bytes."""

    label: str
    data: str

    def __post_init__(self) -> None:
        if len(self.data.encode()) > 64:
            raise ValueError(f"callback data over 64 bytes: {self.data!r}")


@dataclass(frozen=True)
class Outgoing:
    """One message to send.

    `key` is the idempotency key: stable for the same logical message (e.g.
    "reply:sms:SM123", "chaser:42:2026-11-23:1"), so re-running never duplicates.
    `recipient` is an E.164 phone number (sms) or a Telegram chat id (telegram).
    `text` for Telegram with `html=True` must already be HTML-escaped where it
    quotes anyone.
    """

    key: str
    channel: Channel
    recipient: str
    text: str
    kind: str = "reply"
    school_id: str | None = None
    contact_id: int | None = None
    buttons: tuple[tuple[Button, ...], ...] = ()
    html: bool = False
    request_contact: str | None = None
    not_after: dt.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.extra)
        if self.buttons:
            data["buttons"] = [[{"label": b.label, "data": b.data} for b in row] for row in self.buttons]
        if self.html:
            data["parse_mode"] = "HTML"
        if self.request_contact:
            data["request_contact"] = self.request_contact
        return data

    def row(self, now: dt.datetime) -> dict[str, Any]:
        return {
            "idempotency_key": self.key,
            "channel": self.channel,
            "kind": self.kind,
            "school_id": self.school_id,
            "recipient": self.recipient,
            "contact_id": self.contact_id,
            "text": self.text,
            "payload": self.payload(),
            "status": "queued",
            "attempts": 0,
            "next_attempt_at": now,
            "not_after": self.not_after,
            "created_at": now,
        }


def queue(session: Session, messages: Iterable[Outgoing], *, now: dt.datetime) -> list[str]:
    """Store messages in the outbox in the caller's transaction; return keys newly queued."""
    return insert_ignore(session, [m.row(now) for m in messages])
