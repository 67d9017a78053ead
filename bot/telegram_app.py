"""The python-telegram-bot Application: parent updates in private chats are stored, then processed.

Built with `telegram.base_url` and the AIORateLimiter; polling or webhook
(`.updater(None)`, updates fed through `application.update_queue`) per
config. Every parent update is stored as an InboundMessage keyed by its
update_id (a re-delivered update is stored once), dated when the parent sent
it (a message delivered a day late is about the day it was written), and
handled by the inbound worker, the same way as an SMS. In polling mode an
update is stored before its offset is confirmed to Telegram (`poll_updates`),
so a store that cannot take writes loses nothing: the update is fetched again. Staff-group handlers (card buttons, alert
acknowledgements, commands) come from `bot.telegram_staff` on the same Application.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.telegram_staff import StaffDeps, register_staff_handlers
from handlers.inbound import store_inbound
from store.db import session_scope
from store.models import utcnow
from store.settings import Settings

log = logging.getLogger(__name__)


def telegram_attachment(message: Any) -> dict[str, Any] | None:
    """A photo (the largest size) or a document a parent sent, by Telegram's file_id."""
    if message.photo:
        best = message.photo[-1]
        return {"kind": "photo", "file_ref": best.file_id, "mime_type": "image/jpeg", "file_name": None}
    if message.document is not None:
        doc = message.document
        return {"kind": "document", "file_ref": doc.file_id, "mime_type": doc.mime_type, "file_name": doc.file_name}
    return None


def update_record(update: Update) -> dict[str, Any] | None:
    """What to store for a private-chat update from a parent, or None to ignore it."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != "private":
        return None
    payload: dict[str, Any] = {"chat_id": chat.id}
    text = ""
    if update.callback_query is not None:
        payload |= {"kind": "callback", "data": update.callback_query.data or ""}
    elif update.message is not None and update.message.contact is not None:
        contact = update.message.contact
        payload |= {"kind": "contact", "contact": {"user_id": contact.user_id, "phone_number": contact.phone_number}}
    elif update.message is not None:
        text = update.message.text or update.message.caption or ""
        if text.strip().split("@")[0] == "/whoami":
            return None  # answered at once by the staff handlers; nothing about a pupil
        payload["kind"] = "start" if text.strip().startswith("/start") else "text"
        attachment = telegram_attachment(update.message)
        if attachment is not None:
            payload["attachment"] = attachment
    else:
        return None
    sent = update.message.date if update.message is not None and update.message.date is not None else None
    return {
        "channel": "telegram", "provider_id": str(update.update_id), "sender": str(user.id), "recipient": None, "text": text,
        "payload": payload, "received_at": min(sent, utcnow()) if sent is not None else utcnow(),
    }


def store_update(engine: Engine, record: dict[str, Any]) -> int | None:
    with session_scope(engine) as session:
        return store_inbound(session, **record)


POLL_TIMEOUT = 10
ALLOWED_UPDATES = ["message", "callback_query"]


async def poll_updates(application: Application, engine: Engine, wake: Callable[[], None], stop: asyncio.Event) -> None:  # type: ignore[type-arg]
    """Long-poll getUpdates; store each parent update before the next call confirms its offset, then dispatch it.

    A failing write stops the batch at that update without confirming it, so Telegram sends it
    again once the store takes writes (the update_id keeps it stored once).
    """
    offset: int | None = None
    pause = 1.0
    while not stop.is_set():
        fetch = asyncio.ensure_future(application.bot.get_updates(offset=offset, timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES))
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not fetch.done():
            fetch.cancel()  # stopping: what this call would have fetched stays unconfirmed, so it comes again
            return
        try:
            updates = fetch.result()
        except TelegramError as exc:
            log.warning("Telegram getUpdates failed (%s); trying again in %.0f s", type(exc).__name__, pause)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 60.0)
            continue
        pause = 1.0
        for update in updates:
            record = update_record(update)
            if record is not None:
                try:
                    stored = await asyncio.to_thread(store_update, engine, record)
                except Exception:
                    log.exception("Telegram update %s not stored; it stays unconfirmed and is fetched again", update.update_id)
                    await asyncio.sleep(5.0)
                    break
                if stored is not None:
                    wake()
            offset = update.update_id + 1
            await application.process_update(update)


def parent_handler(engine: Engine, wake: Callable[[], None]) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Any]:
    async def on_parent_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Store a parent's private-chat update once (by update_id) for the inbound worker."""
        if update.callback_query is not None:
            await update.callback_query.answer()
        record = update_record(update)
        if record is not None and await asyncio.to_thread(store_update, engine, record) is not None:
            wake()

    return on_parent_update


def file_url(base_url: str) -> str:
    """Where the Bot API serves files: https://api.telegram.org/bot → https://api.telegram.org/file/bot."""
    head, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}"


def build_telegram_app(settings: Settings, engine: Engine, wake: Callable[[], None], rate_limiter: AIORateLimiter | None = None) -> Application:  # type: ignore[type-arg]
    """The Application, its bot pointed at `telegram.base_url`, with the parent handlers registered.

    The default rate limiter keeps to Telegram's limits (30 messages/s overall, 20 a minute per group).
    """
    assert settings.telegram.token is not None
    builder = (
        Application.builder()
        .token(settings.telegram.token.get_secret_value())
        .base_url(settings.telegram.base_url)
        .base_file_url(file_url(settings.telegram.base_url))
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=0))
    )
    application = builder.updater(None).build()  # polling is poll_updates, which stores before it confirms
    handler = parent_handler(engine, wake)
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", handler, filters=private))
    application.add_handler(MessageHandler(private & (filters.TEXT | filters.CONTACT | filters.CAPTION | filters.PHOTO | filters.Document.ALL), handler))
    application.add_handler(CallbackQueryHandler(handler, pattern=r"^pc:"))
    register_staff_handlers(application, StaffDeps(engine=engine, settings=settings))
    return application
