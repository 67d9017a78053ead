"""The work behind each `absence-bot` subcommand that is not a long-running service."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table
from sqlalchemy.engine import Engine

from store.bootstrap import open_store
from store.export import export_marks as write_marks
from store.imports import (
    CalendarSummary,
    ImportRejected,
    ProgressFn,
    RegisterSummary,
    RollSummary,
    import_calendar,
    import_register,
    import_roll,
)
from store.settings import Settings


def db_upgrade(settings: Settings) -> int:
    """Create or upgrade the schema, then load schools and staff from the configuration."""
    engine = open_store(settings, migrate=True)
    engine.dispose()
    Console(stderr=True).print(f"database is up to date ({len(settings.schools)} schools, {len(settings.staff)} staff)")
    return 0


# --- import and export (DESIGN §4.2) ---------------------------------------------------------

#: Files from this size up get a progress bar (when stderr is a terminal).
PROGRESS_FROM_BYTES = 256 * 1024


@contextmanager
def _progress_bar(path: Path) -> Iterator[ProgressFn | None]:
    """A rich progress bar for a large import on a terminal; None (no output) otherwise."""
    console = Console(stderr=True)
    if not console.is_terminal or path.stat().st_size < PROGRESS_FROM_BYTES:
        yield None
        return
    with Progress(*Progress.get_default_columns(), console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        yield update


def _summary_table(kind: str, summary: dict[str, Any]) -> Table:
    table = Table(title=f"{kind} import", show_header=False)
    for key, value in summary.items():
        if isinstance(value, list) and not value:
            continue
        shown = "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
        table.add_row(key.replace("_", " "), shown)
    return table


def _roll_headline(summary: RollSummary) -> str:
    return (
        f"{summary.pupils_on_roll} pupils on roll ({summary.pupils_added} added, {summary.pupils_updated} updated, "
        f"{summary.pupils_off_roll} off roll), {summary.contacts_in_file} contacts, "
        f"{summary.unusable_phones} unusable phone numbers, {summary.no_usable_contact} pupils with no usable "
        f"contact, {summary.one_usable_contact} with only one"
    )


def import_file(settings: Settings, *, kind: str, path: Path) -> int:
    """Import a roll, register or calendar CSV; every problem in a rejected file goes to stderr (exit 2)."""
    from bot.cli import BadInput

    importers: dict[str, Callable[..., RollSummary | RegisterSummary | CalendarSummary]] = {
        "roll": import_roll,
        "register": import_register,
        "calendar": import_calendar,
    }
    if not path.is_file():
        raise BadInput(f"{path}: file not found")
    engine = open_store(settings)
    try:
        with _progress_bar(path) as progress:
            summary = importers[kind](engine=engine, path=path, progress=progress)
        queued = queue_import_follow_ups(engine, settings, summary)
    except ImportRejected as exc:
        lines = [*exc.errors, f"{path}: rejected, nothing imported ({len(exc.errors)} problem(s))"]
        raise BadInput("\n".join(lines)) from None
    finally:
        engine.dispose()
    console = Console()
    if queued:
        Console(stderr=True).print(f"{queued} message(s) queued for staff (sent by the running service)")
    console.print(_summary_table(kind, summary.as_dict()))
    if isinstance(summary, RollSummary):
        console.print(_roll_headline(summary))
    return 0


def queue_import_follow_ups(engine: Engine, settings: Settings, summary: object) -> int:
    """After a roll import, the missing-contacts digest; after a register import, "came in after all" notices."""
    from handlers.import_notices import came_in_notices
    from handlers.outbox import queue
    from scheduler.missing_contacts import missing_contacts_digest
    from store.db import immediate_session
    from store.models import utcnow

    now = utcnow()
    with immediate_session(engine) as session:
        messages = []
        if isinstance(summary, RollSummary):
            for school_id in summary.schools:
                occasion = f"import-{now:%Y%m%dT%H%M%S%f}"
                messages += missing_contacts_digest(session, school=settings.school(school_id), now=now, occasion=occasion)
        elif isinstance(summary, RegisterSummary):
            messages += came_in_notices(session, settings=settings, events=summary.came_in_after_all)
        return len(queue(session, messages, now=now))


def export_marks(settings: Settings, *, start: dt.date, end: dt.date, out: str | None) -> int:
    """Write the marks dated start to end as CSV to a file (replaced only when complete) or stdout."""
    from bot.cli import BadInput

    if end < start:
        raise BadInput(f"--to {end} is before --from {start}")
    engine = open_store(settings)
    try:
        if out is None:
            count = _export_to_stdout(engine, start=start, end=end)
            if count is None:
                return 1
        else:
            count = _export_to_file(engine, Path(out), start=start, end=end)
    finally:
        engine.dispose()
    Console(stderr=True).print(f"{count} marks exported ({start} to {end})")
    return 0


def _export_to_stdout(engine: Engine, *, start: dt.date, end: dt.date) -> int | None:
    """Write to stdout; None when the reader went away (e.g. `| head`), without a traceback."""
    try:
        count = write_marks(engine=engine, start=start, end=end, out=sys.stdout)
        sys.stdout.flush()
        return count
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush cannot fail again
        return None


def _export_to_file(engine: Engine, path: Path, *, start: dt.date, end: dt.date) -> int:
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as fh:
            count = write_marks(engine=engine, start=start, end=end, out=fh)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _job_time(at: str | None, tz: dt.tzinfo) -> dt.datetime:
    """--at as an aware instant: no offset means the school's local time; default now."""
    if not at:
        return dt.datetime.now(dt.timezone.utc)
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        from bot.cli import BadInput

        raise BadInput(f"--at: {at!r} is not an ISO date-time like 2026-11-23T09:30") from None
    return when.replace(tzinfo=tz) if when.tzinfo is None else when


