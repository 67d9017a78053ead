"""Sending outbox rows to Telegram with python-telegram-bot: messages, staff cards and card edits.

A sent message's provider id is `<chat_id>:<message_id>`, so a staff card can
be edited later. RetryAfter is honoured (the row waits that long), network
errors back off, and other API errors are final.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot.twilio_sender import SendResult, backoff
from store.models import OutboundMessage

log = logging.getLogger(__name__)


def markup(payload: dict[str, Any]) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | None:
    """Inline buttons, or the one-tap 'share my phone number' keyboard."""
    if payload.get("buttons"):
        rows = [[InlineKeyboardButton(b["label"], callback_data=b["data"]) for b in row] for row in payload["buttons"]]
        return InlineKeyboardMarkup(rows)
    if payload.get("request_contact"):
        button = KeyboardButton(payload["request_contact"], request_contact=True)
        return ReplyKeyboardMarkup([[button]], one_time_keyboard=True, resize_keyboard=True)
    return None


def retry_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class TelegramSender:
    """Sends one outbox row through a PTB Bot (the Application's bot, with its rate limiter)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, row: OutboundMessage, edit_target: str | None = None) -> SendResult:
        try:
            if row.kind == "card_edit":
                return await self._edit(row, edit_target)
            message = await self.bot.send_message(
                chat_id=int(row.recipient), text=row.text, parse_mode=row.payload.get("parse_mode"), reply_markup=markup(row.payload)
            )
        except RetryAfter as exc:
            return SendResult("retry", delay=dt.timedelta(seconds=retry_seconds(exc)), error="telegram RetryAfter", counts=False)
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return SendResult("accepted")
            return SendResult("failed", error=f"telegram BadRequest: {exc}")
        except NetworkError as exc:
            return SendResult("retry", delay=backoff(row.attempts), error=f"telegram {type(exc).__name__}")
        except TelegramError as exc:
            return SendResult("failed", error=f"telegram {type(exc).__name__}: {exc}")
        return SendResult("accepted", provider_id=f"{message.chat_id}:{message.message_id}", status="sent")

    async def _edit(self, row: OutboundMessage, target: str | None) -> SendResult:
        """Re-render a posted card; wait while the card itself is still unsent."""
        if target is None:
            return SendResult("retry", delay=dt.timedelta(seconds=2), error="card not sent yet")
        chat_id, message_id = target.split(":")
        reply_markup = markup(row.payload)
        await self.bot.edit_message_text(
            chat_id=int(chat_id), message_id=int(message_id), text=row.text, parse_mode=row.payload.get("parse_mode"),
            reply_markup=reply_markup if isinstance(reply_markup, InlineKeyboardMarkup) else None,
        )
        return SendResult("accepted", status="edited")
