"""Keeping a staff group under Telegram's per-group limit: queues of cards become digests in time.

Telegram allows about 20 messages a minute in one group. On a busy morning
(300 reports between 07:30 and 09:00) cards queue faster than that. The sender
runs `roll_up_cards` before each claim: when more than `max_queued` cards wait
for one chat, or more wait than the chat has room for this minute, or the
chat is already busy this minute (handlers.staff.pacing), its queued cards,
short notes and earlier unsent digests are cancelled in one conditional
UPDATE and replaced by digest messages listing every one of them (pupil by
first and last name, code, days, and a `/card_<id>` command that posts that
card with its buttons), so nothing is dropped and each report stays
actionable (also via `/pending`). `handlers.staff.pacing` then holds each
group message until its chat has room.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.outbox import Outgoing, queue
from handlers.staff.pacing import NOT_PACED_KINDS, chat_load, is_group
from store.db import immediate_session
from store.models import AbsenceReport, OutboundMessage, Pupil

log = logging.getLogger(__name__)

#: More cards than this waiting for one chat are rolled into a digest (20/minute is Telegram's group limit).
DEFAULT_MAX_QUEUED = 10
#: Telegram's message limit is 4096 characters; stay clear of it.
MESSAGE_LIMIT = 3800
_CONFIRM = re.compile(r"^cf:([1-9][0-9]{0,9})$")
_EDIT_KEY = re.compile(r"^card:([1-9][0-9]{0,9})$")
ROLLED_UP = "rolled up into a digest"
#: Notes up to this length (forwards, updates) are rolled into a digest with the cards.
NOTE_ROLL_CHARS = 700


def split_lines(header: str, lines: Sequence[str], *, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join lines into messages of at most `limit` characters, each starting with `header`."""
    messages: list[str] = []
    current = header
    for line in lines:
        if len(current) + 1 + len(line) > limit and current != header:
            messages.append(current)
            current = header
        current = f"{current}\n{line}"
    if current != header or not messages:
        messages.append(current)
    return messages


def card_report_id(row: OutboundMessage) -> int | None:
    """The report a queued card is for: `payload["report_id"]`, else its Confirm button's `cf:<id>`."""
    payload: dict[str, Any] = row.payload or {}
    if isinstance(payload.get("report_id"), int):
        return int(payload["report_id"])
    for button_row in payload.get("buttons") or []:
        for button in button_row:
            if m := _CONFIRM.fullmatch(str(button.get("data", ""))):
                return int(m.group(1))
    return None


def roll_up_cards(session: Session, *, now: dt.datetime, max_queued: int = DEFAULT_MAX_QUEUED) -> list[Outgoing]:
    """Replace long per-chat queues of cards by digests; queue the digests in this transaction and return them.

    A chat's queued cards, short notes and earlier queued digests are rolled
    into one digest when more than `max_queued` cards wait, when more wait
    than the chat's group limit has room for this minute, or when the chat is
    already busy this minute (handlers.staff.pacing) — before the limit is
    reached, whatever the shape of the burst.
    """
    _supersede_queued_edits(session)
    stmt = (
        select(OutboundMessage)
        .where(OutboundMessage.status == "queued", OutboundMessage.channel == "telegram")
        .order_by(OutboundMessage.id)
    )
    by_chat: dict[str, list[OutboundMessage]] = defaultdict(list)
    for row in session.execute(stmt).scalars():
        if row.kind not in NOT_PACED_KINDS:
            by_chat[row.recipient].append(row)
    digests: list[Outgoing] = []
    for chat, rows in by_chat.items():
        rollable = [r for r in rows if _items(r)]
        fresh = [r for r in rollable if r.kind != "digest"]
        cards = [r for r in fresh if r.kind == "card"]
        if len(rollable) < 2 or not fresh:
            continue
        load = chat_load(session, chat=chat, now=now) if is_group("telegram", chat) else None
        crowded = load is not None and (len(rows) > load.budget or load.busy)
        if len(cards) > max_queued or crowded:
            digests += _roll_up_chat(session, chat, rollable)
    digests += _roll_up_orphan_edits(session)
    queue(session, digests, now=now)
    return digests


def _items(row: OutboundMessage) -> list[dict[str, Any]]:
    """What a queued row contributes to a digest: a report, a short note, or an earlier digest's items."""
    payload: dict[str, Any] = row.payload or {}
    if row.kind == "card":
        rid = card_report_id(row)
        return [{"report": rid}] if rid is not None else []
    if row.kind == "digest":
        return list(payload.get("items") or [])
    if row.kind == "staff_note" and not payload.get("editable") and not payload.get("buttons") and len(row.text) <= NOTE_ROLL_CHARS:
        return [{"note": " — ".join(line for line in row.text.split("\n") if line.strip())}]
    return []


def _supersede_queued_edits(session: Session) -> None:
    """Of several queued edits of one message only the newest matters: cancel the others."""
    rows = session.execute(
        select(OutboundMessage).where(OutboundMessage.kind == "card_edit", OutboundMessage.status == "queued").order_by(OutboundMessage.id)
    ).scalars()
    newest: dict[str, int] = {}
    older: list[int] = []
    for row in rows:
        key = str((row.payload or {}).get("edit_key", ""))
        if key in newest:
            older.append(newest[key])
        newest[key] = row.id or 0
    if older:
        session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id.in_(older), OutboundMessage.status == "queued")  # type: ignore[union-attr]
            .values(status="cancelled", error_code="superseded by a later edit")
        )


