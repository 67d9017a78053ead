"""`absence-bot db upgrade|backup|restore`: the schema, and consistent copies of the store.

SQLite: the online backup API (safe while the service runs, WAL or not).
PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore`; the
password goes to them in PGPASSWORD, never on a command line. Backups hold
personal data, so they are written with mode 0600, to a `.partial` file
renamed into place only when complete.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from rich.console import Console
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from bot.errors import BadInput, Failed
from store.bootstrap import head_revision, open_store
from store.db import PRIVATE_FILE_MODE, create_private_file, current_revision, make_engine, sqlite_path
from store.settings import Settings


def db_upgrade(settings: Settings) -> int:
    """Create or upgrade the schema, then load schools and staff from the configuration."""
    engine = open_store(settings, migrate=True)
    engine.dispose()
    Console(stderr=True).print(f"database is up to date ({len(settings.schools)} schools, {len(settings.staff)} staff)")
    return 0


def _private_partial(target: Path) -> Path:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE))
    return partial


def db_backup(settings: Settings, target: Path, *, force: bool = False) -> int:
    """Write a consistent copy of the configured store to `target`."""
    if target.exists() and not force:
        raise BadInput(f"{target}: already exists (choose another name, or pass --force to replace it)")
    if not target.parent.is_dir():
        raise BadInput(f"{target.parent}: no such folder")
    source = sqlite_path(settings.database.url)
    partial = _private_partial(target)
    try:
        if source is not None:
            _sqlite_copy(source, partial)
            how = "SQLite online backup"
        else:
            _postgres("pg_dump", settings.database.url, ["--format=custom", "--no-owner", f"--file={partial}"])
            how = "pg_dump, custom format"
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    Console(stderr=True).print(f"backup written to {target} ({how}, {target.stat().st_size:,} bytes)", highlight=False, soft_wrap=True)
    return 0


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BadInput(f"{source}: the database file does not exist (database.url)")
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _postgres(tool: str, url: str, args: list[str]) -> None:
    """Run pg_dump or pg_restore against the database of `url`, the password in the environment."""
    program = shutil.which(tool)
    if program is None:
        raise Failed(f"{tool} not found: install the PostgreSQL client tools (apt-get install postgresql-client)")
    parsed = make_url(url)
    env = dict(os.environ)
    for var, value in (("PGHOST", parsed.host), ("PGPORT", parsed.port), ("PGUSER", parsed.username), ("PGPASSWORD", parsed.password), ("PGDATABASE", parsed.database)):
        if value is not None:
            env[var] = str(value)
    done = subprocess.run([program, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise Failed(f"{tool} failed (exit {done.returncode}): {detail}")


def db_restore(settings: Settings, backup: Path) -> int:
    """Restore a backup into the configured database, which must hold no schema yet."""
    if not backup.is_file():
        raise BadInput(f"{backup}: file not found")
    target = sqlite_path(settings.database.url)
    engine = make_engine(settings.database.url)
    try:
        if inspect(engine).get_table_names():
            raise BadInput("database.url: the database already holds tables; restore into a new, empty database (stop the service first)")
    finally:
        engine.dispose()
    if target is not None:
        create_private_file(target)
        _sqlite_copy(backup, target)
    else:
        _postgres("pg_restore", settings.database.url, ["--no-owner", "--exit-on-error", f"--dbname={make_url(settings.database.url).database}", str(backup)])
    engine = make_engine(settings.database.url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    note = "" if revision == head_revision() else "; run `absence-bot db upgrade` before starting the service"
    Console(stderr=True).print(f"restored {backup} (schema {revision}){note}", highlight=False, soft_wrap=True)
    return 0
