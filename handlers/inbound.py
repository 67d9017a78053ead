"""Inbound messages and provider callbacks: stored first, then each processed exactly once.

`store_inbound` keeps a message keyed by (channel, provider id) before the
webhook is answered; a re-delivery stores nothing. `claim_inbound` hands due
rows (new ones, and claims abandoned by a crashed worker) to one worker;
`process_inbound` runs the flow and queues its outgoing messages in the same
transaction that marks the row done, so effects happen once even though
delivery to us is at-least-once. `handle_inbound` resolves the sender once
(handlers.senders) and routes the message down one path: an SMS keyword, a
Telegram link, an unknown sender (generic reply, forwarded to every school it
may belong to) or a parent's conversation. Twilio delivery-status callbacks
are handled here too.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers import replies
from handlers.activity import activity, local_time
from handlers.outbox import Outgoing, queue
from handlers.parent_report import Parser, handle_parent_message
from handlers.senders import Sender, resolve_sender
from handlers.sms_keywords import apply_keyword, keyword
from handlers.staff.notes import stale_link_notes, unknown_forwards
from handlers.turn import ParentMessage
from store.claims import claim_rows
from store.db import immediate_session, is_sqlite
from store.imports.phones import normalise_phone
from store.models import Contact, InboundMessage, OutboundMessage
from store.roster import contacts_for_phone, contacts_for_telegram, link_is_stale, unlink_telegram
from store.roster import link_telegram as link_telegram_contact
from store.settings import Settings

log = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=2)
MAX_ATTEMPTS = 3


def store_inbound(session: Session, **values: Any) -> int | None:
    """Store a received message unless its (channel, provider_id) is already stored; return the new id."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = (
        insert(InboundMessage)
        .values(state="received", attempts=0, payload=values.pop("payload", {}), **values)
        .on_conflict_do_nothing(index_elements=["channel", "provider_id"])
        .returning(InboundMessage.id)
    )
    return session.execute(stmt).scalar_one_or_none()


def claim_inbound(engine: Engine, *, worker: str, now: dt.datetime, limit: int = 20, stale_after: dt.timedelta = STALE_AFTER) -> list[int]:
    """Claim new messages and abandoned claims for `worker`, oldest first."""
    cond = or_(
        InboundMessage.state == "received",
        and_(InboundMessage.state == "processing", InboundMessage.claimed_at < now - stale_after),  # type: ignore[operator]
    )
    values = {"state": "processing", "claimed_by": worker, "claimed_at": now, "attempts": InboundMessage.attempts + 1}
    return [row.id for row in claim_rows(engine, InboundMessage, where=cond, values=values, limit=limit) if row.id is not None]


def process_inbound(engine: Engine, settings: Settings, *, inbound_id: int, worker: str, now: dt.datetime, parse: Parser) -> bool:
    """Run the flow for one claimed message; its effects and outgoing messages commit together."""
    try:
        with immediate_session(engine) as session:
            query = select(InboundMessage).where(InboundMessage.id == inbound_id)
            row = session.execute(query if is_sqlite(engine) else query.with_for_update()).scalar_one_or_none()
            if row is None or row.state != "processing" or row.claimed_by != worker:
                return False
            queued = queue(session, handle_inbound(session, settings, row, now=now, parse=parse), now=now)
            row.state, row.processed_at, row.error = "done", now, None
            session.add(row)
            school = next((s for s in settings.schools if s.id == row.school_id), None)
            done = {
                "channel": row.channel, "inbound": row.id, "school": row.school_id,
                "received": local_time(row.received_at, school.tz if school else None), "queued": len(queued),
            }
        activity("message.in", **done)  # once committed
        return True
    except Exception as exc:
        log.exception("inbound message %s failed", inbound_id)
        release_failed(engine, inbound_id=inbound_id, worker=worker, error=f"{type(exc).__name__}: {exc}")
        return False


def release_failed(engine: Engine, *, inbound_id: int, worker: str, error: str) -> None:
    with immediate_session(engine) as session:
        row = session.get(InboundMessage, inbound_id)
        if row is None or row.claimed_by != worker:
            return
        row.state = "failed" if row.attempts >= MAX_ATTEMPTS else "received"
        row.error, row.claimed_by = error[:500], None
        session.add(row)


