"""`absence-bot jobs run`: one scheduled job as the scheduler would run it, then delivery of what it queued."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from sqlalchemy.engine import Engine

from bot.errors import BadInput
from store.bootstrap import open_store
from store.settings import Settings


def _job_time(at: str | None, tz: dt.tzinfo) -> dt.datetime:
    """--at as an aware instant: no offset means the school's local time; default now."""
    if not at:
        return dt.datetime.now(dt.timezone.utc)
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
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
