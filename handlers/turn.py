"""One parent message being handled: the message, who sent it, and what handling it produces.

`ParentMessage` is the message as plain data; `Turn` carries it with the
resolved `Sender` (handlers.senders) through the conversation modules, which
add records to the session, replies to `replies` and messages to `out`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from handlers.outbox import Button, Outgoing
from handlers.senders import Sender
from store.models import Contact, Pupil
from store.schools import non_school_days
from store.settings import SchoolSettings

Parser = Callable[..., Any]
#: Reasons and messages are kept on marks and cards up to this length.
REASON_CHARS = 500


@dataclass(frozen=True)
class ParentMessage:
    """One message from a parent: `reply_to` is the phone (sms) or chat id (telegram) to answer."""

    inbound_id: int
    channel: str
    reply_to: str
    text: str
    received_at: dt.datetime
    callback: str | None = None
    #: A photo or document sent with the message (Telegram file_id or MMS URL), as the transport stored it.
    attachment: dict[str, Any] | None = None


@dataclass
class Turn:
    """What handling one message produces: records go to the session, messages here."""

    session: Session
    msg: ParentMessage
    sender: Sender
    now: dt.datetime
    parse: Parser
    reply_cap: int
    out: list[Outgoing] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    buttons: tuple[tuple[Button, ...], ...] = ()
    #: The message a report comes from when this turn answers a question about an earlier one.
    source_inbound_id: int | None = None
    #: The message raised a safeguarding cue: its words go to the DSL only.
    sensitive: bool = False
    #: The language replies are written in (`handlers.i18n`): the message's, else the contact's, else English.
    lang: str = "en"

    @property
    def contact(self) -> Contact:
        return self.sender.primary

    @property
    def home(self) -> SchoolSettings:
        return self.sender.home

    @property
    def today(self) -> dt.date:
        return self.msg.received_at.astimezone(self.home.tz).date()

    @property
    def local(self) -> dt.datetime:
        return self.msg.received_at.astimezone(self.home.tz)

    def school_of(self, pupil: Pupil) -> SchoolSettings:
        return self.sender.school_of(pupil)

    def contact_for(self, pupil: Pupil) -> Contact:
        return self.sender.contact_for(pupil)

    def closed(self, school: SchoolSettings, start: dt.date, days: int = 120) -> set[dt.date]:
        return non_school_days(self.session, school_id=school.id, start=start - dt.timedelta(days=7), end=start + dt.timedelta(days=days))

    def say(self, text: str) -> None:
        self.replies.append(text)

    def words(self) -> str | None:
        """The parent's words as a reason to keep on marks (None for a safeguarding cue)."""
        if self.sensitive:
            return None
        flat = " ".join(self.msg.text.split())
        return flat[:REASON_CHARS] or None

    def follow_up(self, kind: str, code: str | None = None) -> dict[str, Any]:
        """A record of this message for a report it was merged into."""
        return {
            "at": self.msg.received_at.isoformat(), "inbound_id": self.msg.inbound_id, "kind": kind,
            "who": self.contact.name or self.contact.mis_id, "text": None if self.sensitive else self.msg.text[:REASON_CHARS],
            "code": code, "sensitive": self.sensitive,
        }
