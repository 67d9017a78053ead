"""Data retention: message texts are purged after a set period; register entries are kept six years.

Purging blanks the text of stored messages (the rows stay, so idempotency
keys and provider ids still stop duplicates) and deletes conversation state.
Register entries and their amendments older than the retention period (at
least six years, counted from the end of the school year they belong to)
are deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlmodel import Session

from store.models import Attachment, AttendanceMark, Conversation, InboundMessage, MarkAmendment, OutboundMessage

PURGED = "[purged]"


@dataclass(frozen=True)
class RetentionResult:
    inbound_purged: int
    outbound_purged: int
    conversations_deleted: int
    marks_deleted: int
    amendments_deleted: int


def school_year_end(day: dt.date) -> dt.date:
    """31 August ending the school year that `day` falls in."""
    return dt.date(day.year if day.month <= 8 else day.year + 1, 8, 31)


def register_cutoff(today: dt.date, years: int) -> dt.date:
    """Marks on or before the returned date are past retention: their school year ended over `years` years ago."""
    year = today.year - years if today > dt.date(today.year, 8, 31) else today.year - years - 1
    return dt.date(year, 8, 31)


def purge(session: Session, *, now: dt.datetime, message_days: int, register_years: int) -> RetentionResult:
    """Apply the retention periods as of `now`; safe to run any number of times."""
    cutoff = now - dt.timedelta(days=message_days)
    inbound = session.execute(
        update(InboundMessage)
        .where(InboundMessage.received_at < cutoff, InboundMessage.text != PURGED, InboundMessage.state.in_(["done", "failed"]))  # type: ignore[attr-defined]
        .values(text=PURGED, payload={})
    ).rowcount
    outbound = session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.created_at < cutoff, OutboundMessage.text != PURGED, OutboundMessage.status.in_(["sent", "failed", "cancelled"]))  # type: ignore[attr-defined]
        .values(text=PURGED, payload={})
    ).rowcount
    conversations = session.execute(delete(Conversation).where(Conversation.updated_at < cutoff)).rowcount
    session.execute(delete(Attachment).where(Attachment.received_at < cutoff))  # type: ignore[arg-type]
    mark_cutoff = register_cutoff(now.date(), register_years)
    old_marks = select(AttendanceMark.id).where(AttendanceMark.date <= mark_cutoff)
    amendments = session.execute(delete(MarkAmendment).where(MarkAmendment.mark_id.in_(old_marks))).rowcount  # type: ignore[attr-defined]
    marks = session.execute(delete(AttendanceMark).where(AttendanceMark.date <= mark_cutoff)).rowcount
    return RetentionResult(inbound, outbound, conversations, marks, amendments)
