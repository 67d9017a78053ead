"""The real service in-process (uvicorn in a thread) against the fake Twilio and Telegram APIs."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import Engine
from twilio.request_validator import RequestValidator

from bot.app import Service
from bot.service import QuietServer
from store.settings import Settings, load_settings
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_URL = "https://absence.example-school.org.uk"
TOKEN = "123456:TEST-token-value-not-real"
WEBHOOK_SECRET = "webhook-secret-for-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def service_settings(db_url: str, twilio: FakeTwilioAPI, telegram: FakeTelegramAPI, *, mode: str = "polling") -> Settings:
    env = {
        "ABSENCE_BOT_DATABASE_URL": db_url,
        "ABSENCE_BOT_SERVER_PORT": str(free_port()),
        "ABSENCE_BOT_SERVER_PUBLIC_URL": PUBLIC_URL,
        "ABSENCE_BOT_TWILIO_ACCOUNT_SID": twilio.account_sid,
        "ABSENCE_BOT_TWILIO_AUTH_TOKEN": twilio.auth_token,
        "ABSENCE_BOT_TWILIO_API_BASE_URL": twilio.base_url,
        "ABSENCE_BOT_TELEGRAM_TOKEN": TOKEN,
        "ABSENCE_BOT_TELEGRAM_BASE_URL": telegram.base_url,
        "ABSENCE_BOT_TELEGRAM_MODE": mode,
        "ABSENCE_BOT_TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "ABSENCE_BOT_SCHEDULER_ENABLED": "false",
    }
    return load_settings(ROOT / "config.example.toml", environ=env)


@dataclass
class RunningService:
    settings: Settings
    engine: Engine
    twilio: FakeTwilioAPI
    telegram: FakeTelegramAPI
    service: Service
    server: QuietServer
    thread: threading.Thread

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.settings.server.port}"

    def sign(self, path: str, params: dict[str, str]) -> str:
        return RequestValidator(self.twilio.auth_token).compute_signature(PUBLIC_URL + path, params)

    def sms(self, sender: str, body: str, sid: str, *, to: str = "+447700900100", signature: str | None = None) -> httpx.Response:
        """POST a signed inbound SMS webhook exactly as Twilio would."""
        params = {"MessageSid": sid, "SmsSid": sid, "AccountSid": self.twilio.account_sid, "From": sender, "To": to, "Body": body, "NumSegments": "1"}
        headers = {"X-Twilio-Signature": signature if signature is not None else self.sign("/twilio/sms", params)}
        return httpx.post(f"{self.base}/twilio/sms", data=params, headers=headers, timeout=15)

    def status(self, sid: str, status: str, error_code: str | None = None) -> httpx.Response:
        params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": self.twilio.account_sid}
        if error_code:
            params["ErrorCode"] = error_code
        return httpx.post(f"{self.base}/twilio/status", data=params, headers={"X-Twilio-Signature": self.sign("/twilio/status", params)}, timeout=15)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


def start_service(settings: Settings, engine: Engine, twilio: FakeTwilioAPI, telegram: FakeTelegramAPI, **kw: Any) -> RunningService:
    service = Service(settings, engine=engine, **kw)
    import uvicorn

    server = QuietServer(uvicorn.Config(service.http, host="127.0.0.1", port=settings.server.port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait(lambda: server.started, timeout=20)
    return RunningService(settings, engine, twilio, telegram, service, server, thread)


def wait(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.timezone.utc)


@contextmanager
def seeded_service(url: str, engine: Engine) -> Iterator[RunningService]:
    """The running service on the example configuration, with the Smith and Jones families on the roll."""
    from tests.handlers.parent_dialogue import seed_families

    seed_families(engine)
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        running = start_service(service_settings(url, twilio, telegram), engine, twilio, telegram)
        try:
            yield running
        finally:
            running.stop()
