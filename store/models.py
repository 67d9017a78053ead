"""Tables of the store (DESIGN §3), with the constraints that keep bad states out.

Timestamps are stored as UTC and come back timezone-aware (`UtcDateTime`).
A mark's code changes only through `store.marks.amend_mark`, which writes a
`MarkAmendment`; a guard in `store.marks` refuses any other change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, DateTime, Index, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A datetime stored as naive UTC and returned timezone-aware; naive input is refused."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware datetimes only")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.timezone.utc)


def _ts(nullable: bool = False, **kw: Any) -> Any:
    return Field(sa_type=UtcDateTime, nullable=nullable, **kw)


def _json() -> Any:
    return Field(default_factory=dict, sa_type=JSON, nullable=False)


class School(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    name: str
    timezone: str = "Europe/London"


class Pupil(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("school_id", "mis_id"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: str = Field(foreign_key="school.id", index=True)
    mis_id: str = Field(max_length=64)
    first_name: str
    last_name: str
    preferred_name: str | None = None
    year_group: str
    reg_group: str | None = None
    social_worker: bool = False
    looked_after: bool = False
    on_roll: bool = True
    #: Set by a roll import: the day a pupil left the roll, or joined a roll that already existed (not the first import).
    left_on: dt.date | None = None
    joined_on: dt.date | None = None
    updated_at: dt.datetime = _ts(default_factory=utcnow)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Contact(SQLModel, table=True):
    """A parent or carer. `phone` is E.164 or None (missing or unusable on import)."""

    __table_args__ = (
        UniqueConstraint("school_id", "mis_id"),
        CheckConstraint("phone_status in ('ok','missing','invalid','undeliverable')", name="phone_status_known"),
    )

    id: int | None = Field(default=None, primary_key=True)
    school_id: str = Field(foreign_key="school.id", index=True)
    mis_id: str = Field(max_length=128)
    name: str = ""
    relationship: str | None = None
    phone: str | None = Field(default=None, index=True)
    phone_raw: str | None = None
    phone_status: str = "ok"
    phone_status_detail: str | None = None
    #: The Telegram user linked to this contact row. One Telegram user may be linked at several schools
    #: (one contact row each); the phone and name the link was made with tell a stale link apart.
    telegram_user_id: int | None = Field(default=None, sa_type=BigInteger, index=True)
    telegram_linked_phone: str | None = None
    telegram_linked_name: str | None = None
    telegram_linked_at: dt.datetime | None = _ts(nullable=True, default=None)
    sms_opted_out: bool = False
    #: The language replies, chasers and notices are written in (`handlers.i18n.LANGUAGES`): from the roll's
    #: optional `language` column, or learned from the parent's own messages; None is English.
    language: str | None = None
    parental_responsibility: bool = True
    updated_at: dt.datetime = _ts(default_factory=utcnow)

    @property
    def sms_usable(self) -> bool:
        return self.phone is not None and self.phone_status == "ok" and not self.sms_opted_out


class PupilContact(SQLModel, table=True):
    """Link between a pupil and a contact; lower priority is tried first, None last."""

    pupil_id: int = Field(foreign_key="pupil.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True)
    priority: int | None = None
    active: bool = True


class StaffMember(SQLModel, table=True):
    __table_args__ = (CheckConstraint("role in ('office','dsl','admin')", name="staff_role_known"),)

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_type=BigInteger, unique=True)
    name: str
    role: str
    schools: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)


class InboundMessage(SQLModel, table=True):
    """A message as received, stored before it is acknowledged; processed exactly once."""

    __table_args__ = (
        UniqueConstraint("channel", "provider_id"),
        CheckConstraint("state in ('received','processing','done','failed')", name="inbound_state_known"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str
    provider_id: str
    school_id: str | None = Field(default=None, foreign_key="school.id")
    sender: str
    recipient: str | None = None
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    text: str | None = None
    payload: dict[str, Any] = _json()
    received_at: dt.datetime = _ts(default_factory=utcnow)
    state: str = Field(default="received", index=True)
    attempts: int = 0
    claimed_by: str | None = None
    claimed_at: dt.datetime | None = _ts(nullable=True, default=None)
    processed_at: dt.datetime | None = _ts(nullable=True, default=None)
    error: str | None = None


class OutboundMessage(SQLModel, table=True):
    """A message to send, stored before sending; the idempotency key makes every send happen once."""

    __table_args__ = (
        CheckConstraint(
            "status in ('queued','claimed','sent','failed','cancelled')", name="outbound_status_known"
        ),
        Index("ix_outbound_due", "status", "next_attempt_at"),
        Index("ix_outbound_chat_sent", "recipient", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(unique=True, max_length=255)
    channel: str
    kind: str = "reply"
    school_id: str | None = Field(default=None, foreign_key="school.id")
    recipient: str
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    text: str
    payload: dict[str, Any] = _json()
    status: str = "queued"
    delivery_status: str | None = None
    provider_id: str | None = Field(default=None, unique=True)
    error_code: str | None = None
    attempts: int = 0
    next_attempt_at: dt.datetime = _ts(default_factory=utcnow)
    not_after: dt.datetime | None = _ts(nullable=True, default=None)
    claimed_by: str | None = None
    claimed_at: dt.datetime | None = _ts(nullable=True, default=None)
    created_at: dt.datetime = _ts(default_factory=utcnow)
    sent_at: dt.datetime | None = _ts(nullable=True, default=None)
    #: When a sender first tried it: the provider is asked about messages since then before an uncertain re-send.
    first_attempt_at: dt.datetime | None = _ts(nullable=True, default=None)
    #: The last try may have reached the provider (answer lost, or the sender died mid-send): ask before sending again.
    check_provider: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


class ServiceHeartbeat(SQLModel, table=True):
    """Each running process writes its beat here on every health check: proof that the store takes writes."""

    worker: str = Field(primary_key=True, max_length=255)
    beat_at: dt.datetime = _ts(default_factory=utcnow)


class Conversation(SQLModel, table=True):
    """Where a parent's conversation stands (e.g. waiting for 'which child?'), with an expiry."""

    __table_args__ = (UniqueConstraint("contact_id", "channel"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id")
    channel: str
    state: str = "idle"
    data: dict[str, Any] = _json()
    expires_at: dt.datetime | None = _ts(nullable=True, default=None)
    updated_at: dt.datetime = _ts(default_factory=utcnow)


class AbsenceReport(SQLModel, table=True):
    """One report per pupil, intent and day: repeats and follow-ups are merged into it (`follow_ups`).

    `sensitive` is set when a message about it was a safeguarding cue: its words go to the DSL only.
    """

    __table_args__ = (
        CheckConstraint("status in ('pending','confirmed','changed','cancelled')", name="report_status_known"),
    )

    id: int | None = Field(default=None, primary_key=True)
    school_id: str = Field(foreign_key="school.id", index=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    inbound_id: int | None = Field(default=None, foreign_key="inboundmessage.id")
    intent: str = "absence"
    first_day: dt.date
    last_day: dt.date | None = None
    sessions: str = "ALL"
    reason_text: str | None = None
    proposed_code: str | None = None
    confidence: float = 0.0
    evidence: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    sensitive: bool = False
    follow_ups: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON, nullable=False)
    status: str = "pending"
    created_at: dt.datetime = _ts(default_factory=utcnow)
    reviewed_code: str | None = None
    reviewed_by: str | None = None
    reviewed_role: str | None = None
    reviewed_at: dt.datetime | None = _ts(nullable=True, default=None)
    #: The infectious illness of UKHSA's exclusion table the parent named (`store.exclusions`), and the
    #: earliest day back it gives; an outbreak check counts reports of one illness per class and year.
    illness: str | None = None
    expected_return: dt.date | None = None


class Attachment(SQLModel, table=True):
    """A photo or document a parent sent (Telegram, or MMS by Twilio), kept as the provider's reference.

    `file_ref` is the Telegram file_id or the Twilio media URL: the file itself stays with the
    provider. Shown only to the report's school's staff (`/evidence N`); purged with message texts.
    """

    id: int | None = Field(default=None, primary_key=True)
    school_id: str | None = Field(default=None, foreign_key="school.id", index=True)
    report_id: int | None = Field(default=None, foreign_key="absencereport.id", index=True)
    inbound_id: int = Field(foreign_key="inboundmessage.id")
    kind: str
    file_ref: str
    mime_type: str | None = None
    file_name: str | None = None
    received_at: dt.datetime = _ts(default_factory=utcnow)


class StaffReasonRequest(SQLModel, table=True):
    """A staff member tapped "add a reason": their next message in that chat (or a reply to the card) is it."""

    __table_args__ = (UniqueConstraint("staff_user_id", "chat_id"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: str = Field(foreign_key="school.id")
    report_id: int = Field(foreign_key="absencereport.id")
    staff_user_id: int = Field(sa_type=BigInteger)
    chat_id: int = Field(sa_type=BigInteger)
    card_message_id: int | None = Field(default=None, sa_type=BigInteger)
    created_at: dt.datetime = _ts(default_factory=utcnow)
    expires_at: dt.datetime = _ts()


class AttendanceMark(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("pupil_id", "date", "session"),
        CheckConstraint("session in ('AM','PM')", name="mark_session_known"),
        CheckConstraint("status in ('provisional','confirmed')", name="mark_status_known"),
        CheckConstraint("source in ('parent','staff','register','system')", name="mark_source_known"),
        Index("ix_mark_date_pupil", "date", "pupil_id"),
        #: The escalation rules read one school's marks of some codes over the year: per pupil, by code.
        Index("ix_mark_pupil_code_date", "pupil_id", "code", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = Field(foreign_key="pupil.id")
    date: dt.date
    session: str
    code: str = Field(max_length=4)
    status: str = "provisional"
    source: str
    reason: str | None = None
    report_id: int | None = Field(default=None, foreign_key="absencereport.id")
    updated_by: str | None = None
    updated_at: dt.datetime = _ts(default_factory=utcnow)


class MarkAmendment(SQLModel, table=True):
    """The audit trail of a register entry: original, amended, reason, when, who, role."""

    id: int | None = Field(default=None, primary_key=True)
    mark_id: int = Field(foreign_key="attendancemark.id", index=True)
    original_code: str
    original_status: str
    amended_code: str
    amended_status: str
    reason: str
    amended_at: dt.datetime = _ts(default_factory=utcnow)
    amended_by: str
    role: str


class ChaseAttempt(SQLModel, table=True):
    """One step of the first day protocol for a pupil on a day; unique so sweeps never double-queue."""

    __table_args__ = (UniqueConstraint("pupil_id", "date", "session", "step", name="uq_chaseattempt_pupil_session_step"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: str = Field(foreign_key="school.id", index=True)
    pupil_id: int = Field(foreign_key="pupil.id")
    date: dt.date = Field(index=True)
    #: AM: the register-close chase; PM: the afternoon register's (DESIGN §4.8).
    session: str = Field(default="AM", max_length=2, sa_column_kwargs={"server_default": "AM"})
    step: int
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    channel: str | None = None
    outbound_id: int | None = Field(default=None, foreign_key="outboundmessage.id")
    outcome: str = "queued"
    created_at: dt.datetime = _ts(default_factory=utcnow)
    due_at: dt.datetime | None = _ts(nullable=True, default=None)


class SafeguardingFlag(SQLModel, table=True):
    """An alert for the safeguarding team; `dedupe_key` makes each alert raised once."""

    id: int | None = Field(default=None, primary_key=True)
    school_id: str = Field(foreign_key="school.id", index=True)
    pupil_id: int | None = Field(default=None, foreign_key="pupil.id")
    kind: str
    details: str
    dedupe_key: str = Field(unique=True, max_length=255)
    raised_at: dt.datetime = _ts(default_factory=utcnow)
    last_raised_at: dt.datetime = _ts(default_factory=utcnow)
    raise_count: int = 1
    acknowledged_by: str | None = None
    acknowledged_at: dt.datetime | None = _ts(nullable=True, default=None)


class PolicyTask(SQLModel, table=True):
    """A task the school's attendance policy raises (DESIGN §4.8), with its lifecycle; `dedupe_key` raises each once.

    `status` moves open → done | dismissed ("not needed") once, by a conditional
    UPDATE; `posted_on` is the last school day it was posted, so an overdue task
    comes back once a day.
    """

    __table_args__ = (
        CheckConstraint("channel in ('staff','safeguarding')", name="task_channel_known"),
        CheckConstraint("status in ('open','done','dismissed')", name="task_status_known"),
    )

    id: int | None = Field(default=None, primary_key=True)
    school_id: str = Field(foreign_key="school.id", index=True)
    pupil_id: int | None = Field(default=None, foreign_key="pupil.id", index=True)
    kind: str
    channel: str
    details: str
    dedupe_key: str = Field(unique=True, max_length=255)
    raised_at: dt.datetime = _ts(default_factory=utcnow)
    title: str = Field(default="", sa_column_kwargs={"server_default": ""})
    raised_on: dt.date | None = None
    due_on: dt.date | None = None
    owner_role: str = Field(default="office", sa_column_kwargs={"server_default": "office"})
    status: str = Field(default="open", index=True, sa_column_kwargs={"server_default": "open"})
    posted_on: dt.date | None = None
    done_by: str | None = None
    done_at: dt.datetime | None = _ts(nullable=True, default=None)
    note: str | None = None


class AttendanceBaseline(SQLModel, table=True):
    """A pupil's figures from the MIS attendance summary, as of a date (`import attendance`).

    For a school whose MIS cannot export daily registers: figures over a
    period that includes `as_of` start from this and add only the marks held
    for days after it. One row per pupil; a later import replaces it.
    """

    __table_args__ = (
        UniqueConstraint("pupil_id"),
        CheckConstraint("present + authorised + unauthorised <= possible", name="baseline_adds_up"),
    )

    id: int | None = Field(default=None, primary_key=True)
    school_id: str = Field(foreign_key="school.id", index=True)
    pupil_id: int = Field(foreign_key="pupil.id")
    as_of: dt.date
    possible: int
    present: int
    authorised: int
    unauthorised: int
    imported_at: dt.datetime = _ts(default_factory=utcnow)


class CalendarDay(SQLModel, table=True):
    __table_args__ = (CheckConstraint("kind in ('term','holiday','closure','inset')", name="calendar_kind_known"),)

    school_id: str = Field(foreign_key="school.id", primary_key=True)
    date: dt.date = Field(primary_key=True)
    kind: str


class ImportRun(SQLModel, table=True):
    """What each CSV import did, for staff and the missing-contacts digest."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    file_name: str
    started_at: dt.datetime = _ts(default_factory=utcnow)
    summary: dict[str, Any] = _json()
