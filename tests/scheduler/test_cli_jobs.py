"""`absence-bot jobs run`: exit codes, local --at, due times, and nothing queued twice."""

from __future__ import annotations

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
