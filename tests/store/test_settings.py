"""Configuration: validation with every problem listed, environment secrets, no secret in repr."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.cli import main
from store.policies import presets
from store.settings import ConfigError, load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config.example.toml"


def example() -> dict:
    return tomllib.loads(EXAMPLE.read_text("utf-8"))


def test_example_config_is_valid_and_uses_all_four_presets() -> None:
    settings = load_settings(EXAMPLE, environ={})
    assert {s.policy for s in settings.schools} == set(presets()) == {"charlton-park", "afmat", "bedwell", "russell-street"}
    oakfield = settings.school("oakfield")
    assert oakfield.resolved_policy().chase_interval_minutes == 30
    assert str(oakfield.resolved_policy().register_closes) == "09:20:00"
    assert settings.school("riverside").resolved_policy().register_closes.hour == 10


def test_every_problem_is_listed_with_key_path_and_example() -> None:
    raw = example()
    raw["server"]["port"] = "eighty"
    raw["schools"][0]["policy"] = "strict"
    raw["schools"][1]["register_closes"] = "9.20am"
    raw["staff"][0]["role"] = "teacher"
    raw["telegram"]["mdoe"] = "polling"
    with pytest.raises(ConfigError) as caught:
        parse_settings(raw, source="config.toml", environ={})
    problems = "\n".join(caught.value.problems)
    assert len(caught.value.problems) == 5, problems
    assert "server.port:" in problems and "(e.g. 8080)" in problems
    assert "schools.0.policy: is not a policy preset" in problems
    assert 'schools.1.register_closes: expected a 24-hour clock time like "09:20"' in problems
    assert "staff.0.role:" in problems and '(e.g. "office")' in problems
    assert "telegram.mdoe: unknown key" in problems


def test_policy_override_with_unknown_key_is_refused() -> None:
    raw = example()
    raw["schools"][0]["policy_overrides"] = {"chase_intervall_minutes": 10}
    with pytest.raises(ConfigError) as caught:
        parse_settings(raw, environ={})
    assert any("chase_intervall_minutes" in p for p in caught.value.problems)


def test_staff_of_unknown_school_is_refused() -> None:
    raw = example()
    raw["staff"][0]["schools"] = ["nowhere"]
    with pytest.raises(ConfigError) as caught:
        parse_settings(raw, environ={})
    assert "unknown school id nowhere" in caught.value.problems[0]


def test_secrets_come_from_environment_and_never_show() -> None:
    env = {"ABSENCE_BOT_TWILIO_AUTH_TOKEN": "tok-very-secret-1", "ABSENCE_BOT_TELEGRAM_TOKEN": "123:ABC-secret"}
    settings = parse_settings(example(), environ=env)
    assert settings.twilio.auth_token is not None
    assert settings.twilio.auth_token.get_secret_value() == "tok-very-secret-1"
    shown = repr(settings) + str(settings) + settings.model_dump_json()
    assert "tok-very-secret-1" not in shown and "ABC-secret" not in shown


def test_database_password_hidden_in_repr() -> None:
    raw = example()
    raw["database"]["url"] = "postgresql://absence:hunter2pw@db.internal/absence"
    settings = parse_settings(raw, environ={})
    assert "hunter2pw" not in repr(settings)


def test_placeholder_secret_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings(example(), environ={"ABSENCE_BOT_TELEGRAM_TOKEN": "changeme"})
    assert caught.value.problems[0].startswith("telegram.token: is a placeholder")


def test_cli_bad_config_exits_2_listing_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "config.toml"
    bad.write_text(EXAMPLE.read_text("utf-8").replace('policy = "afmat"', 'policy = "afmatt"').replace("port = 8080", "port = 0"))
    assert main(["--config", str(bad), "db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: configuration has 2 problem(s)" in err
    assert "schools.1.policy" in err and "server.port" in err


def test_cli_broken_toml_names_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "config.toml"
    bad.write_text("[server]\nport = = 3\n")
    assert main(["--config", str(bad), "db", "upgrade"]) == 2
    assert "line 2" in capsys.readouterr().err


def test_cli_missing_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "nope.toml"), "db", "upgrade"]) == 2
    assert "file not found" in capsys.readouterr().err


def test_configuration_reference_is_current() -> None:
    from store.settings_doc import render

    assert (ROOT / "docs" / "configuration.md").read_text("utf-8") == render(), (
        "run: python -m store.settings_doc > docs/configuration.md"
    )


def test_cli_version_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("absence-bot 0.")
