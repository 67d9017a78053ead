"""Opening the store for a command or the service: engine, schema check, config sync."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from store.db import current_revision, make_engine, session_scope, upgrade
from store.schools import sync_from_settings
from store.settings import Settings


class SchemaOutOfDate(RuntimeError):
    pass


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from store.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def open_store(settings: Settings, *, migrate: bool = False, url: str | None = None) -> Engine:
    """An engine on the configured database (or `url`), schema current and schools/staff synced from config."""
    url = url or settings.database.url
    if migrate:
        upgrade(url)
    engine = make_engine(url)
    revision = current_revision(engine)
    if revision != head_revision():
        engine.dispose()
        raise SchemaOutOfDate(
            f"the database schema is at {revision or 'nothing'}, not {head_revision()}: run `absence-bot db upgrade`"
        )
    with session_scope(engine) as session:
        sync_from_settings(session, settings)
    return engine
