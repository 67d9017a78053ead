"""Keeping every Telegram group within its limit: at most `GROUP_LIMIT` messages in any sliding minute.

Telegram allows a bot about 20 messages a minute in one group. The count is
taken from the outbox itself (rows sent to the chat in the last `WINDOW`,
plus rows other senders hold claimed), so it holds across restarts and with
two workers: a claimed row goes out only when the sends before it leave room,
otherwise it is put back (not counted as an attempt) until the window frees.
Two senders holding rows for one chat never both take the last place: a row
counts only the claims with a smaller id than its own.

The first `FREE` messages of a minute go at once; beyond that one at most
every `SPACING`, so a burst gathers in the digest (handlers.staff.digest)
instead of using up the minute on single cards. Edits of posted messages are
not new messages and are not held. The last places of the limit are left for
staff's own commands, which the bot answers directly.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.db import immediate_session
from store.models import OutboundMessage

log = logging.getLogger(__name__)

GROUP_LIMIT = 18
WINDOW = dt.timedelta(seconds=60)
FREE = 10
SPACING = dt.timedelta(seconds=4)
#: A claim older than this is a crashed sender's, recovered by the outbox; it no longer counts as in flight.
IN_FLIGHT = dt.timedelta(minutes=2)
NOT_PACED_KINDS = ("card_edit",)


def is_group(channel: str, recipient: str) -> bool:
    """Telegram groups and supergroups have negative chat ids."""
    return channel == "telegram" and recipient.startswith("-")


@dataclass(frozen=True)
class ChatLoad:
    """What one chat has had in the current window: send times (in-flight claims count as now)."""

    times: tuple[dt.datetime, ...]

    @property
    def count(self) -> int:
        return len(self.times)

    @property
    def budget(self) -> int:
        return max(GROUP_LIMIT - self.count, 0)

    @property
    def busy(self) -> bool:
        return self.count >= FREE

    def next_slot(self, now: dt.datetime) -> dt.datetime | None:
        """None when a message may go now, else the earliest time it may."""
        if self.count >= GROUP_LIMIT:
            oldest = sorted(self.times)[self.count - GROUP_LIMIT]
            return oldest + WINDOW + dt.timedelta(milliseconds=50)
        latest = max(self.times, default=None)
        if self.busy and latest is not None and latest + SPACING > now:
            return latest + SPACING
        return None


def chat_load(session: Session, *, chat: str, now: dt.datetime, before_id: int | None = None) -> ChatLoad:
    """Sends to `chat` in the window, and claims in flight (only those with an id below `before_id`, when given)."""
    claimed = and_(OutboundMessage.status == "claimed", OutboundMessage.claimed_at > now - IN_FLIGHT)  # type: ignore[operator]
    if before_id is not None:
        claimed = and_(claimed, OutboundMessage.id < before_id)  # type: ignore[operator]
    stmt = select(OutboundMessage.status, OutboundMessage.sent_at).where(
        OutboundMessage.recipient == chat,
        OutboundMessage.kind.not_in(NOT_PACED_KINDS),  # type: ignore[attr-defined]
        or_(and_(OutboundMessage.status == "sent", OutboundMessage.sent_at > now - WINDOW), claimed),  # type: ignore[operator]
    )
    times = tuple(now if status == "claimed" or sent_at is None else sent_at for status, sent_at in session.execute(stmt).all())
    return ChatLoad(times)


def hold_for_chat_limit(engine: Engine, row: OutboundMessage, now: dt.datetime) -> bool:
    """Put a claimed group message back until its chat has room; True when it was held (do not send it now)."""
    if not is_group(row.channel, row.recipient) or row.kind in NOT_PACED_KINDS:
        return False
    with immediate_session(engine) as session:
        slot = chat_load(session, chat=row.recipient, now=now, before_id=row.id).next_slot(now)
        if slot is None:
            return False
        session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id == row.id, OutboundMessage.claimed_by == row.claimed_by, OutboundMessage.status == "claimed")
            .values(status="queued", claimed_by=None, claimed_at=None, next_attempt_at=slot, attempts=OutboundMessage.attempts - 1)
        )
    log.debug("outbound %s held until %s for the group limit of chat %s", row.id, slot.isoformat(), row.recipient)
    return True
