"""`absence-bot run`: uvicorn, python-telegram-bot and the workers in one asyncio loop.

SIGTERM and SIGINT stop the server gracefully (the app's lifespan stops the
workers after their current step) and the process exits 0.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Generator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from bot.app import Service
from store.settings import ConfigError, Settings, load_settings, setup_warnings

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
    return setup_warnings(settings)


def reload_on_sighup(service: Service, config: Path) -> None:
    """SIGHUP: read the configuration again and take its staff (and school chats) without stopping."""

    def reload() -> None:
        try:
            fresh = load_settings(config)
        except ConfigError as exc:
            log.error("SIGHUP: %s not reloaded, the running configuration stays: %s", config, "; ".join(exc.problems))
            return
        for note in service.reload(fresh):
            log.warning("SIGHUP: %s", note)
        log.info("SIGHUP: reloaded %s (%s staff)", config, len(fresh.staff))

    signal.signal(signal.SIGHUP, lambda _sig, _frame: threading.Thread(target=reload, name="reload", daemon=True).start())


def run_service(settings: Settings, config: Path | None = None) -> int:
    """Serve the webhooks and run Telegram, the workers and the scheduler until signalled.

    A Telegram token or Twilio credential the provider rejects stops it at once
    (exit 2, one line naming the setting); an unreachable provider does not.
    """
    from bot.provider_checks import rejected_credentials

    for warning in configuration_warnings(settings):
        log.warning("%s", warning)
    rejected = rejected_credentials(settings)
    if rejected:
        for line in rejected:
            print(f"absence-bot: {line}", file=sys.stderr)
        return 2
    service = Service(settings)
    if config is not None and threading.current_thread() is threading.main_thread():
        reload_on_sighup(service, config)
    server = QuietServer(uvicorn.Config(service.http, host=settings.server.host, port=settings.server.port, log_level="warning", lifespan="on"))
    log.info("absence-bot listening on %s:%s", settings.server.host, settings.server.port)
    server.run()
    service.engine.dispose()
    log.info("absence-bot stopped")
    return 0
