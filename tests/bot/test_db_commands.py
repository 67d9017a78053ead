"""`absence-bot db backup|restore` on both backends, a fresh database reading back the same marks, and file modes."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import ROOT, _postgres_database

DATA = ROOT / "store" / "data"


def _config(tmp_path: Path, name: str, url: str) -> str:
    text = (ROOT / "config.example.toml").read_text("utf-8").replace('url = "sqlite:///absence-bot.db"', f'url = "{url}"')
    path = tmp_path / f"{name}.toml"
    path.write_text(text, "utf-8")
    return str(path)


@pytest.fixture
def fresh_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database on the same backend, to restore into."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
    else:
        if shutil.which("pg_dump") is None:
            pytest.skip("PostgreSQL backups need pg_dump and pg_restore")
        yield from _postgres_database()


def _export(config: str, out: Path) -> str:
    assert main(["--config", config, "export", "marks", "--from", "2026-11-30", "--out", str(out)]) == 0
    return out.read_text("utf-8")


def test_backup_restored_into_a_fresh_database_reads_the_same(db_url: str, fresh_url: str, tmp_path: Path) -> None:
    live = _config(tmp_path, "live", db_url)
    assert main(["--config", live, "db", "upgrade"]) == 0
    for kind in ("roll", "calendar", "register"):
        assert main(["--config", live, "import", kind, str(DATA / f"sample_{kind}.csv")]) == 0
    before = _export(live, tmp_path / "before.csv")
    assert before.count("\n") == 58
    backup = tmp_path / "backup.db"
    assert main(["db", "backup", str(backup), "--config", live]) == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert main(["--config", live, "db", "backup", str(backup)]) == 2  # never overwritten by accident
    restored = _config(tmp_path, "restored", fresh_url)
    assert main(["--config", restored, "db", "restore", str(backup)]) == 0
    assert _export(restored, tmp_path / "after.csv") == before
    assert main(["--config", restored, "db", "restore", str(backup)]) == 2  # not over a database in use


def test_sqlite_file_is_created_readable_by_its_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "school.db"
    config = _config(tmp_path, "c", f"sqlite:///{db}")
    old = os.umask(0o022)
    try:
        assert main(["--config", config, "db", "upgrade"]) == 0
    finally:
        os.umask(old)
    for path in [db, *tmp_path.glob("school.db-*")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_config_example_is_shipped_in_the_package(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "example"]) == 0
    assert capsys.readouterr().out == (ROOT / "config.example.toml").read_text("utf-8")
