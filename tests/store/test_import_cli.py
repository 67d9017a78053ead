"""`absence-bot import` and `export marks` end to end: exit codes, messages, files."""

from __future__ import annotations

import csv
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
