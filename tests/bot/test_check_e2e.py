"""`absence-bot check` and `absence-bot run` as a technician meets them, against the fake providers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.bot.process_harness import ROOT, cli, write_config
from tests.bot.service_harness import TOKEN
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI

STAFF, DSL = -1001000000001, -1001000000002
SCHOOLS = [{"id": "oakfield", "name": "Oakfield Primary School", "staff_chat_id": STAFF, "safeguarding_chat_id": DSL, "policy": "bedwell"}]
STAFF_MEMBERS = [{"telegram_user_id": 100000003, "name": "Alex Novak", "role": "admin", "schools": ["oakfield"]}]
NUMBER = "+447700900100"


def configured(tmp_path: Path, twilio: FakeTwilioAPI, telegram: FakeTelegramAPI, **school: object) -> Path:
    config = tmp_path / "config.toml"
    write_config(config, db_url=f"sqlite:///{tmp_path / 'absence.db'}", twilio=twilio, telegram=telegram,
                 schools=[SCHOOLS[0] | school], staff=STAFF_MEMBERS, from_number=NUMBER)
    return config


def test_check_passes_a_working_set_up(tmp_path: Path) -> None:
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        config = configured(tmp_path, twilio, telegram)
        assert cli(config, "db", "upgrade").returncode == 0
        done = cli(config, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "this set-up works" in done.stdout and "problem:" not in done.stdout
    assert "ok: telegram.token: works for @absence_test_bot" in done.stdout and f"{NUMBER} belongs to the account" in done.stdout


def test_check_names_every_problem_and_nothing_secret(tmp_path: Path) -> None:
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        config = configured(tmp_path, twilio, telegram)
        assert cli(config, "db", "upgrade").returncode == 0
        telegram.revoked.add(TOKEN)
        telegram.missing_chats.add(DSL)
        twilio.auth_token = "a-rotated-token"
        done = cli(config, "check")
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "problem: telegram.token: rejected by Telegram" in out and "problem: twilio.auth_token: Twilio rejected account" in out
    assert TOKEN not in out and TOKEN.partition(":")[2] not in out and "test-auth-token-1234" not in out


def test_check_reports_a_schema_behind_and_a_bad_configuration_in_one_pass(tmp_path: Path) -> None:
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        config = configured(tmp_path, twilio, telegram)
        behind = cli(config, "check", "--offline")
        config.write_text(config.read_text("utf-8").replace(f"staff_chat_id = {STAFF}", f"staff_chat_id = {-STAFF}"), "utf-8")
        bad = cli(config, "check", "--offline")
    assert behind.returncode == 1 and "run `absence-bot db upgrade`" in behind.stdout
    assert bad.returncode == 1 and "staff_chat_id" in bad.stdout


def test_run_with_a_rejected_token_exits_2_with_one_line_and_no_secret(tmp_path: Path) -> None:
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        config = configured(tmp_path, twilio, telegram)
        assert cli(config, "db", "upgrade").returncode == 0
        telegram.revoked.add(TOKEN)
        done = subprocess.run([sys.executable, "-m", "bot", "--config", str(config), "run"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("absence-bot:")]
    assert len(lines) == 1 and "telegram.token" in lines[0]
    assert TOKEN not in done.stdout + done.stderr and "Traceback" not in done.stderr
