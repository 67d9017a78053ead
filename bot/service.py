"""`absence-bot run`: uvicorn, python-telegram-bot and the workers in one asyncio loop.

SIGTERM and SIGINT stop the server gracefully (the app's lifespan stops the
workers after their current step) and the process exits 0.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Generator
from contextlib import contextmanager

import uvicorn

from bot.app import Service
from store.settings import Settings

log = logging.getLogger(__name__)


class QuietServer(uvicorn.Server):
    """uvicorn's server, stopping on SIGTERM/SIGINT without re-raising the signal afterwards."""

    @contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def configuration_warnings(settings: Settings) -> list[str]:
    """What a technician should know before relying on this process: channels that will not work."""
    warnings = []
    if not settings.twilio.configured:
        warnings.append("Twilio is not configured (account_sid, auth_token, from_number): SMS replies and chasers stay queued")
    elif settings.server.public_url is None:
        warnings.append("server.public_url is not set: Twilio signatures cannot be checked, so every SMS webhook gets 403")
    if not settings.telegram.configured:
        warnings.append("Telegram is not configured (token): staff cards, alerts and Telegram parents stay queued")
    elif settings.telegram.mode == "webhook" and (settings.server.public_url is None or settings.telegram.webhook_secret is None):
        warnings.append("telegram.mode is webhook but server.public_url or telegram.webhook_secret is missing")
    for school in settings.schools:
        if school.staff_chat_id is None or school.safeguarding_chat_id is None:
            warnings.append(f"school {school.id}: staff_chat_id or safeguarding_chat_id is not set")
    return warnings


def run_service(settings: Settings) -> int:
    """Serve the webhooks and run Telegram, the workers and the scheduler until signalled."""
    for warning in configuration_warnings(settings):
        log.warning("%s", warning)
    service = Service(settings)
    config = uvicorn.Config(service.http, host=settings.server.host, port=settings.server.port, log_level="warning", lifespan="on")
    server = QuietServer(config)
    log.info("absence-bot listening on %s:%s", settings.server.host, settings.server.port)
    server.run()
    service.engine.dispose()
    log.info("absence-bot stopped")
    return 0
