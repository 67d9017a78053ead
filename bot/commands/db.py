"""`absence-bot db upgrade`: create or upgrade the schema."""

from __future__ import annotations

from rich.console import Console

from store.bootstrap import open_store
from store.settings import Settings


def db_upgrade(settings: Settings) -> int:
    """Create or upgrade the schema, then load schools and staff from the configuration."""
    engine = open_store(settings, migrate=True)
    engine.dispose()
    Console(stderr=True).print(f"database is up to date ({len(settings.schools)} schools, {len(settings.staff)} staff)")
    return 0
