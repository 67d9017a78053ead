"""A dialogue harness: messages go through the real store, claim and flow; replies read back from the outbox."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from handlers.inbound import claim_inbound, process_inbound, store_inbound
from handlers.parent_report import default_parser
from store.db import session_scope
from store.models import Contact, OutboundMessage, Pupil, PupilContact
from store.settings import Settings

LONDON = dt.timezone.utc  # November: London is on GMT
MONDAY_0745 = dt.datetime(2026, 11, 23, 7, 45, tzinfo=LONDON)
SCHOOL_NUMBER = "+447700900100"
SARAH_PHONE, DAN_PHONE, STRANGER = "+447700900001", "+447700900002", "+447700900999"
SARAH_TG, DAN_TG = 5001, 5002


def seed_families(engine: Engine) -> dict[str, int]:
    """Sarah Smith (Oliver 3B, Amelia 5C) and Dan Jones (Noah 4A) at Oakfield."""
    with session_scope(engine) as s:
        oliver = Pupil(school_id="oakfield", mis_id="P1", first_name="Oliver", last_name="Smith", year_group="3", reg_group="3B")
        amelia = Pupil(school_id="oakfield", mis_id="P2", first_name="Amelia", last_name="Smith", year_group="5", reg_group="5C")
        noah = Pupil(school_id="oakfield", mis_id="P3", first_name="Noah", last_name="Jones", year_group="4", reg_group="4A")
        sarah = Contact(school_id="oakfield", mis_id="C1", name="Sarah Smith", relationship="mother", phone=SARAH_PHONE, telegram_user_id=SARAH_TG)
        dan = Contact(school_id="oakfield", mis_id="C2", name="Dan Jones", relationship="father", phone=DAN_PHONE, telegram_user_id=DAN_TG)
        s.add_all([oliver, amelia, noah, sarah, dan])
        s.flush()
        s.add_all([
            PupilContact(pupil_id=oliver.id, contact_id=sarah.id, priority=1),
            PupilContact(pupil_id=amelia.id, contact_id=sarah.id, priority=1),
            PupilContact(pupil_id=noah.id, contact_id=dan.id, priority=1),
        ])
        return {"oliver": oliver.id, "amelia": amelia.id, "noah": noah.id, "sarah": sarah.id, "dan": dan.id}


@dataclass
class Dialogue:
    """Send messages as one parent on one channel; read what the bot queued in answer."""

    engine: Engine
    settings: Settings
    channel: str
    phone: str
    telegram_id: int
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    last_inbound: int = 0

    def send(self, text: str = "", at: dt.datetime = MONDAY_0745, *, payload: dict[str, Any] | None = None) -> list[OutboundMessage]:
        """Deliver one message through store → claim → process; return everything it queued."""
        sender = self.phone if self.channel == "sms" else str(self.telegram_id)
        extra = payload or ({"kind": "text", "chat_id": self.telegram_id} if self.channel == "telegram" else {})
        with session_scope(self.engine) as s:
            before = max(s.exec(select(OutboundMessage.id)).all() or [0])
            inbound_id = store_inbound(
                s, channel=self.channel, provider_id=f"{self.channel}-{self.phone}-{next(self.ids)}-{at.isoformat()}",
                sender=sender, recipient=SCHOOL_NUMBER if self.channel == "sms" else None, text=text, payload=extra, received_at=at,
            )
        assert inbound_id is not None
        self.last_inbound = inbound_id
        for claimed in claim_inbound(self.engine, worker="test", now=at):
            assert process_inbound(self.engine, self.settings, inbound_id=claimed, worker="test", now=at, parse=default_parser())
        with session_scope(self.engine) as s:
            rows = s.exec(select(OutboundMessage).where(OutboundMessage.id > before).order_by(OutboundMessage.id)).all()
        return list(rows)

    def reply(self, text: str = "", at: dt.datetime = MONDAY_0745, **kw: Any) -> str:
        """The text of the single reply to this message ('' when none was queued)."""
        replies = [r for r in self.send(text, at, **kw) if r.kind == "reply"]
        assert len(replies) <= 1, [r.text for r in replies]
        if replies:
            expected = "sms" if self.channel == "sms" else "telegram"
            assert replies[0].channel == expected
        return replies[0].text if replies else ""

    def press(self, data: str, at: dt.datetime = MONDAY_0745) -> str:
        return self.reply("", at, payload={"kind": "callback", "data": data, "chat_id": self.telegram_id})


def sms_segments(text: str) -> int:
    """Segments Twilio would bill: GSM-7 (153 per part) unless a character needs UCS-2 (67 per part)."""
    gsm = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    single, multi = (160, 153) if set(text) <= gsm else (70, 67)
    return 1 if len(text) <= single else -(-len(text) // multi)
