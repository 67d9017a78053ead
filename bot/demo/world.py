"""The demo's world: a temporary store with the sample roll, a simulated clock, and the real flows driven by hand.

`DemoWorld` builds Settings in code (four fictional schools, no credentials),
creates a SQLite store in a temporary directory (Alembic upgrade, schools and
staff synced, sample roll and calendar imported with the real importers) and
plugs recording transports into the real delivery loop. Parents' messages go
through `store_inbound` → `claim_inbound` → `process_inbound` with the real
NLU; staff taps through `handle_card_tap` / `handle_ack_tap`; time moves on by
running each job when the school's scheduler triggers would fire it.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import itertools
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, cast

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.demo.transports import Delivered, RecordingSms, RecordingTelegram
from bot.sender import Transports, deliver_pending
from handlers.import_notices import came_in_notices
from handlers.inbound import claim_inbound, process_inbound, store_inbound
from handlers.outbox import queue
from handlers.parent_report import Parser
from handlers.staff.actions import Tap, TapResult, handle_card_tap
from handlers.staff.alerts import handle_ack_tap
from scheduler.jobs import run_job_at
from scheduler.wiring import CATCH_UP_ORDER, triggers_for
from store.bootstrap import open_store
from store.db import immediate_session, session_scope
from store.imports import import_calendar, import_register, import_roll
from store.models import AttendanceMark, Contact, Pupil
from store.roster import contacts_for_phone, pupils_for_contact
from store.settings import SchoolSettings, Settings, parse_settings

log = logging.getLogger(__name__)

SCHOOL_ID = "oakfield"
#: A Monday in term (the sample register is for this day); London is on GMT, so local time = UTC.
DAY = dt.date(2026, 11, 30)
OFFICE_USER = 100000001
DSL_USER = 100000002
UNKNOWN_PHONE = "+447700900999"
WORKER = "demo"


def demo_config(db_url: str) -> dict[str, Any]:
    """The demo's configuration: the example schools and staff, no tokens (nothing can reach a provider)."""
    schools = [
        ("oakfield", "Oakfield Primary School", "+447700900100", -1001000000001, "bedwell", {"chase_interval_minutes": 30}),
        ("hillcrest", "Hillcrest Academy", "+447700900200", -1001000000011, "afmat", {}),
        ("meadowbank", "Meadowbank Infant School", "+447700900300", -1001000000021, "russell-street", {}),
        ("riverside", "Riverside Special School", "+447700900400", -1001000000031, "charlton-park", {"chase_interval_minutes": 20}),
    ]
    return {
        "database": {"url": db_url},
        "twilio": {"from_number": "+447700900100"},
        "scheduler": {"enabled": False},
        "schools": [
            {"id": i, "name": n, "sms_number": sms, "staff_chat_id": chat, "safeguarding_chat_id": chat - 1, "policy": p, "policy_overrides": o}
            for i, n, sms, chat, p, o in schools
        ],
        "staff": [
            {"telegram_user_id": OFFICE_USER, "name": "Jo Pemberton", "role": "office", "schools": ["oakfield"]},
            {"telegram_user_id": DSL_USER, "name": "Sam Adeyemi", "role": "dsl", "schools": ["oakfield", "hillcrest"]},
            {"telegram_user_id": 100000003, "name": "Alex Novak", "role": "admin", "schools": ["oakfield", "hillcrest", "meadowbank", "riverside"]},
        ],
    }


def demo_settings(db_url: str) -> Settings:
    # An empty environment: ABSENCE_BOT_* variables (real tokens) must never reach the demo.
    return parse_settings(demo_config(db_url), source="demo configuration", environ={})


def demo_school() -> SchoolSettings:
    """The school the demo plays (its settings do not depend on where the store is)."""
    return demo_settings("sqlite://").school(SCHOOL_ID)


@contextmanager
def sample_file(name: str) -> Iterator[Path]:
    """A bundled sample CSV (store/data) as a real path, wherever the package is installed."""
    with resources.as_file(resources.files("store").joinpath("data", name)) as path:
        yield path


