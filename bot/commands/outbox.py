"""`absence-bot outbox list|retry` (DESIGN §4.9): what is waiting or failed, and sending failed messages again.

The list never shows a message's text, and shows a parent's phone number only
by its last three digits: it is for the technician who fixes a chat id or a
credential, not for reading parents' messages.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

from bot.errors import BadInput
from store.bootstrap import open_store
from store.db import session_scope
from store.models import OutboundMessage
from store.outbox import outbox_rows, requeue
from store.settings import Settings


def masked(row: OutboundMessage) -> str:
    if row.channel == "sms" and row.recipient.startswith("+"):
        return "…" + row.recipient[-3:]
    return row.recipient


def as_dict(row: OutboundMessage) -> dict[str, Any]:
    return {
        "id": row.id, "channel": row.channel, "kind": row.kind, "school_id": row.school_id, "recipient": masked(row),
        "status": "queued" if row.status == "claimed" else row.status, "attempts": row.attempts, "error": row.error_code,
        "created_at": row.created_at.isoformat(), "sent_at": row.sent_at.isoformat() if row.sent_at else None,
    }


def list_outbox(settings: Settings, *, status: str | None, as_json: bool) -> int:
    engine = open_store(settings)
    try:
        with session_scope(engine) as session:
            rows = [as_dict(r) for r in outbox_rows(session, status=status)]
    finally:
        engine.dispose()
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    console = Console(highlight=False, soft_wrap=True)
    for r in rows:
        console.print(f"#{r['id']:<6} {r['status']:<9} {r['channel']:<8} {r['kind']:<15} {r['school_id'] or '-':<12} {r['recipient']:<16} "
                      f"attempts {r['attempts']:<3} {r['error'] or ''}", markup=False)
    Console(stderr=True).print(f"{len(rows)} message(s)", highlight=False)
    return 0


def retry_outbox(settings: Settings, *, message_id: int | None, failed: bool) -> int:
    if (message_id is None) == (not failed):
        raise BadInput("outbox retry: give one message ID or --failed")
    engine = open_store(settings)
    try:
        done = requeue(engine, ids=None if failed else [message_id or 0])
    finally:
        engine.dispose()
    if message_id is not None and not done:
        raise BadInput(f"outbox retry: message {message_id} is not a failed message (see `absence-bot outbox list --status failed`)")
    print(f"queued again: {len(done)} message(s)" + (f" ({', '.join(f'#{i}' for i in done)})" if done else "") +
          "; a running service sends them within seconds")
    return 0
