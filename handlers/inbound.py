"""Inbound messages and provider callbacks: stored first, then each processed exactly once.

`store_inbound` keeps a message keyed by (channel, provider id) before the
webhook is answered; a re-delivery stores nothing. `claim_inbound` hands due
rows (new ones, and claims abandoned by a crashed worker) to one worker;
`process_inbound` runs the flow and queues its outgoing messages in the same
transaction that marks the row done, so effects happen once even though
delivery to us is at-least-once. Telegram linking (/start, shared contact)
and Twilio delivery-status callbacks are handled here too.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session

from handlers.outbox import Outgoing, queue
from handlers.parent_report import ParentMessage, Parser, capped, forward_text, greeting, handle_parent_message, reply_message
from handlers.sms_keywords import apply_keyword, keyword
from handlers.staff.card import staff_note
from store.claims import claim_rows
from store.db import immediate_session, is_sqlite
from store.imports.phones import normalise_phone
from store.models import Contact, InboundMessage, OutboundMessage
from store.roster import contact_for_telegram, contacts_for_phone
from store.settings import SchoolSettings, Settings

log = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=2)
MAX_ATTEMPTS = 3
UNKNOWN_REPLY = (
    "Thank you for your message. We could not match this number to our records, so it has been passed to the "
    "school office. If your child is absent today, please also phone the school."
)
LINK_PROMPT = "To report an absence here, please tap the button below to share your phone number, so we can match you to the school's records."
NOT_MATCHED = "Sorry, we could not match that number to the school's records. Please contact the school office to check the number they hold."
SHARE_OWN = "Please share your own phone number with the button below (not someone else's contact)."
START_LABEL = "Share my phone number"


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
            queue(session, handle_inbound(session, settings, row, now=now, parse=parse), now=now)
            row.state, row.processed_at, row.error = "done", now, None
            session.add(row)
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
    """Dispatch one stored message by channel and kind."""
    if row.channel == "sms":
        return handle_sms(session, settings, row, now=now, parse=parse)
    kind = row.payload.get("kind")
    if kind == "contact":
        return link_telegram(session, settings, row)
    contact = contact_for_telegram(session, user_id=int(row.sender))
    msg = parent_message(row, reply_to=str(row.payload.get("chat_id") or row.sender))
    if kind == "start" or contact is None:
        return offer_link(session, settings, row, msg, contact, now=now)
    school = settings.school(contact.school_id)
    return handle_parent_message(session, msg=msg, contact=contact, school=school, now=now, parse=parse, reply_cap=settings.twilio.max_replies_per_sender_per_day)


def parent_message(row: InboundMessage, *, reply_to: str) -> ParentMessage:
    callback = row.payload.get("data") if row.payload.get("kind") == "callback" else None
    return ParentMessage(inbound_id=row.id or 0, channel=row.channel, reply_to=reply_to, text=row.text or "", received_at=row.received_at, callback=callback)


def handle_sms(session: Session, settings: Settings, row: InboundMessage, *, now: dt.datetime, parse: Parser) -> list[Outgoing]:
    school = settings.school(row.school_id) if row.school_id else settings.school_for_number(row.recipient)
    if school is None:
        log.warning("SMS %s to a number no school uses; nothing done", row.id)
        return []
    contacts = contacts_for_phone(session, phone=row.sender, school_id=school.id)
    msg = parent_message(row, reply_to=row.sender)
    word = keyword(row.text)
    if word is not None:
        text = apply_keyword(word, contacts, school.name)
        for contact in contacts:
            session.add(contact)
        return [reply_message(msg, text, school_id=school.id, contact_id=None)] if text else []
    if not contacts:
        return unknown_sender(session, settings, school, msg, now=now)
    contact = contacts[0]
    row.contact_id = contact.id
    out = handle_parent_message(session, msg=msg, contact=contact, school=school, now=now, parse=parse, reply_cap=settings.twilio.max_replies_per_sender_per_day)
    if contact.sms_opted_out:
        out = [o for o in out if not (o.channel == "sms" and o.recipient == row.sender)]
    return out


def unknown_sender(session: Session, settings: Settings, school: SchoolSettings, msg: ParentMessage, *, now: dt.datetime) -> list[Outgoing]:
    """A generic reply revealing nothing, and the message forwarded to staff (both capped per day)."""
    over, alert = capped(session, school=school, channel=msg.channel, recipient=msg.reply_to, received_at=msg.received_at, now=now, cap=settings.twilio.max_replies_per_sender_per_day, inbound_id=msg.inbound_id)
    if over:
        return alert
    return staff_note(school, f"fwd:{msg.inbound_id}", forward_text(msg, None)) + [reply_message(msg, UNKNOWN_REPLY, school_id=school.id, contact_id=None)]


def offer_link(session: Session, settings: Settings, row: InboundMessage, msg: ParentMessage, contact: Contact | None, *, now: dt.datetime) -> list[Outgoing]:
    """/start, or a message from a Telegram user not yet linked: offer the share-my-number button."""
    if contact is not None:
        text = f"{greeting(contact)} You are linked to the school's absence line. Tell us here if your child is off, e.g. 'Oliver is ill today'."
        return [reply_message(msg, text, school_id=contact.school_id, contact_id=contact.id)]
    out: list[Outgoing] = []
    school = settings.schools[0] if len(settings.schools) == 1 else None
    if row.payload.get("kind") != "start" and school is not None and row.text:
        out += staff_note(school, f"fwd:{row.id}", forward_text(msg, None))
    return out + [reply_message(msg, LINK_PROMPT, school_id=None, contact_id=None, request_contact=START_LABEL)]


def e164(raw: str) -> str | None:
    """A Telegram contact's phone (digits, often without '+') as E.164, or None."""
    digits = raw.strip().replace(" ", "")
    return normalise_phone(digits if digits.startswith(("+", "0")) else "+" + digits).e164


def link_telegram(session: Session, settings: Settings, row: InboundMessage) -> list[Outgoing]:
    """Link a Telegram user to a roll contact, only from their own shared contact."""
    msg = parent_message(row, reply_to=str(row.payload.get("chat_id") or row.sender))
    shared = row.payload.get("contact") or {}
    if str(shared.get("user_id")) != row.sender:
        return [reply_message(msg, SHARE_OWN, school_id=None, contact_id=None, request_contact=START_LABEL)]
    phone = e164(str(shared.get("phone_number") or ""))
    contacts = contacts_for_phone(session, phone=phone) if phone else []
    if not contacts:
        return [reply_message(msg, NOT_MATCHED, school_id=None, contact_id=None)]
    user_id = int(row.sender)
    previous = contact_for_telegram(session, user_id=user_id)
    contact = previous if previous is not None and previous in contacts else contacts[0]
    if previous is not None and previous is not contact:
        previous.telegram_user_id = None
        session.add(previous)
        session.flush()
    contact.telegram_user_id = user_id
    session.add(contact)
    row.contact_id = contact.id
    text = f"{greeting(contact)} Your Telegram is now linked. Tell us here if your child is off, e.g. 'Oliver is ill today'."
    return [reply_message(msg, text, school_id=contact.school_id, contact_id=contact.id)]


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
