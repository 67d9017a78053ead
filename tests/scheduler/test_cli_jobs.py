"""`absence-bot jobs run`: exit codes, local --at, due times, and nothing queued twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import ROOT


@pytest.fixture
def config(tmp_path: Path) -> str:
    text = (ROOT / "config.example.toml").read_text().replace("sqlite:///absence-bot.db", f"sqlite:///{tmp_path / 'cli.db'}")
    path = tmp_path / "config.toml"
    path.write_text(text)
    assert main(["--config", str(path), "db", "upgrade"]) == 0
    return str(path)


def test_unknown_job_or_school_exits_2(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", config, "jobs", "run", "tidy-up", "--school", "oakfield"]) == 2
    assert "unknown job 'tidy-up'" in capsys.readouterr().err
    assert main(["--config", config, "jobs", "run", "register-close", "--school", "nowhere"]) == 2
    assert "unknown school 'nowhere'" in capsys.readouterr().err
    assert main(["--config", config, "jobs", "run", "register-close", "--school", "oakfield", "--at", "soon"]) == 2


def test_runs_as_the_scheduler_would(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", config, "jobs", "run", "missing-contacts", "--school", "oakfield", "--at", "2026-11-23T07:00"]) == 0
    assert main(["--config", config, "jobs", "run", "weekly-n-list", "--school", "oakfield", "--at", "2026-11-23T08:20"]) == 0
    assert main(["--config", config, "jobs", "run", "weekly-n-list", "--school", "oakfield", "--at", "2026-11-24T08:20+00:00"]) == 0
    assert main(["--config", config, "jobs", "run", "register-close", "--school", "oakfield", "--at", "2026-11-22T09:30"]) == 0
    err = capsys.readouterr().err
    assert "missing-contacts for oakfield at 2026-11-23T07:00+00:00: queued 0" in err
    assert "weekly-n-list for oakfield at 2026-11-23T08:20+00:00: queued 1" in err
    assert "weekly-n-list for oakfield at 2026-11-24T08:20+00:00: queued 0" in err
    assert "closed" in err


def test_delivers_what_it_queued_through_the_real_telegram_client(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.fakes.telegram_api import FakeTelegramAPI

    with FakeTelegramAPI() as fake:
        text = (ROOT / "config.example.toml").read_text()
        text = text.replace("sqlite:///absence-bot.db", f"sqlite:///{tmp_path / 'cli.db'}")
        text = text.replace('base_url = "https://api.telegram.org/bot"', f'base_url = "{fake.base_url}"\ntoken = "123456:TEST-fake-token"')
        path = tmp_path / "config.toml"
        path.write_text(text)
        assert main(["--config", str(path), "db", "upgrade"]) == 0
        args = ["--config", str(path), "jobs", "run", "weekly-n-list", "--school", "oakfield", "--at", "2026-11-23T08:20"]
        assert main(args) == 0
        assert main(args) == 0
        sent = fake.sent("sendMessage")
    assert len(sent) == 1 and str(sent[0]["chat_id"]) == "-1001000000002"
    assert "Unresolved N codes" in sent[0]["text"]
    err = capsys.readouterr().err
    assert "queued 1, sent 1" in err and "queued 0, sent 0" in err


def _monday(weeks_from_now: int) -> "dt.date":
    today = dt.date.today()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks_from_now)


def _config_with(tmp_path: Path, fake_telegram: object | None = None, fake_twilio: object | None = None) -> str:
    text = (ROOT / "config.example.toml").read_text().replace("sqlite:///absence-bot.db", f"sqlite:///{tmp_path / 'cli.db'}")
    if fake_telegram is not None:
        text = text.replace('base_url = "https://api.telegram.org/bot"', f'base_url = "{fake_telegram.base_url}"\ntoken = "123456:TEST-fake-token"')
    if fake_twilio is not None:
        text = text.replace('api_base_url = "https://api.twilio.com"', f'api_base_url = "{fake_twilio.base_url}"\naccount_sid = "{fake_twilio.account_sid}"\nauth_token = "{fake_twilio.auth_token}"')
        text = text.replace('# public_url = "https://absence.example-school.org.uk"', 'public_url = "https://absence.example-school.org.uk"')
    path = tmp_path / "config.toml"
    path.write_text(text)
    assert main(["--config", str(path), "db", "upgrade"]) == 0
    return str(path)


def test_a_later_time_holds_the_rows_until_then(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.fakes.telegram_api import FakeTelegramAPI

    with FakeTelegramAPI() as fake:
        config = _config_with(tmp_path, fake_telegram=fake)
        later = f"{_monday(2).isoformat()}T08:20"
        assert main(["jobs", "run", "weekly-n-list", "--school", "oakfield", "--at", later, "--config", config]) == 0
        assert fake.sent("sendMessage") == []
    assert f"queued 1, sent 0 (held until {_monday(2)} 08:20" in capsys.readouterr().err


def test_an_earlier_time_delivers_before_exit_even_chasers_past_their_validity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.fakes.twilio_api import FakeTwilioAPI

    day = _monday(-2)
    with FakeTwilioAPI() as fake:
        config = _config_with(tmp_path, fake_twilio=fake)
        assert main(["--config", config, "import", "roll", str(ROOT / "store" / "data" / "sample_roll.csv")]) == 0
        register = tmp_path / "register.csv"
        register.write_text(f"school_id,pupil_id,date,session,mark\noakfield,OAK0001,{day},AM,N\n", encoding="utf-8")
        assert main(["--config", config, "import", "register", str(register)]) == 0
        capsys.readouterr()
        assert main(["--config", config, "jobs", "run", "register-close", "--school", "oakfield", "--at", f"{day}T09:30"]) == 0
        assert "+447700900501" in {m["To"] for m in fake.messages}
    err = capsys.readouterr().err
    assert f"queued {len(fake.messages)}, sent {len(fake.messages)}" in err
    assert "BEGIN Twilio API Request" not in err  # the twilio client's HTTP dump stays out of the output


def test_at_hh_mm_means_today_in_school_time(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    from zoneinfo import ZoneInfo

    assert main(["--config", config, "jobs", "run", "missing-contacts", "--school", "oakfield", "--at", "06:05"]) == 0
    today = dt.datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    assert f"missing-contacts for oakfield at {today}T06:05" in capsys.readouterr().err
    assert main(["--config", config, "jobs", "run", "missing-contacts", "--school", "oakfield", "--at", "25:00"]) == 2