def handle_inbound(session: Session, settings: Settings, row: InboundMessage, *, now: dt.datetime, parse: Parser) -> list[Outgoing]:
    """Resolve who sent a stored message once, then take it down one path: keyword, link, unknown sender or parent."""
    if row.channel == "telegram" and row.payload.get("kind") == "contact":
        return link_telegram(session, settings, row, now=now)
    sender = resolve_sender(session, settings, row)
    if sender is None:
        log.warning("SMS %s to a number no school uses; nothing done", row.id)
        return []
    out = dropped_link_notes(sender, row)
    msg = parent_message(row, reply_to=sender.reply_to)
    word = keyword(row.text) if row.channel == "sms" else None
    if word is not None:
        return out + keyword_reply(session, sender, msg, word)
    if not sender.matched:
        handler = offer_link if row.channel == "telegram" else unknown_sender
        return out + handler(session, settings, sender, row, msg, now=now)
    row.contact_id = sender.primary.id
    if row.payload.get("kind") == "start":
        return out + [reply(msg, replies.linked_already(sender.primary), sender)]
    out += handle_parent_message(session, msg=msg, sender=sender, now=now, parse=parse, reply_cap=settings.twilio.max_replies_per_sender_per_day)
    if row.channel == "sms" and all(c.sms_opted_out for c in sender.contacts):
        out = [o for o in out if not (o.channel == "sms" and o.recipient == row.sender)]
    return out


def parent_message(row: InboundMessage, *, reply_to: str) -> ParentMessage:
    callback = row.payload.get("data") if row.payload.get("kind") == "callback" else None
    attachment = row.payload.get("attachment") if isinstance(row.payload.get("attachment"), dict) else None
    return ParentMessage(inbound_id=row.id or 0, channel=row.channel, reply_to=reply_to, text=row.text or "", received_at=row.received_at,
                         callback=callback, attachment=attachment)


def reply(msg: ParentMessage, text: str, sender: Sender | None, **kw: Any) -> Outgoing:
    matched = sender is not None and sender.matched
    return replies.reply_message(
        inbound_id=msg.inbound_id, channel=msg.channel, reply_to=msg.reply_to, text=text,
        school_id=sender.home.id if matched and sender else None, contact_id=sender.primary.id if matched and sender else None, **kw,
    )


def dropped_link_notes(sender: Sender, row: InboundMessage) -> list[Outgoing]:
    """Tell each school's staff that a stale Telegram link was dropped."""
    out: list[Outgoing] = []
    for contact in sender.dropped_links:
        out += stale_link_notes(sender.by_id[contact.school_id], [contact], occasion=f"msg{row.id}")
    return out


def keyword_reply(session: Session, sender: Sender, msg: ParentMessage, word: str) -> list[Outgoing]:
    """STOP / START / HELP for every contact row holding the number at the schools sharing it."""
    schools = sender.family_schools or list(sender.schools)
    text = apply_keyword(word, sender.contacts, replies.join_names([s.name for s in schools]))
    for contact in sender.contacts:
        session.add(contact)
    return [reply(msg, text, None)] if text else []


def unknown_sender(session: Session, settings: Settings, sender: Sender, row: InboundMessage, msg: ParentMessage, *, now: dt.datetime) -> list[Outgoing]:
    """A generic reply revealing nothing; the message forwarded to every school sharing the number (both capped)."""
    over, alert = replies.capped(session, school=sender.home, channel=msg.channel, recipient=msg.reply_to, received_at=msg.received_at, now=now, cap=settings.twilio.max_replies_per_sender_per_day, inbound_id=msg.inbound_id)
    if over:
        return alert
    return unknown_forwards(session, schools=list(sender.schools), row=row, now=now) + [reply(msg, replies.UNKNOWN_REPLY, None)]


def offer_link(session: Session, settings: Settings, sender: Sender, row: InboundMessage, msg: ParentMessage, *, now: dt.datetime) -> list[Outgoing]:
    """/start, or a message from a Telegram user not yet linked: offer the share-my-number button (capped like SMS).

    A message with text is forwarded to the staff chat of every school the bot serves.
    """
    over, alert = replies.capped(session, school=sender.home, channel=msg.channel, recipient=msg.reply_to, received_at=msg.received_at, now=now, cap=settings.twilio.max_replies_per_sender_per_day, inbound_id=msg.inbound_id)
    if over:
        return alert
    out: list[Outgoing] = []
    if row.payload.get("kind") not in ("start", "callback") and row.text:
        out += unknown_forwards(session, schools=list(sender.schools), row=row, now=now)
    return out + [reply(msg, replies.LINK_PROMPT, None, request_contact=replies.START_LABEL)]


