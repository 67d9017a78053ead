"""`absence-bot` as a school runs it: a configuration file, the CLI, and `absence-bot run` as a separate process.

The fake Twilio and Telegram APIs run in the test process; the service, in its
own process, reaches them through the URLs in its configuration, exactly as it
would reach the real providers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from twilio.request_validator import RequestValidator

from tests.bot.service_harness import PUBLIC_URL, TOKEN, free_port
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI

ROOT = Path(__file__).resolve().parents[2]


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_config(path: Path, *, db_url: str, twilio: FakeTwilioAPI, telegram: FakeTelegramAPI, schools: Sequence[dict[str, Any]], staff: Sequence[dict[str, Any]], from_number: str) -> int:
    """A complete config.toml pointing at the fakes; returns the HTTP port it listens on."""
    port = free_port()
    sections = {
        "database": {"url": db_url},
        "server": {"host": "127.0.0.1", "port": port, "public_url": PUBLIC_URL},
        "twilio": {"account_sid": twilio.account_sid, "auth_token": twilio.auth_token, "from_number": from_number, "api_base_url": twilio.base_url},
        "telegram": {"token": TOKEN, "base_url": telegram.base_url, "mode": "polling"},
        "scheduler": {"enabled": False},
    }
    lines: list[str] = []
    for name, values in sections.items():
        lines.append(f"[{name}]")
        lines += [f"{k} = {toml_value(v)}" for k, v in values.items()]
        lines.append("")
    for table, rows in (("schools", schools), ("staff", staff)):
        for row in rows:
            lines.append(f"[[{table}]]")
            lines += [f"{k} = {toml_value(v)}" for k, v in row.items()]
            lines.append("")
    path.write_text("\n".join(lines), "utf-8")
    return port


def cli(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `absence-bot --config CONFIG ARGS…` as the README does."""
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(config), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


@dataclass
class ServiceProcess:
    """A running `absence-bot run`, and how to talk to it as Twilio would."""

    process: subprocess.Popen[str]
    port: int
    twilio: FakeTwilioAPI

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sms(self, sender: str, body: str, sid: str, *, to: str) -> httpx.Response:
        params = {"MessageSid": sid, "SmsSid": sid, "SmsMessageSid": sid, "AccountSid": self.twilio.account_sid, "From": sender, "To": to, "Body": body, "NumSegments": "1", "NumMedia": "0"}
        signature = RequestValidator(self.twilio.auth_token).compute_signature(PUBLIC_URL + "/twilio/sms", params)
        return httpx.post(f"{self.base}/twilio/sms", data=params, headers={"X-Twilio-Signature": signature}, timeout=30)


@contextmanager
def running(config: Path, port: int, twilio: FakeTwilioAPI, *, log: Path) -> Iterator[ServiceProcess]:
    """`absence-bot run` until the block ends (stopped with SIGTERM, as systemd does)."""
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "bot", "--config", str(config), "run"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True, env=dict(os.environ))
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise AssertionError(f"absence-bot run exited {process.returncode}:\n{log.read_text()}")
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"absence-bot run did not become healthy:\n{log.read_text()}")
                time.sleep(0.2)
            yield ServiceProcess(process, port, twilio)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
