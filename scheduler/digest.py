"""Digests: one message (split into parts when long) to a staff or safeguarding chat, queued once per key."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import select
from sqlmodel import Session

from handlers.alerts import alert_chat
from handlers.outbox import Outgoing
from store.models import OutboundMessage
from store.settings import SchoolSettings

#: Telegram allows 4096 characters a message; leave room for the part header.
PART_LIMIT = 3800

Audience = Literal["staff", "safeguarding"]


def chat_for(school: SchoolSettings, audience: Audience) -> int | None:
    """The staff chat, or the safeguarding chat (falling back to the staff chat)."""
    return school.staff_chat_id if audience == "staff" else alert_chat(school)


def already_queued(session: Session, key: str) -> bool:
    stmt = select(OutboundMessage.id).where(OutboundMessage.idempotency_key == key)
    return session.execute(stmt).first() is not None


def split_lines(lines: Sequence[str], limit: int = PART_LIMIT) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if parts[-1] and size + len(line) + 1 > limit:
            parts.append([])
            size = 0
        parts[-1].append(line)
        size += len(line) + 1
    return parts


def digest_messages(
    session: Session,
    *,
    school: SchoolSettings,
    audience: Audience,
    key: str,
    title: str,
    lines: Sequence[str],
    extra: dict[str, Any] | None = None,
) -> list[Outgoing]:
    """The digest as Telegram HTML messages keyed `<key>:<part>`; nothing if part 1 was queued before.

    `title` and `lines` are plain text (escaped here). `extra` is kept with part 1.
    """
    chat = chat_for(school, audience)
    if chat is None or already_queued(session, f"{key}:1"):
        return []
    parts = split_lines([html.escape(line) for line in lines])
    out = []
    for n, part in enumerate(parts, start=1):
        head = f"<b>{html.escape(title)}</b>" + (f" (part {n} of {len(parts)})" if len(parts) > 1 else "")
        out.append(
            Outgoing(
                key=f"{key}:{n}",
                channel="telegram",
                recipient=str(chat),
                text="\n".join([head, *part]),
                kind="digest",
                school_id=school.id,
                html=True,
                extra={**(extra or {}), "chat_key": audience} if n == 1 else {"chat_key": audience},
            )
        )
    return out