@dataclass
class Shown:
    """A Telegram message as the group sees it now, with its buttons numbered for tapping."""

    chat_id: int
    ref: str
    text: str
    buttons: list[list[dict[str, str]]]
    numbers: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class RegisterRow:
    pupil: str
    reg_group: str
    am: str
    pm: str
    status: str
    source: str


class Listener(Protocol):
    """What the world tells the transcript (see `bot.demo.render.Transcript`)."""

    def parent_sent(self, at: dt.datetime, phone: str, who: str, text: str) -> None: ...
    def delivered(self, d: Delivered, who: str, numbers: list[int]) -> None: ...
    def tapped(self, at: dt.datetime, chat_id: int, who: str, label: str, result: TapResult, numbers: list[int]) -> None: ...
    def job_ran(self, at: dt.datetime, job: str, queued: int) -> None: ...
    def narrate(self, at: dt.datetime, text: str) -> None: ...


class DemoWorld:
    """One school morning on a throwaway store; use as a context manager (the store is deleted on exit)."""

    def __init__(self, listener: Listener, *, parse: Parser, start: dt.time = dt.time(7, 25)) -> None:
        self.listener = listener
        self.parse = parse
        self._tmp = Path(tempfile.mkdtemp(prefix="absence-bot-demo-"))
        self.settings = demo_settings(f"sqlite:///{self._tmp / 'demo.db'}")
        self.school: SchoolSettings = self.settings.school(SCHOOL_ID)
        self.now = self.local(start)
        self.engine: Engine = open_store(self.settings, migrate=True)
        self.shown: dict[str, Shown] = {}
        self.buttons: dict[int, tuple[str, int]] = {}
        self._numbers = itertools.count(1)
        self._sids = itertools.count(1)
        self.transports = Transports(
            sms=cast(Any, RecordingSms(self.clock, self._on_delivered)),
            telegram=cast(Any, RecordingTelegram(self.clock, self._on_delivered)),
        )
        self._runner = asyncio.Runner()
        self._load_samples()

    def __enter__(self) -> DemoWorld:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._runner.close()
        self.engine.dispose()
        shutil.rmtree(self._tmp, ignore_errors=True)

    # --- time ------------------------------------------------------------------------------

    def clock(self) -> dt.datetime:
        return self.now

    def local(self, at: dt.time) -> dt.datetime:
        return dt.datetime.combine(DAY, at, tzinfo=self.school.tz).astimezone(dt.timezone.utc)

    def fire_times(self, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, str]]:
        """Every (instant, job) the school's scheduler triggers fire in (start, end], in catch-up order."""
        fired = set()
        for job, trigger in triggers_for(self.school):
            when = trigger.get_next_fire_time(None, start + dt.timedelta(seconds=1))
            while when is not None and when <= end:
                fired.add((when.astimezone(dt.timezone.utc), job))
                when = trigger.get_next_fire_time(when, when + dt.timedelta(seconds=1))
        order = {job: i for i, job in enumerate(CATCH_UP_ORDER)}
        return sorted(fired, key=lambda tj: (tj[0], order[tj[1]]))

    def advance_to(self, at: dt.time) -> None:
        """Move the clock on, running each job when its trigger fires and sending what it queued."""
        target = self.local(at)
        for when, job in self.fire_times(self.now, target):
            self.now = when
            self.run_job(job)
        self.now = max(self.now, target)
        self.deliver()

    def run_job(self, job: str) -> None:
        result = run_job_at(self.engine, self.settings, job=job, school_id=SCHOOL_ID, now=self.now)
        if result.queued:
            self.listener.job_ran(self.now, job, len(result.queued))
            self.deliver()

    # --- the store -------------------------------------------------------------------------

    def _load_samples(self) -> None:
        with sample_file("sample_roll.csv") as roll:
            summary = import_roll(engine=self.engine, path=roll, at=self.now)
        with sample_file("sample_calendar.csv") as calendar:
            import_calendar(engine=self.engine, path=calendar, at=self.now)
        self.listener.narrate(
            self.now,
            f"Temporary store ready: sample roll imported ({summary.pupils_on_roll} pupils, {summary.contacts_in_file} contacts, "
            f"{summary.unusable_phones} unusable phone numbers).",
        )

    def import_register(self, overrides: dict[str, str]) -> None:
        """The teachers' register for the day: the sample register (this school) with `overrides` by MIS id."""
        path = self._tmp / "register.csv"
        with sample_file("sample_register.csv") as sample, sample.open(encoding="utf-8") as src, path.open("w", encoding="utf-8", newline="") as dst:
            reader = csv.DictReader(src)
            writer = csv.DictWriter(dst, fieldnames=list(reader.fieldnames or []))
            writer.writeheader()
            for row in reader:
                if row["school_id"] == SCHOOL_ID and row["date"] == DAY.isoformat():
                    writer.writerow({**row, "mark": overrides.get(row["pupil_id"], row["mark"])})
        summary = import_register(engine=self.engine, path=path, at=self.now)
        with immediate_session(self.engine) as session:
            queue(session, came_in_notices(session, settings=self.settings, events=summary.came_in_after_all), now=self.now)
        n_marks = sum(1 for mark in overrides.values() if mark == "N")
        self.listener.narrate(self.now, f"Register imported from the MIS: {summary.marks_added} marks added, {summary.kept_reported} parent reports kept, {n_marks} pupils marked N.")
        self.deliver()

    def register(self) -> list[RegisterRow]:
        """The day's marks for the school, one row per pupil with a mark."""
        with session_scope(self.engine) as session:
            stmt = (
                select(Pupil, AttendanceMark)
                .join(AttendanceMark, AttendanceMark.pupil_id == Pupil.id)
                .where(Pupil.school_id == SCHOOL_ID, AttendanceMark.date == DAY)
                .order_by(Pupil.reg_group, Pupil.last_name, Pupil.first_name)
            )
            by_pupil: dict[int, tuple[Pupil, dict[str, AttendanceMark]]] = {}
            for pupil, mark in session.execute(stmt).all():
                by_pupil.setdefault(pupil.id or 0, (pupil, {}))[1][mark.session] = mark
        return [register_row(pupil, marks) for pupil, marks in by_pupil.values()]

    def who(self, phone: str) -> str:
        """How the transcript labels a phone: the roll contact and their children, or 'unknown number'."""
        with session_scope(self.engine) as session:
            contacts = contacts_for_phone(session, phone=phone, school_id=SCHOOL_ID)
            if not contacts:
                return "unknown number"
            contact = contacts[0]
            children = ", ".join(p.preferred_name or p.first_name for p in pupils_for_contact(session, contact_id=contact.id or 0))
            return f"{contact.name} ({contact.relationship or 'contact'} of {children})"

    def phones(self) -> list[tuple[str, str]]:
        """(phone, label) of every usable contact of the school, for the interactive picker."""
        with session_scope(self.engine) as session:
            rows = session.execute(
                select(Contact).where(Contact.school_id == SCHOOL_ID, Contact.phone.is_not(None)).order_by(Contact.mis_id)  # type: ignore[union-attr]
            ).scalars()
            phones = [c.phone for c in rows if c.sms_usable and c.phone]
        return [(p, self.who(p)) for p in dict.fromkeys(phones)]

    # --- parents ---------------------------------------------------------------------------

    def parent_sms(self, phone: str, text: str, at: dt.time | None = None) -> None:
        """A parent texts the school's number: stored, processed once with the real NLU, replies sent."""
        if at is not None:
            self.advance_to(at)
        with session_scope(self.engine) as session:
            store_inbound(
                session, channel="sms", provider_id=f"SMdemo{next(self._sids):026x}", sender=phone, recipient=self.school.sms_number,
                text=text, school_id=SCHOOL_ID, payload={}, received_at=self.now,
            )
        self.listener.parent_sent(self.now, phone, self.who(phone), text)
        for inbound_id in claim_inbound(self.engine, worker=WORKER, now=self.now):
            process_inbound(self.engine, self.settings, inbound_id=inbound_id, worker=WORKER, now=self.now, parse=self.parse)
        self.deliver()

    # --- staff -----------------------------------------------------------------------------

    def find_button(self, *, text: str, label: str) -> int | None:
        """The number of the newest shown button whose label contains `label` on a message containing `text`."""
        for shown in reversed(list(self.shown.values())):
            if text in shown.text:
                for number, button in zip(shown.numbers, (b for row in shown.buttons for b in row)):
                    if label in button["label"]:
                        return number
        return None

    def tap(self, number: int) -> bool:
        """A staff member taps button `number`: office staff on cards, the DSL on alerts. False if no such button."""
        found = self.buttons.get(number)
        if found is None:
            return False
        ref, index = found
        shown = self.shown[ref]
        button = [b for row in shown.buttons for b in row][index]
        data = button["data"]
        user = DSL_USER if data.startswith("ack:") else OFFICE_USER
        handler: Callable[..., TapResult] = handle_ack_tap if data.startswith("ack:") else handle_card_tap
        tap = Tap(user_id=user, chat_id=shown.chat_id, data=data, message_id=int(ref.split(":")[1]))
        result = handler(self.engine, self.settings, tap, now=self.now)
        numbers: list[int] = []
        if result.text is not None:
            buttons = [[{"label": b.label, "data": b.data} for b in row] for row in result.buttons]
            numbers = self._show(shown.chat_id, ref, result.text, buttons)
        name = next(s.name for s in self.settings.staff if s.telegram_user_id == user)
        self.listener.tapped(self.now, shown.chat_id, name, button["label"], result, numbers)
        self.deliver()
        return True

    # --- delivery --------------------------------------------------------------------------

    def deliver(self) -> int:
        """Send everything due through the real delivery loop and the recording transports."""
        return self._runner.run(deliver_pending(self.engine, self.settings, self.transports, worker=WORKER, clock=self.clock))

    def _on_delivered(self, d: Delivered) -> None:
        numbers: list[int] = []
        if d.channel == "telegram" and d.message_ref is not None:
            numbers = self._show(int(d.recipient), d.message_ref, d.text, d.buttons)
        who = self.who(d.recipient) if d.channel == "sms" else ""
        self.listener.delivered(d, who, numbers)

    def _show(self, chat_id: int, ref: str, text: str, buttons: Sequence[Sequence[dict[str, str]]]) -> list[int]:
        """Record what a chat shows for a message; its buttons get fresh numbers (old ones stop working)."""
        old = self.shown.get(ref)
        if old is not None:
            for n in old.numbers:
                self.buttons.pop(n, None)
        flat = [b for row in buttons for b in row]
        numbers = [next(self._numbers) for _ in flat]
        for i, n in enumerate(numbers):
            self.buttons[n] = (ref, i)
        self.shown.pop(ref, None)
        self.shown[ref] = Shown(chat_id, ref, text, [list(r) for r in buttons], numbers)
        return numbers


def register_row(pupil: Pupil, marks: dict[str, AttendanceMark]) -> RegisterRow:
    am, pm = marks.get("AM"), marks.get("PM")
    return RegisterRow(
        pupil=pupil.full_name, reg_group=pupil.reg_group or pupil.year_group, am=am.code if am else "", pm=pm.code if pm else "",
        status=per_session(am.status if am else None, pm.status if pm else None),
        source=per_session(am.source if am else None, pm.source if pm else None),
    )


def per_session(am: str | None, pm: str | None) -> str:
    """One value when both sessions agree (or only one is marked), else 'AM x · PM y'."""
    if am is None or pm is None or am == pm:
        return am or pm or ""
    return f"AM {am} · PM {pm}"
