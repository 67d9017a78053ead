"""Casework from outside (DESIGN §4.8): registers imported, jobs run, tasks listed and closed, all through the CLI.

Each command is `python -m bot --config …` in its own process, delivering to
the fake Telegram and Twilio APIs through the real client libraries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.process_harness import cli, write_config
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI

OAK_STAFF, OAK_DSL = -1001000000001, -1001000000002
SCHOOLS = [{"id": "oakfield", "name": "Oakfield Primary School", "staff_chat_id": OAK_STAFF, "safeguarding_chat_id": OAK_DSL, "policy": "bedwell"}]
STAFF = [{"telegram_user_id": 100000001, "name": "Jo Pemberton", "role": "office", "schools": ["oakfield"]}]
ROLL = """school_id,pupil_id,first_name,last_name,year_group,reg_group,contact_id,contact_name,relationship,phone,priority
oakfield,OAK1,Oliver,Smith,3,3B,C1,Sarah Smith,mother,07700 900001,1
oakfield,OAK2,Ada,Quill,3,3B,C2,Nell Quill,mother,07700 900002,1
"""
DAYS = ("2026-11-23", "2026-11-24", "2026-11-25")


@pytest.fixture
def school(tmp_path: Path) -> Iterator[tuple[Path, FakeTwilioAPI, FakeTelegramAPI]]:
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        config = tmp_path / "config.toml"
        write_config(config, db_url=f"sqlite:///{tmp_path / 'absence.db'}", twilio=twilio, telegram=telegram,
                     schools=SCHOOLS, staff=STAFF, from_number="+447700900100")
        roll = tmp_path / "roll.csv"
        roll.write_text(ROLL, "utf-8")
        register = tmp_path / "register.csv"
        rows = ["school_id,pupil_id,date,session,mark"]
        for day in DAYS:
            rows += [f"oakfield,OAK1,{day},AM,N", f"oakfield,OAK1,{day},PM,N", f"oakfield,OAK2,{day},AM,/"]
        register.write_text("\n".join(rows) + "\n", "utf-8")
        for args in (("db", "upgrade"), ("import", "roll", str(roll)), ("import", "register", str(register))):
            done = cli(config, *args)
            assert done.returncode == 0, done.stderr
        yield config, twilio, telegram


def _tasks(config: Path, *extra: str) -> list[dict[str, object]]:
    done = cli(config, "tasks", "list", "--school", "oakfield", "--format", "json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_tasks_are_raised_posted_listed_and_closed(school: tuple[Path, FakeTwilioAPI, FakeTelegramAPI]) -> None:
    config, _, telegram = school
    for day in DAYS[1:]:
        done = cli(config, "jobs", "run", "daily-escalation", "--school", "oakfield", "--at", f"{day}T13:05")
        assert done.returncode == 0, done.stderr
    tasks = _tasks(config)
    assert {(t["kind"], t["pupil_id"], t["owner_role"]) for t in tasks} == {
        ("referral", "OAK1", "dsl"), ("letter", "OAK1", "office"),
    }
    assert all(set(t) == {"id", "school_id", "pupil_id", "kind", "title", "raised_on", "due_on", "owner_role", "status", "done_by", "done_at", "note"} for t in tasks)
    assert all(t["raised_on"] == "2026-11-24" and t["status"] == "open" for t in tasks)
    cards = [p for p in telegram.sent("sendMessage") if "Task #" in str(p.get("text", ""))]
    referral = next(t for t in tasks if t["kind"] == "referral")
    to_dsl = [c for c in cards if c["chat_id"] == OAK_DSL]
    assert to_dsl and all(f"#{referral['id']}" in str(c["text"]) for c in to_dsl), "the referral goes to the DSL chat only"
    assert not any("referral" in str(c["text"]).lower() for c in cards if c["chat_id"] == OAK_STAFF)
    markups = [c["reply_markup"] if isinstance(c["reply_markup"], dict) else json.loads(c["reply_markup"]) for c in cards]  # type: ignore[arg-type]
    labels = {b["text"] for m in markups for row in m["inline_keyboard"] for b in row}
    assert any("Done" in x for x in labels) and any("Not needed" in x for x in labels)

    done = cli(config, "tasks", "done", str(referral["id"]), "--by", "Sam Adeyemi", "--note", "referred to MASH")
    assert done.returncode == 0 and "done by Sam Adeyemi" in done.stdout, done.stderr
    again = cli(config, "tasks", "dismiss", str(referral["id"]), "--by", "Jo Pemberton")
    assert again.returncode == 0 and "already done" in again.stdout
    assert [t["kind"] for t in _tasks(config)] == ["letter"]
    closed = next(t for t in _tasks(config, "--status", "done"))
    assert (closed["done_by"], closed["note"]) == ("Sam Adeyemi (shell)", "referred to MASH")
    letter = next(t for t in tasks if t["kind"] == "letter")
    pdf = config.parent / "letter.pdf"
    written = cli(config, "tasks", "letter", str(letter["id"]), "--out", str(pdf))
    assert written.returncode == 0 and pdf.read_bytes().startswith(b"%PDF"), written.stderr
    assert cli(config, "tasks", "letter", str(referral["id"])).returncode == 2, "a referral has no letter"
    missing = cli(config, "tasks", "done", "999", "--by", "Sam")
    assert missing.returncode == 2 and "no task 999" in missing.stderr


def test_the_afternoon_register_is_chased(school: tuple[Path, FakeTwilioAPI, FakeTelegramAPI], tmp_path: Path) -> None:
    config, twilio, _ = school
    pm = tmp_path / "pm.csv"
    pm.write_text("school_id,pupil_id,date,session,mark\noakfield,OAK2,2026-11-26,AM,/\noakfield,OAK2,2026-11-26,PM,N\n", "utf-8")
    assert cli(config, "import", "register", str(pm)).returncode == 0
    early = cli(config, "jobs", "run", "pm-register-close", "--school", "oakfield", "--at", "2026-11-26T13:00")
    assert early.returncode == 0 and not twilio.messages
    for _ in range(2):
        done = cli(config, "jobs", "run", "pm-register-close", "--school", "oakfield", "--at", "2026-11-26T13:35")
        assert done.returncode == 0, done.stderr
    chasers = [m for m in twilio.messages if m["To"] == "+447700900002"]
    assert len(chasers) == 1 and "this afternoon" in chasers[0]["Body"]


def test_attendance_and_bad_policy_overrides(school: tuple[Path, FakeTwilioAPI, FakeTelegramAPI], tmp_path: Path) -> None:
    config, _, _ = school
    done = cli(config, "attendance", "--school", "oakfield", "--from", DAYS[0], "--to", DAYS[-1], "--format", "json")
    rows = {r["pupil_id"]: r for r in json.loads(done.stdout)}
    assert (rows["OAK1"]["possible"], rows["OAK1"]["present"], rows["OAK1"]["unauthorised"]) == (6, 0, 6)
    assert rows["OAK2"]["unknown"] == 3 and rows["OAK2"]["rate"] == 1.0
    text = config.read_text("utf-8")
    for override, key in (('pm_register_closes = "08:30"', "pm_register_closes"), ("thresholds = [{ below = 120, action = \"x\" }]", "below")):
        bad = tmp_path / "bad.toml"
        bad.write_text(text.replace('policy = "bedwell"', f'policy = "bedwell"\n[schools.policy_overrides]\n{override}'), "utf-8")
        result = cli(bad, "tasks", "list", "--school", "oakfield")
        assert result.returncode == 2 and key in result.stderr, result.stderr
