"""Who sent an inbound message, resolved once at the edge into one plain value (DESIGN §4.7).

`resolve_sender` looks at the channel and the number or Telegram user and
finds: the schools the message may belong to (those sharing the SMS number,
or every school for the Telegram bot), the matching contact rows across those
schools, and the family's on-roll pupils, each with the contact row that links
them. Everything after this works from the `Sender` value: a shared-number
trust is a change here and nowhere else. Stale Telegram links (the school has
given the contact to someone else) are dropped here and listed for staff.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlmodel import Session

from store.models import Contact, InboundMessage, Pupil
from handlers.outbox import Outgoing
from handlers.staff.notes import stale_link_notes
from store.roster import contacts_for_phone, contacts_for_telegram, family_pupils, link_is_stale, stale_links, unlink_telegram
from store.settings import SchoolSettings, Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sender:
    """One sender as the conversation sees them: where they may belong, who they are, whose parent."""

    channel: str
    address: str
    reply_to: str
    schools: tuple[SchoolSettings, ...]
    contacts: tuple[Contact, ...] = ()
    family: tuple[tuple[Pupil, Contact], ...] = ()
    dropped_links: tuple[Contact, ...] = ()
    by_id: Mapping[str, SchoolSettings] = field(default_factory=dict)

    @property
    def matched(self) -> bool:
        return bool(self.contacts)

    @property
    def primary(self) -> Contact:
        """The contact row the conversation is kept under (the family's lowest id)."""
        return self.contacts[0]

    @property
    def pupils(self) -> list[Pupil]:
        return [pupil for pupil, _ in self.family]

    @property
    def home(self) -> SchoolSettings:
        """The school replies are counted and dated by: the primary contact's, else the first candidate."""
        if self.contacts:
            return self.by_id[self.contacts[0].school_id]
        return self.schools[0]

    @property
    def family_schools(self) -> list[SchoolSettings]:
        """The schools holding any of the family's contact rows, in contact order."""
        ids = dict.fromkeys(c.school_id for c in self.contacts)
        return [self.by_id[i] for i in ids]

    def school_of(self, pupil: Pupil) -> SchoolSettings:
        return self.by_id[pupil.school_id]

    def contact_for(self, pupil: Pupil) -> Contact:
        """The family's contact row linked to this pupil (reports and cards name it as the sender)."""
        return next(contact for p, contact in self.family if p.id == pupil.id)

    def pupils_at(self, school_id: str) -> list[Pupil]:
        return [p for p in self.pupils if p.school_id == school_id]


def resolve_sender(session: Session, settings: Settings, row: InboundMessage) -> Sender | None:
    """The sender of a stored message; None for an SMS to a number no configured school uses."""
    by_id = {s.id: s for s in settings.schools}
    if row.channel == "sms":
        schools = settings.schools_for_number(row.recipient)
        if not schools and row.school_id in by_id:
            schools = [by_id[str(row.school_id)]]
        if not schools:
            return None
        contacts = contacts_for_phone(session, phone=row.sender, school_ids=[s.id for s in schools])
        return _sender(session, row, row.sender, tuple(schools), contacts, (), by_id)
    linked = [c for c in contacts_for_telegram(session, user_id=int(row.sender)) if c.school_id in by_id]
    stale = [c for c in linked if link_is_stale(c)]
    for contact in stale:
        log.info("dropped the stale Telegram link of contact %s (name and phone changed since linking)", contact.id)
        unlink_telegram(session, contact=contact)
    contacts = [c for c in linked if c not in stale]
    reply_to = str(row.payload.get("chat_id") or row.sender)
    return _sender(session, row, reply_to, tuple(settings.schools), contacts, tuple(stale), by_id)


def _sender(
    session: Session, row: InboundMessage, reply_to: str, schools: tuple[SchoolSettings, ...],
    contacts: list[Contact], dropped: tuple[Contact, ...], by_id: dict[str, SchoolSettings],
) -> Sender:
    family = family_pupils(session, contact_ids=[c.id for c in contacts if c.id is not None])
    return Sender(
        channel=row.channel, address=row.sender, reply_to=reply_to, schools=schools,
        contacts=tuple(contacts), family=tuple(family), dropped_links=dropped, by_id=by_id,
    )


def local_day_start(school: SchoolSettings, at: dt.datetime) -> dt.datetime:
    """Midnight of `at`'s day in the school's time zone."""
    local = at.astimezone(school.tz)
    return dt.datetime.combine(local.date(), dt.time(0), tzinfo=school.tz)


def drop_stale_links(session: Session, *, schools: list[SchoolSettings], occasion: str) -> list[Outgoing]:
    """After a roll import: drop the Telegram links of contacts given to another person, and tell each school's staff."""
    out: list[Outgoing] = []
    for school in schools:
        stale = stale_links(session, school_ids=[school.id])
        for contact in stale:
            unlink_telegram(session, contact=contact)
        if stale:
            log.info("dropped %d stale Telegram link(s) at %s", len(stale), school.id)
        out += stale_link_notes(school, stale, occasion=occasion)
    return out
