"""The log scrubber: no phone number, token, secret, row detail or SQL parameter survives into a log line."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.logscrub import install_log_scrubbing, register_secrets, scrub
from store.db import session_scope
from store.models import InboundMessage

TOKEN = "7000000001:AAH3fQk1-real-looking-token-value_x9"


@pytest.mark.parametrize(
    "raw",
    [
        "To +447700900123 failed",
        "phone 07700 900123 unusable",
        "phone 07700900123",
        "Telegram contact 447700900123",
        "To=%2B447700900123&Body=hi",
        "whatsapp:+447700900123",
    ],
)
def test_phone_numbers_are_scrubbed(raw: str) -> None:
    cleaned = scrub(raw)
    assert "900123" not in cleaned and "[phone]" in cleaned


@pytest.mark.parametrize(
    "kept",
    ["outbound 12 to chat -1001234567890 failed", "chat 1001234567890 (schools.oakfield.staff_chat_id)", "SM0123456789abcdef0123456789abcdef", "2026-11-23 08:00:01,123", "took 0.25 s"],
)
def test_ids_dates_and_sids_are_kept(kept: str) -> None:
    assert scrub(kept) == kept


def test_tokens_urls_secrets_details_and_parameters_are_scrubbed() -> None:
    register_secrets(["s3cret-db-password"])
    text = (
        f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed\n"
        f"The token `{TOKEN}` was rejected by the server.\n"
        "connection to postgresql://absence:s3cret-db-password@db/absence refused\n"
        'psycopg.errors.CheckViolation: new row violates check constraint\n'
        "DETAIL:  Failing row contains (1, sms, +447700900123, Oliver is ill today).\n"
        "[parameters: ('+447700900123', 'Oliver is ill today')]"
    )
    cleaned = scrub(text)
    for leaked in (TOKEN, TOKEN.split(":")[1], "s3cret-db-password", "Oliver is ill today", "900123"):
        assert leaked not in cleaned
    assert "/bot[token]/sendMessage" in cleaned and "CheckViolation" in cleaned


def test_records_and_tracebacks_are_scrubbed_for_every_handler(caplog: pytest.LogCaptureFixture) -> None:
    install_log_scrubbing()
    caplog.set_level(logging.INFO)
    log = logging.getLogger("absence-test")
    try:
        raise ValueError(f"bad reply to +447700900123 with token {TOKEN}")
    except ValueError:
        log.exception("sending to %s failed", "+447700900124")
    assert "900123" not in caplog.text and "900124" not in caplog.text and TOKEN not in caplog.text
    assert "ValueError" in caplog.text and "sending to [phone] failed" in caplog.text


def test_database_errors_in_logs_carry_no_parameters(engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    install_log_scrubbing()
    text = "Oliver is ill today, ring me on 07700 900123"
    try:
        with session_scope(engine) as s:
            for _ in range(2):
                s.add(InboundMessage(channel="sms", provider_id="dup", sender="+447700900123", text=text))
                s.flush()
    except IntegrityError:
        logging.getLogger("absence-test").exception("storing failed")
    assert "storing failed" in caplog.text and "IntegrityError" in caplog.text
    assert text not in caplog.text and "900123" not in caplog.text


def test_an_uncaught_exception_is_printed_scrubbed() -> None:
    code = (
        "from bot.logscrub import install_log_scrubbing\n"
        "install_log_scrubbing()\n"
        f"raise RuntimeError('token {TOKEN} rejected for +447700900123')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "RuntimeError" in done.stderr
    assert TOKEN not in done.stderr and "900123" not in done.stderr