def _deliver_queued(settings: Settings, engine: Engine) -> int | None:
    """Send what is due through the same outbox claims the service uses; None when no transport is configured."""
    import asyncio
    import os
    import socket

    from bot.sender import Transports, deliver_pending
    from bot.telegram_sender import TelegramSender
    from bot.twilio_sender import TwilioSender

    if not (settings.twilio.configured or settings.telegram.configured):
        return None
    worker = f"jobs-run:{socket.gethostname()}:{os.getpid()}"

    async def _send() -> int:
        from telegram import Bot

        transports = Transports(sms=TwilioSender(settings) if settings.twilio.configured else None)
        bot = None
        if settings.telegram.token is not None:
            bot = Bot(settings.telegram.token.get_secret_value(), base_url=settings.telegram.base_url)
            await bot.initialize()
            transports.telegram = TelegramSender(bot)
        try:
            return await deliver_pending(engine, settings, transports, worker=worker)
        finally:
            if bot is not None:
                await bot.shutdown()

    return asyncio.run(_send())


def run_job(settings: Settings, *, job: str, school_id: str, at: str | None) -> int:
    """Run one scheduled job for one school as the scheduler would at `at`, then deliver what it queued."""
    from bot.cli import BadInput
    from scheduler.jobs import JOBS, run_job_at

    if job not in JOBS:
        raise BadInput(f"unknown job {job!r} (jobs: {', '.join(JOBS)})")
    try:
        school = settings.school(school_id)
    except KeyError:
        known = ", ".join(s.id for s in settings.schools) or "none configured"
        raise BadInput(f"unknown school {school_id!r} (schools in the configuration: {known})") from None
    now = _job_time(at, school.tz)
    engine = open_store(settings)
    try:
        result = run_job_at(engine, settings, job=job, school_id=school.id, now=now.astimezone(dt.timezone.utc))
        sent = _deliver_queued(settings, engine)
    finally:
        engine.dispose()
    console = Console(stderr=True)
    when = result.local.isoformat(timespec="minutes")
    if not result.ran:
        console.print(f"{job} for {school.id} at {when}: the school is closed that day; nothing to do")
    elif sent is None:
        console.print(f"{job} for {school.id} at {when}: queued {len(result.queued)}; no SMS or Telegram configured to send them")
    else:
        console.print(f"{job} for {school.id} at {when}: queued {len(result.queued)}, sent {sent}")
    return 0
