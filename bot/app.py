"""The composition root: store, transports, HTTP app, Telegram application, workers and scheduler.

`Service` owns everything `absence-bot run` starts. The inbound worker claims
stored messages and processes each once; the delivery worker sends what is
queued. Both are woken as soon as there is work and poll every second
otherwise. Stopping lets the current step finish; anything still claimed is
recovered by the next start.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from telegram.ext import AIORateLimiter, Application

from bot.http import build_http_app
from bot.logs import QUIET_LOGGERS
from bot.metrics import Metrics
from bot.logscrub import install_log_scrubbing
from bot.sender import Transports, deliver_pending
from bot.telegram_app import ALLOWED_UPDATES, build_telegram_app, poll_updates
from bot.telegram_sender import TelegramSender
from bot.telegram_staff import register_command_menus
from bot.twilio_sender import TwilioSender
from handlers.inbound import STALE_AFTER, claim_inbound, process_inbound
from handlers.parent_report import Parser, default_parser
from store.bootstrap import open_store
from store.models import utcnow
from store.settings import Settings

log = logging.getLogger(__name__)

IDLE_WAIT = 1.0
def quiet_provider_logs() -> None:
    """httpx logs Bot API URLs (which contain the token) and twilio logs message bodies at INFO."""
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


class Service:
    """Everything one `absence-bot run` process runs, started and stopped with the HTTP app's lifespan."""

    def __init__(
        self, settings: Settings, *, engine: Engine | None = None, parse: Parser | None = None,
        stale_after: dt.timedelta = STALE_AFTER, rate_limiter: AIORateLimiter | None = None,
    ) -> None:
        quiet_provider_logs()
        install_log_scrubbing(settings)
        self.settings = settings
        self.engine = engine or open_store(settings)
        self.parse = parse
        self.stale_after = stale_after
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.metrics = Metrics(self.engine)
        self._inbound_wake = asyncio.Event()
        self._send_wakes = {"sms": asyncio.Event(), "telegram": asyncio.Event()}
        self._stopping = False
        self._stop_polling = asyncio.Event()
        self._polling: asyncio.Task[None] | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.scheduler: Any = None
        self.telegram: Application | None = None  # type: ignore[type-arg]
        if settings.telegram.configured:
            self.telegram = build_telegram_app(settings, self.engine, self.telegram_stored, rate_limiter)
        self.transports = Transports(sms=TwilioSender(settings) if settings.twilio.configured else None)
        self.http: FastAPI = build_http_app(
            settings, self.engine, wake_inbound=self.wake_inbound, telegram=self.telegram,
            scheduler_state=self.scheduler_state, worker=self.worker, metrics=self.metrics, lifespan=self.lifespan,
        )

    def reload(self, fresh: Settings) -> list[str]:
        """Take staff (and, when the schools are the same ones, their names and chats) from fresh settings.

        In place, so every part of the service sees them at once; in-flight work carries on.
        Returns what was not reloaded (schools added or removed, times and policies: a restart).
        """
        from store.schools import sync_from_settings
        from store.db import session_scope

        kept: list[str] = []
        self.settings.staff = fresh.staff
        if [s.id for s in fresh.schools] == [s.id for s in self.settings.schools]:
            for old, new in zip(self.settings.schools, fresh.schools):
                for key in ("name", "staff_chat_id", "safeguarding_chat_id"):
                    setattr(old, key, getattr(new, key))
                if old.model_dump(exclude={"name", "staff_chat_id", "safeguarding_chat_id"}) != new.model_dump(exclude={"name", "staff_chat_id", "safeguarding_chat_id"}):
                    kept.append(f"schools.{old.id}: times, numbers and policy take effect at the next restart")
        else:
            kept.append("schools added or removed: they take effect at the next restart")
        with session_scope(self.engine) as session:
            sync_from_settings(session, self.settings)
        return kept

    def wake_inbound(self) -> None:
        self._inbound_wake.set()

    def telegram_stored(self) -> None:
        self.metrics.messages_in.labels(channel="telegram").inc()
        self.wake_inbound()

    def scheduler_state(self) -> str:
        return "running" if self.scheduler is not None and getattr(self.scheduler, "running", False) else "off"

    @asynccontextmanager
    async def lifespan(self, _app: FastAPI) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    async def start(self) -> None:
        """Start Telegram, the workers and (when enabled) the scheduler."""
        if self.parse is None:
            self.parse = await asyncio.to_thread(default_parser)
        self.parse = self.metrics.timed_parser(self.parse)
        if self.telegram is not None:
            await self.start_telegram(self.telegram)
        # One delivery loop per channel, so cards paced by Telegram's group limit never hold up SMS replies.
        self._tasks = [asyncio.create_task(self.inbound_loop())] + [
            asyncio.create_task(self.send_loop(Transports(**{channel: getattr(self.transports, channel)}), self._send_wakes[channel]))
            for channel in self.transports.channels
        ]
        self.scheduler = self.start_scheduler()
        if self.scheduler is not None:
            self.metrics.watch_scheduler(self.scheduler)

    async def start_telegram(self, application: Application) -> None:  # type: ignore[type-arg]
        await application.initialize()
        self.transports.telegram = TelegramSender(application.bot)
        await application.start()
        await register_command_menus(application.bot, self.settings)
        if self.settings.telegram.mode == "webhook":
            secret = self.settings.telegram.webhook_secret
            await application.bot.set_webhook(
                f"{self.settings.server.public_url}/telegram/webhook",
                secret_token=secret.get_secret_value() if secret else None,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            await application.bot.delete_webhook()
            self._polling = asyncio.create_task(poll_updates(application, self.engine, self.telegram_stored, self._stop_polling))

    def start_scheduler(self) -> Any:
        if not self.settings.scheduler.enabled:
            return None
        try:
            from scheduler.wiring import build_scheduler
        except ImportError:
            log.warning("scheduler enabled but scheduler.wiring is not available; nothing scheduled")
            return None
        scheduler = build_scheduler(self.settings, self.engine)
        scheduler.start()
        return scheduler

    async def stop(self) -> None:
        """Let the workers finish their current step, then stop Telegram and the scheduler."""
        self._stopping = True
        self._stop_polling.set()
        if self._polling is not None:
            await asyncio.gather(self._polling, return_exceptions=True)
        self._inbound_wake.set()
        for event in self._send_wakes.values():
            event.set()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        if self.telegram is not None and self.telegram.running:
            await self.telegram.stop()
            await self.telegram.shutdown()

    async def inbound_loop(self) -> None:
        """Claim and process stored inbound messages, one at a time, until stopped."""
        assert self.parse is not None
        while not self._stopping:
            try:
                ids = await asyncio.to_thread(claim_inbound, self.engine, worker=self.worker, now=utcnow(), stale_after=self.stale_after)
                for inbound_id in ids:
                    await asyncio.to_thread(process_inbound, self.engine, self.settings, inbound_id=inbound_id, worker=self.worker, now=utcnow(), parse=self.parse)
                    for event in self._send_wakes.values():
                        event.set()
            except Exception:
                log.exception("inbound worker step failed")
                ids = []
            if not ids:
                await self._wait(self._inbound_wake)

    async def send_loop(self, transports: Transports, wake: asyncio.Event) -> None:
        """Deliver queued messages on the given transports until stopped."""
        while not self._stopping:
            try:
                await deliver_pending(
                    self.engine, self.settings, transports, worker=f"{self.worker}:{transports.channels[0]}", should_stop=lambda: self._stopping,
                    metrics=self.metrics,
                )
            except Exception:
                log.exception("delivery worker step failed")
            await self._wait(wake)

    async def _wait(self, event: asyncio.Event) -> None:
        try:
            await asyncio.wait_for(event.wait(), IDLE_WAIT)
        except asyncio.TimeoutError:
            pass
        event.clear()
