"""The store: migrations match the models, constraints keep bad states out, SQLite runs WAL + FKs."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, select

from store.bootstrap import SchemaOutOfDate, head_revision, open_store
from store.db import current_revision, make_engine, session_scope, upgrade
from store.models import AttendanceMark, InboundMessage, Pupil
from store.settings import Settings


def _pupil(s, mis: str = "P1") -> Pupil:  # type: ignore[no-untyped-def]
    pupil = Pupil(school_id="oakfield", mis_id=mis, first_name="Ada", last_name="Okoro", year_group="3")
    s.add(pupil)
    s.flush()
    return pupil


def test_migrations_match_models(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == [], "models changed without a migration: regenerate store/migrations"


def test_upgrade_is_idempotent(db_url: str) -> None:
    upgrade(db_url)
    upgrade(db_url)
    engine = make_engine(db_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_one_mark_per_pupil_date_session(engine: Engine) -> None:
    day = dt.date(2026, 11, 23)
    with pytest.raises(IntegrityError):
        with session_scope(engine) as s:
            pupil = _pupil(s)
            s.add(AttendanceMark(pupil_id=pupil.id, date=day, session="AM", code="I", source="parent"))
            s.flush()
            s.add(AttendanceMark(pupil_id=pupil.id, date=day, session="AM", code="N", source="register"))
            s.flush()


def test_bad_session_and_unknown_school_refused(engine: Engine) -> None:
    with pytest.raises(IntegrityError):
        with session_scope(engine) as s:
            pupil = _pupil(s)
            s.add(AttendanceMark(pupil_id=pupil.id, date=dt.date(2026, 11, 23), session="EVE", code="I", source="parent"))
    with pytest.raises(IntegrityError):
        with session_scope(engine) as s:
            s.add(Pupil(school_id="nowhere", mis_id="X", first_name="A", last_name="B", year_group="1"))


def test_provider_ids_unique_per_channel(engine: Engine) -> None:
    with pytest.raises(IntegrityError):
        with session_scope(engine) as s:
            s.add(InboundMessage(channel="sms", provider_id="SM1", sender="+447700900001", text="a"))
            s.flush()
            s.add(InboundMessage(channel="sms", provider_id="SM1", sender="+447700900001", text="a"))


def test_timestamps_round_trip_as_utc(engine: Engine) -> None:
    bst = dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with session_scope(engine) as s:
        s.add(InboundMessage(channel="sms", provider_id="SM2", sender="+447700900001", text="a", received_at=bst))
    with session_scope(engine) as s:
        row = s.exec(select(InboundMessage)).one()
        assert row.received_at == bst and row.received_at.utcoffset() == dt.timedelta(0)


def test_sqlite_runs_wal_with_foreign_keys(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_open_store_refuses_unmigrated_database(sqlite_url: str, settings: Settings) -> None:
    settings = settings.model_copy(update={"database": settings.database.model_copy(update={"url": sqlite_url})})
    with pytest.raises(SchemaOutOfDate, match="absence-bot db upgrade"):
        open_store(settings)
    engine = open_store(settings, migrate=True)
    with session_scope(engine) as s:
        assert {r[0] for r in s.execute(text("select id from school"))} == {"oakfield", "hillcrest", "meadowbank", "riverside"}
    engine.dispose()
