"""Claiming rows for one worker: the pattern behind the inbound queue and the outbox.

Pick candidate ids, then flip them to claimed in one conditional UPDATE …
RETURNING inside a write transaction. On PostgreSQL the pick uses
`FOR UPDATE SKIP LOCKED`; SQLAlchemy drops FOR UPDATE on SQLite, so there the
transaction starts with BEGIN IMMEDIATE and the write lock serialises claims.
Either way no two workers ever hold the same row.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from store.db import immediate_session, is_sqlite

Row = TypeVar("Row", bound=SQLModel)


def claim_rows(engine: Engine, model: type[Row], *, where: Any, values: dict[str, Any], limit: int) -> list[Row]:
    """Claim up to `limit` rows of `model` matching `where`, oldest id first, setting `values` on them."""
    pk = model.id  # type: ignore[attr-defined]
    with immediate_session(engine) as session:
        pick = select(pk).where(where).order_by(pk).limit(limit)
        if not is_sqlite(engine):
            pick = pick.with_for_update(skip_locked=True)
        ids = list(session.execute(pick).scalars())
        if not ids:
            return []
        stmt = update(model).where(pk.in_(ids), where).values(**values).returning(model)
        claimed = list(session.execute(stmt).scalars())
        for row in claimed:
            session.expunge(row)
        return sorted(claimed, key=lambda r: r.id)  # type: ignore[attr-defined]
