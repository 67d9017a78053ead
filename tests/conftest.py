"""Shared fixtures: settings, and a migrated store on SQLite and (when available) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from store.bootstrap import open_store
from store.db import make_engine
from store.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ENV = "ABSENCE_BOT_TEST_POSTGRES_URL"


@pytest.fixture
def settings() -> Settings:
    return load_settings(ROOT / "config.example.toml", environ={})


def _postgres_database() -> Iterator[str]:
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (a server URL; .ci/run starts one)")
    name = f"absence_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin.url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


def migrated_engine(url: str, settings: Settings) -> Engine:
    return open_store(settings, migrate=True, url=url)


@pytest.fixture
def engine(db_url: str, settings: Settings) -> Iterator[Engine]:
    """A migrated store with the example config's schools and staff, on each backend."""
    eng = migrated_engine(db_url, settings)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(sqlite_url: str, settings: Settings) -> Iterator[Engine]:
    """A migrated SQLite store, for tests that need only the embedded default."""
    eng = migrated_engine(sqlite_url, settings)
    yield eng
    eng.dispose()