def e164(raw: str) -> str | None:
    """A Telegram contact's phone (digits, often without '+') as E.164, or None."""
    digits = raw.strip().replace(" ", "")
    return normalise_phone(digits if digits.startswith(("+", "0")) else "+" + digits).e164


def link_telegram(session: Session, settings: Settings, row: InboundMessage, *, now: dt.datetime) -> list[Outgoing]:
    """Link a Telegram user, from their own shared contact, to every contact row holding that phone at any school."""
    msg = parent_message(row, reply_to=str(row.payload.get("chat_id") or row.sender))
    shared = row.payload.get("contact") or {}
    if str(shared.get("user_id")) != row.sender:
        return [reply(msg, replies.SHARE_OWN, None, request_contact=replies.START_LABEL)]
    phone = e164(str(shared.get("phone_number") or ""))
    configured = [s.id for s in settings.schools]
    contacts = contacts_for_phone(session, phone=phone, school_ids=configured) if phone else []
    if not contacts:
        return [reply(msg, replies.NOT_MATCHED, None)]
    user_id = int(row.sender)
    for previous in contacts_for_telegram(session, user_id=user_id):
        if previous not in contacts:
            unlink_telegram(session, contact=previous)
    session.flush()
    for contact in contacts:
        if contact.telegram_user_id != user_id or link_is_stale(contact):
            link_telegram_contact(session, contact=contact, user_id=user_id, at=now)
    row.contact_id = contacts[0].id
    return [replies.reply_message(
        inbound_id=msg.inbound_id, channel=msg.channel, reply_to=msg.reply_to, text=replies.linked_now(contacts[0]),
        school_id=contacts[0].school_id, contact_id=contacts[0].id,
    )]


STATUS_RANK = {"accepted": 0, "queued": 1, "scheduled": 1, "sending": 2, "sent": 3, "delivered": 4, "undelivered": 4, "failed": 4, "read": 5}
UNUSABLE_CODES = frozenset({"30005", "30006"})
RETRY_CODES = frozenset({"30003"})
OPTED_OUT_CODES = frozenset({"21610"})
RETRY_DELAY = dt.timedelta(minutes=30)


def apply_delivery_status(session: Session, *, sid: str, status: str, error_code: str | None, now: dt.datetime) -> list[Outgoing]:
    """Record a Twilio status callback; only ever moves forward. Returns any message to re-send later."""
    row = session.execute(select(OutboundMessage).where(OutboundMessage.provider_id == sid)).scalar_one_or_none()
    if row is None:
        log.info("status callback for an unknown message")
        return []
    current = STATUS_RANK.get(row.delivery_status or "accepted", 0)
    if STATUS_RANK.get(status, -1) <= current:
        return []
    row.delivery_status = status
    if error_code:
        row.error_code = error_code
    session.add(row)
    contact = session.get(Contact, row.contact_id) if row.contact_id else None
    if contact is None and row.school_id:
        found = contacts_for_phone(session, phone=row.recipient, school_id=row.school_id)
        contact = found[0] if found else None
    return delivery_effects(session, row, contact, status, error_code, now)


def delivery_effects(session: Session, row: OutboundMessage, contact: Contact | None, status: str, code: str | None, now: dt.datetime) -> list[Outgoing]:
    if code in OPTED_OUT_CODES and contact is not None:
        contact.sms_opted_out = True
        session.add(contact)
    elif (code in UNUSABLE_CODES or (status == "failed" and code not in RETRY_CODES)) and contact is not None:
        contact.phone_status = "undeliverable"
        contact.phone_status_detail = f"Twilio error {code or status} on {now:%Y-%m-%d}"
        session.add(contact)
    elif code in RETRY_CODES and ":retry" not in row.idempotency_key:
        return [Outgoing(key=f"{row.idempotency_key}:retry", channel="sms", recipient=row.recipient, text=row.text, kind=row.kind, school_id=row.school_id, contact_id=row.contact_id, extra=dict(row.payload))]
    return []


def retry_time(now: dt.datetime) -> dt.datetime:
    return now + RETRY_DELAY
