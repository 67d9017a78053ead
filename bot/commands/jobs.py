"""`absence-bot jobs run`: one scheduled job as the scheduler would run it, then delivery of what it queued."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from rich.console import Console
from sqlalchemy.engine import Engine

from bot.commands.schools import named_school
from bot.errors import BadInput
from store.bootstrap import open_store
from store.settings import Settings

if TYPE_CHECKING:
    from scheduler.jobs import JobResult


def job_time(at: str | None, tz: dt.tzinfo, now: dt.datetime) -> dt.datetime:
    """--at as an aware instant: HH:MM is today, no offset means the school's local time; default now."""
    if not at:
        return now
    try:
        if re.fullmatch(r"\d{1,2}:\d{2}", at.strip()):
            return dt.datetime.combine(now.astimezone(tz).date(), dt.time.fromisoformat(at.strip().zfill(5)), tzinfo=tz)
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        raise BadInput(f"--at: {at!r} is not a time like 09:30 or an ISO date-time like 2026-11-23T09:30") from None
    return when.replace(tzinfo=tz) if when.tzinfo is None else when


def list_jobs() -> int:
    """Print the job names with what each does."""
    from scheduler.jobs import JOBS

    console = Console()
    for name, job in JOBS.items():
        doc = (job.__doc__ or "").strip().splitlines()
        console.print(f"{name:<20} {doc[0] if doc else ''}", highlight=False, soft_wrap=True)
    return 0


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
    from scheduler.jobs import JOBS, run_job_at
    from store.rehearsal import bring_forward

    if job not in JOBS:
        raise BadInput(f"unknown job {job!r} (jobs: {', '.join(JOBS)})")
    school = named_school(settings, school_id, option="")
    wall = dt.datetime.now(dt.timezone.utc)
    when_utc = job_time(at, school.tz, wall).astimezone(dt.timezone.utc)
    engine = open_store(settings)
    try:
        result = run_job_at(engine, settings, job=job, school_id=school.id, now=when_utc)
        # Earlier than now: deliver before exiting. Later than now: the rows wait for their time.
        bring_forward(engine, keys=result.queued, job_time=when_utc, now=dt.datetime.now(dt.timezone.utc))
        sent = _deliver_queued(settings, engine)
    finally:
        engine.dispose()
    _report(result, school.id, sent=sent, held=when_utc > wall)
    return 0


def _report(result: JobResult, school_id: str, *, sent: int | None, held: bool) -> None:
    console = Console(stderr=True)
    head = f"{result.job} for {school_id} at {result.local.isoformat(timespec='minutes')}"
    if not result.ran:
        console.print(f"{head}: the school is closed that day; nothing to do", highlight=False, soft_wrap=True)
    elif sent is None:
        console.print(f"{head}: queued {len(result.queued)}; no SMS or Telegram configured to send them", highlight=False, soft_wrap=True)
    else:
        note = f" (held until {result.local:%Y-%m-%d %H:%M}; the running service sends them then)" if held and result.queued else ""
        console.print(f"{head}: queued {len(result.queued)}, sent {sent}{note}", highlight=False, soft_wrap=True)
