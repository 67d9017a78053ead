"""`absence-bot import` and `export marks` end to end: exit codes, messages, files."""

from __future__ import annotations

import csv
import json
import os
import time
from pathlib import Path

import pytest

from bot.cli import main

KNOWN = "hillcrest, meadowbank, oakfield, riverside"
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "store" / "data"


@pytest.fixture
def config(tmp_path: Path) -> str:
    """A copy of config.example.toml on a fresh SQLite file, schema upgraded."""
    text = (ROOT / "config.example.toml").read_text("utf-8")
    db_line = 'url = "sqlite:///absence-bot.db"'
    assert db_line in text
    path = tmp_path / "config.toml"
    path.write_text(text.replace(db_line, f'url = "sqlite:///{tmp_path / "school.db"}"'), "utf-8")
    assert main(["--config", str(path), "db", "upgrade"]) == 0
    return str(path)


def test_import_sample_roll_prints_summary(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", config, "import", "roll", str(DATA / "sample_roll.csv")]) == 0
    out = capsys.readouterr().out
    assert "59 pupils on roll (59 added" in out
    assert "4 unusable" in out and "3 pupils with no usable" in out


def test_bad_roll_exits_2_listing_every_problem(
    config: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "school_id,pupil_id,first_name,last_name,year_group,looked_after\n"
        "oakfield,P1,Ann,Lee,2,perhaps\n"
        "elsewhere,P2,Ben,Cole,,no\n",
        encoding="utf-8",
    )
    assert main(["--config", config, "import", "roll", str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{bad}:2: looked_after: 'perhaps' is not yes or no",
        f"{bad}:3: year_group: a value is required",
        f"{bad}:3: school_id: 'elsewhere' is not a school in the configuration ({KNOWN})",
        f"{bad}: rejected, nothing imported (3 problem(s))",
    ]
    assert main(["--config", config, "import", "roll", str(tmp_path / "missing.csv")]) == 2


def test_register_calendar_and_export(config: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for kind in ("roll", "calendar", "register"):
        assert main(["--config", config, "import", kind, str(DATA / f"sample_{kind}.csv")]) == 0
    capsys.readouterr()
    out = tmp_path / "marks.csv"
    assert main(["--config", config, "export", "marks", "--from", "2026-11-30", "--out", str(out)]) == 0
    assert "57 marks exported" in capsys.readouterr().err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 57 and {r["source"] for r in rows} == {"register"}
    assert main(["--config", config, "export", "marks", "--from", "2026-11-30", "--to", "2026-11-30"]) == 0
    stdout = capsys.readouterr().out
    assert stdout.splitlines()[0] == "school_id,pupil_id,date,session,code,status,source,reason,updated_by,updated_at"
    assert len(stdout.splitlines()) == 58


def test_export_range_backwards_is_bad_input(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", config, "export", "marks", "--from", "2026-12-01", "--to", "2026-11-30"]) == 2
    assert "before" in capsys.readouterr().err


def _outbox(config: str) -> list:
    from sqlmodel import select

    from store.bootstrap import open_store
    from store.db import session_scope
    from store.models import OutboundMessage
    from store.settings import load_settings

    engine = open_store(load_settings(config, environ={}))
    with session_scope(engine) as s:
        rows = list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)))
    engine.dispose()
    return rows


def test_roll_import_queues_missing_contacts_digest_for_each_school(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", config, "import", "roll", str(DATA / "sample_roll.csv")]) == 0
    assert "queued for staff" in capsys.readouterr().err
    digests = [r for r in _outbox(config) if r.kind == "digest"]
    assert {r.school_id for r in digests} == {"oakfield", "hillcrest"}
    assert {r.recipient for r in digests} == {"-1001000000002", "-1001000000012"}


def test_register_present_over_parent_absence_tells_staff(config: str, tmp_path: Path) -> None:
    import datetime as dt

    from store.bootstrap import open_store
    from store.db import session_scope
    from store.marks import create_mark
    from store.roster import pupil_by_mis_id
    from store.settings import load_settings

    assert main(["--config", config, "import", "roll", str(DATA / "sample_roll.csv")]) == 0
    engine = open_store(load_settings(config, environ={}))
    with session_scope(engine) as s:
        ollie = pupil_by_mis_id(s, school_id="oakfield", mis_id="OAK0001")
        create_mark(s, pupil_id=ollie.id, date=dt.date(2026, 11, 30), sess="AM", code="I", source="parent")
    engine.dispose()
    register = tmp_path / "register.csv"
    register.write_text("school_id,pupil_id,date,session,mark\noakfield,OAK0001,2026-11-30,AM,/\n", encoding="utf-8")
    assert main(["--config", config, "import", "register", str(register)]) == 0
    assert main(["--config", config, "import", "register", str(register)]) == 0
    notices = [r for r in _outbox(config) if r.kind == "notice"]
    assert len(notices) == 1
    assert notices[0].recipient == "-1001000000001"
    assert "Oliver Bennett (OAK0001, 3 Kestrels): Mon 30 Nov AM I → /" in notices[0].text


def _pupils_on_roll(config: str) -> int:
    from sqlmodel import select

    from store.bootstrap import open_store
    from store.db import session_scope
    from store.models import Pupil
    from store.settings import load_settings

    engine = open_store(load_settings(config, environ={}))
    with session_scope(engine) as s:
        count = len(list(s.exec(select(Pupil).where(Pupil.school_id == "oakfield", Pupil.on_roll))))
    engine.dispose()
    return count


def _one_pupil_roll(tmp_path: Path) -> Path:
    path = tmp_path / "one.csv"
    lines = [line for line in (DATA / "sample_roll.csv").read_text("utf-8").splitlines() if line.startswith(("school_id", "oakfield,OAK0001,"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_roll_dry_run_and_the_off_roll_safety_stop(config: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "roll", str(DATA / "sample_roll.csv"), "--config", config]) == 0  # --config after the subcommand
    on_roll = _pupils_on_roll(config)
    capsys.readouterr()
    one = _one_pupil_roll(tmp_path)
    assert main(["--config", config, "import", "roll", str(one), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert f"this roll would take {on_roll - 1} of {on_roll} pupils" in err and "leaving: oakfield/OAK0002 Amelia Bennett" in err
    assert err.rstrip().endswith("rejected, nothing imported (1 problem(s))")
    assert main(["--config", config, "import", "roll", str(one)]) == 2
    assert _pupils_on_roll(config) == on_roll
    assert main(["--config", config, "import", "roll", str(one), "--dry-run", "--confirm-off-roll"]) == 0
    out = capsys.readouterr().out
    assert "dry run: nothing was changed" in out and "Amelia Bennett" in out
    assert _pupils_on_roll(config) == on_roll
    assert main(["--config", config, "import", "roll", str(one), "--confirm-off-roll"]) == 0
    assert _pupils_on_roll(config) == 1


def test_export_marks_for_one_school_defaults_to_today(config: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    today = dt.datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    register = tmp_path / "register.csv"
    register.write_text(f"school_id,pupil_id,date,session,mark\noakfield,OAK0001,{today},AM,/\nhillcrest,HC0001,{today},AM,N\n", encoding="utf-8")
    assert main(["--config", config, "import", "roll", str(DATA / "sample_roll.csv")]) == 0
    assert main(["--config", config, "import", "register", str(register)]) == 0
    capsys.readouterr()
    assert main(["export", "marks", "--config", config]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert main(["export", "marks", "--school", "oakfield", "--config", config]) == 0
    captured = capsys.readouterr()
    rows = captured.out.splitlines()[1:]
    assert len(rows) == 1 and rows[0].startswith(f"oakfield,OAK0001,{today},AM,/")
    assert "1 marks exported for oakfield" in captured.err
    assert main(["export", "marks", "--school", "nowhere", "--config", config]) == 2


def test_every_subcommand_has_its_own_help_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["import", "roll"], ["jobs", "run"], ["export", "marks"], ["db", "backup"], ["check"], ["export", "amendments"], ["today"], ["outbox", "retry"], ["config", "example"], ["import", "watch"], ["attendance"]):
        assert main([*argv, "--help"]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"usage: absence-bot {' '.join(argv)}"), out
        assert "example:" in out
    assert main(["jobs", "run", "--help"]) == 0
    out = capsys.readouterr().out
    for job in ("register-close", "chase-escalation", "missing-contacts", "daily-escalation", "weekly-n-list"):
        assert job in out


def test_today_board_in_the_terminal_and_as_json(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    for kind in ("roll", "calendar", "register"):
        assert main(["--config", config, "import", kind, str(DATA / f"sample_{kind}.csv")]) == 0
    capsys.readouterr()
    assert main(["--config", config, "today", "--school", "oakfield", "--date", "2026-11-30", "--format", "json"]) == 0
    board = json.loads(capsys.readouterr().out)
    assert board["school_id"] == "oakfield" and board["date"] == "2026-11-30"
    no_reason = board["sessions"]["AM"]["no_reason"]
    assert sorted(e["pupil_id"] for e in no_reason) == ["OAK0001", "OAK0012"] and {e["code"] for e in no_reason} == {"N"}
    assert "OAK0004" in [e["pupil_id"] for e in board["sessions"]["AM"]["confirmed"]]
    assert main(["--config", config, "today", "--school", "oakfield", "--date", "2026-11-30"]) == 0
    text = capsys.readouterr().out
    assert "Morning (AM)" in text and "Absent without a reason" in text and "OAK0001" in text
    assert main(["--config", config, "today", "--school", "nowhere"]) == 2


def test_watched_folder_imports_register_files_and_sets_bad_ones_aside(config: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", config, "import", "roll", str(DATA / "sample_roll.csv")]) == 0
    drop = tmp_path / "drop"
    drop.mkdir()
    good, bad, fresh = drop / "register-mon.csv", drop / "broken.csv", drop / "still-writing.csv"
    good.write_bytes((DATA / "sample_register.csv").read_bytes())
    bad.write_text("school_id,pupil_id,date,session,mark\noakfield,OAK0001,2026-11-30,XX,N\n", "utf-8")
    fresh.write_bytes(good.read_bytes())
    for path in (good, bad):
        os.utime(path, (time.time() - 60, time.time() - 60))
    capsys.readouterr()
    assert main(["--config", config, "import", "watch", str(drop), "--once"]) == 2
    out = capsys.readouterr().out
    assert "register-mon.csv: imported" in out and "broken.csv: rejected" in out
    assert [p.name.split("-", 1)[1] for p in (drop / "imported").glob("*.csv")] == ["register-mon.csv"]
    [problems] = (drop / "rejected").glob("*.problems.txt")
    assert "session" in problems.read_text("utf-8")
    assert fresh.exists(), "a file still being written is left for the next look"
    assert main(["--config", config, "export", "marks", "--from", "2026-11-30"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 58


def test_attendance_from_possible_sessions_with_unknown_counted_apart(config: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", config, "import", "roll", str(DATA / "sample_roll.csv")]) == 0
    rows = [["oakfield", "OAK0001", "2026-11-30", "AM", "I"], ["oakfield", "OAK0001", "2026-11-30", "PM", "I"],
            ["oakfield", "OAK0001", "2026-12-01", "AM", "/"], ["oakfield", "OAK0001", "2026-12-01", "PM", "\\"],
            ["oakfield", "OAK0002", "2026-11-30", "AM", "/"], ["oakfield", "OAK0002", "2026-11-30", "PM", "Y4"],
            ["oakfield", "OAK0002", "2026-12-01", "AM", "G"]]
    path = tmp_path / "reg.csv"
    path.write_text("school_id,pupil_id,date,session,mark\n" + "\n".join(",".join(r) for r in rows) + "\n", "utf-8")
    assert main(["--config", config, "import", "register", str(path)]) == 0
    capsys.readouterr()
    assert main(["--config", config, "attendance", "--school", "oakfield", "--from", "2026-11-30", "--to", "2026-12-01", "--format", "json"]) == 0
    got = {r["pupil_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert got["OAK0001"] == {"pupil_id": "OAK0001", "possible": 4, "present": 2, "authorised": 2, "unauthorised": 0, "rate": 0.5,
                              "persistent_absence": True, "severe_absence": True, "unknown": 0}
    assert (got["OAK0002"]["possible"], got["OAK0002"]["present"], got["OAK0002"]["unauthorised"], got["OAK0002"]["unknown"]) == (2, 1, 1, 1)
    nobody = next(r for r in got.values() if r["possible"] == 0)
    assert nobody["rate"] is None and nobody["unknown"] == 4 and not nobody["persistent_absence"]
    assert main(["--config", config, "attendance", "--school", "oakfield", "--pupil", "OAK0001", "--from", "2026-11-30", "--to", "2026-12-01", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["pupil_id,possible,present,authorised,unauthorised,rate,persistent_absence,severe_absence,unknown",
                                                    "OAK0001,4,2,2,0,0.5,True,True,0"]