def _roll_up_orphan_edits(session: Session) -> list[Outgoing]:
    """Re-renders of cards that were rolled into a digest have no message to edit: list them in a note instead."""
    rolled = select(OutboundMessage.idempotency_key).where(OutboundMessage.kind == "card", OutboundMessage.error_code == ROLLED_UP)
    rows = [
        r for r in session.execute(
            select(OutboundMessage).where(OutboundMessage.kind == "card_edit", OutboundMessage.status == "queued").order_by(OutboundMessage.id)
        ).scalars()
        if _EDIT_KEY.fullmatch(str((r.payload or {}).get("edit_key", "")))
    ]
    keys = set(session.execute(rolled.where(OutboundMessage.idempotency_key.in_([r.payload["edit_key"] for r in rows]))).scalars())  # type: ignore[attr-defined]
    orphans = [r for r in rows if r.payload["edit_key"] in keys]
    if not orphans:
        return []
    session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id.in_([r.id for r in orphans]), OutboundMessage.status == "queued")  # type: ignore[union-attr]
        .values(status="cancelled", error_code="card was rolled up into a digest")
    )
    by_chat: dict[str, list[OutboundMessage]] = defaultdict(list)
    for row in orphans:
        by_chat[row.recipient].append(row)
    notes = []
    for chat, edits in by_chat.items():
        report_ids = list(dict.fromkeys(int(_EDIT_KEY.fullmatch(r.payload["edit_key"]).group(1)) for r in edits))  # type: ignore[union-attr]
        header = "<b>🔄 Updated reports</b> (their cards were in a digest; tap /card_… for the latest)"
        notes += [
            Outgoing(key=f"digest-updates:{chat}:{edits[0].id}-{edits[-1].id}:{i}", channel="telegram", recipient=chat, text=text, kind="digest", school_id=edits[0].school_id, html=True)
            for i, text in enumerate(split_lines(header, digest_lines(session, report_ids)), start=1)
        ]
    return notes


def _roll_up_chat(session: Session, chat: str, rows: list[OutboundMessage]) -> list[Outgoing]:
    cancelled = set(
        session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id.in_([r.id for r in rows]), OutboundMessage.status == "queued")  # type: ignore[union-attr]
            .values(status="cancelled", error_code=ROLLED_UP)
            .returning(OutboundMessage.id)
        ).scalars()
    )
    taken = [r for r in rows if r.id in cancelled]
    if not taken:
        return []
    items = [item for r in taken for item in _items(r)]
    report_ids = [int(i["report"]) for i in items if "report" in i]
    notes = [str(i["note"]) for i in items if "note" in i]
    rendered = dict(zip(report_ids, digest_lines(session, report_ids)))
    lines = [rendered[int(i["report"])] if "report" in i else f"✉️ {i['note']}" for i in items]
    extra = f" and {len(notes)} message(s)" if notes else ""
    header = (
        f"<b>📋 {len(report_ids)} new reports{extra}</b> (rolled up to stay within Telegram's limits)\n"
        "Tap a /card_… command to open that card with its buttons, or send /pending."
    )
    first, last = taken[0].id, taken[-1].id
    log.info("rolled %s queued messages for chat %s into a digest", len(taken), chat)
    return [
        Outgoing(
            key=f"digest:{chat}:{first}-{last}:{i}", channel="telegram", recipient=chat, text=text, kind="digest",
            school_id=taken[0].school_id, html=True, extra={"items": part},
        )
        for i, (text, part) in enumerate(_split_items(header, lines, items), start=1)
    ]


def _split_items(header: str, lines: list[str], items: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Messages of at most MESSAGE_LIMIT characters, each with the items it lists (so it can be rolled again)."""
    parts: list[tuple[str, list[dict[str, Any]]]] = []
    current, taken = header, []
    for line, item in zip(lines, items):
        if len(current) + 1 + len(line) > MESSAGE_LIMIT and taken:
            parts.append((current, taken))
            current, taken = header, []
        current, taken = f"{current}\n{line}", [*taken, item]
    if taken or not parts:
        parts.append((current, taken))
    return parts


def digest_lines(session: Session, report_ids: Iterable[int]) -> list[str]:
    """One line per report: pupil (first and last name, group), proposed code, days, and its /card command."""
    ids = list(report_ids)
    stmt = select(AbsenceReport, Pupil).join(Pupil, Pupil.id == AbsenceReport.pupil_id).where(AbsenceReport.id.in_(ids))  # type: ignore[union-attr]
    found = {report.id: (report, pupil) for report, pupil in session.execute(stmt).all()}
    lines = []
    for rid in ids:
        if rid not in found:
            lines.append(f"• report #{rid} /card_{rid}")
            continue
        report, pupil = found[rid]
        lines.append(report_line(report, pupil))
    return lines


def report_line(report: AbsenceReport, pupil: Pupil) -> str:
    """'• Oliver Smith (3B) — I · Mon 23 Nov · /card_12' (HTML-escaped)."""
    group = pupil.reg_group or pupil.year_group
    code = report.reviewed_code or report.proposed_code or "?"
    day = f"{report.first_day:%a} {report.first_day.day} {report.first_day:%b}"
    if report.last_day and report.last_day != report.first_day:
        day += f" – {report.last_day:%a} {report.last_day.day} {report.last_day:%b}"
    sessions = "" if report.sessions == "ALL" else f" {report.sessions}"
    status = "" if report.status == "pending" else f" ({report.status})"
    name = html.escape(f"{pupil.first_name} {pupil.last_name} ({group})")
    return f"• {name} — <b>{html.escape(code)}</b>{status} · {day}{sessions} · /card_{report.id}"


def roll_up_queued_cards(engine: Engine, *, now: dt.datetime, max_queued: int = DEFAULT_MAX_QUEUED) -> list[Outgoing]:
    """`roll_up_cards` in its own write transaction: what the sender calls before claiming."""
    with immediate_session(engine) as session:
        return roll_up_cards(session, now=now, max_queued=max_queued)
