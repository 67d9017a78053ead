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


def test_shapes_are_checked_with_the_spelling_to_use() -> None:
    raw = example()
    raw["twilio"]["account_sid"] = "AC0123456789abcdef"
    raw["twilio"]["from_number"] = "07700 900700"
    raw["schools"][1]["staff_chat_id"] = 1001000000011
    raw["schools"][2]["sms_number"] = "+44 7700 900300"
    env = {"ABSENCE_BOT_TELEGRAM_TOKEN": "bot123456:ABC", "ABSENCE_BOT_TELEGRAM_WEBHOOK_SECRET": "has spaces in it"}
    with pytest.raises(ConfigError) as caught:
        parse_settings(raw, environ=env)
    problems = caught.value.problems
    assert len(problems) == 6, problems
    text = "\n".join(problems)
    assert "twilio.account_sid: 'AC0123456789abcdef' is not a Twilio account SID" in text
    assert 'twilio.from_number: \'07700 900700\' is not a phone number in E.164 form, like +447700900123 (did you mean "+447700900700"?)' in text
    assert "schools.1.staff_chat_id: 1001000000011 is not a Telegram group id" in text and "-1001000000011" in text
    assert 'schools.2.sms_number: \'+44 7700 900300\' is not a phone number in E.164 form' in text and '"+447700900300"' in text
    assert "telegram.token: is not a Telegram bot token" in text and "bot123456" not in text
    assert "telegram.webhook_secret: must be 1-256 characters" in text and "has spaces" not in text


def test_policy_override_problems_are_named_at_their_key_with_the_likely_spelling() -> None:
    raw = example()
    raw["schools"][0]["policy_overrides"] = {"chase_intervall_minutes": 10, "chase_every_day": "perhaps"}
    raw["telegram"]["mdoe"] = "polling"
    raw["staff"][0]["schools"] = ["oakfeld"]
    with pytest.raises(ConfigError) as caught:
        parse_settings(raw, environ={})
    problems = caught.value.problems
    assert "schools.0.policy_overrides.chase_intervall_minutes: unknown key (did you mean chase_interval_minutes?)" in problems
    assert any(p.startswith("schools.0.policy_overrides.chase_every_day: ") for p in problems)
    assert "telegram.mdoe: unknown key (did you mean mode?)" in problems
    # A problem between entries comes in the same pass as the others.
    assert any(p.startswith("staff.0.schools: unknown school id oakfeld (did you mean oakfield?)") for p in problems)
    assert len(problems) == 4, problems


def test_overrides_still_apply_over_the_preset() -> None:
    raw = example()
    raw["schools"][0]["policy_overrides"] = {"chase_interval_minutes": 45, "report_by": "08:50"}
    school = parse_settings(raw, environ={}).school("oakfield")
    policy = school.resolved_policy()
    assert policy.chase_interval_minutes == 45 and str(policy.report_by) == "08:50:00"
    assert policy.min_contacts == presets()["bedwell"].min_contacts


def test_setups_that_cannot_work_are_named() -> None:
    from store.settings import setup_problems, setup_warnings

    raw = example()
    raw["telegram"]["mode"] = "webhook"
    settings = parse_settings(raw, environ={"ABSENCE_BOT_TELEGRAM_TOKEN": "123:abc", "ABSENCE_BOT_TWILIO_ACCOUNT_SID": "AC" + "1" * 32})
    problems = setup_problems(settings)
    assert any(p.startswith("twilio.auth_token: is required") for p in problems)
    assert any(p.startswith("server.public_url: telegram.mode = \"webhook\"") for p in problems)
    assert any(p.startswith("telegram.webhook_secret: is required in webhook mode") for p in problems)
    raw["telegram"]["mode"] = "polling"
    raw["server"]["public_url"] = "http://absence.example-school.org.uk"
    env = {"ABSENCE_BOT_TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "ABSENCE_BOT_TWILIO_AUTH_TOKEN": "not-hex-token"}
    settings = parse_settings(raw, environ=env)
    assert setup_problems(settings) == []
    warnings = setup_warnings(settings)
    assert any(w.startswith("server.public_url: http://") for w in warnings)
    assert any(w.startswith("twilio.auth_token: does not look like") for w in warnings)
    assert not any("not-hex-token" in w for w in warnings)


def test_twilio_without_public_url_is_refused() -> None:
    from store.settings import setup_problems

    env = {"ABSENCE_BOT_TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "ABSENCE_BOT_TWILIO_AUTH_TOKEN": "f" * 32}
    problems = setup_problems(parse_settings(example(), environ=env))
    assert problems == ["server.public_url: is required with Twilio: webhook signatures are checked against it, so without it every SMS is refused (403)"]
