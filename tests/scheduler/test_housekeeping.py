"""Housekeeping jobs: alerts re-raised per school through the job runner; retention runs as a job."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlmodel import select

from handlers.alerts import raise_alert
from handlers.outbox import queue
from scheduler.jobs import run_job_at
from store.db import session_scope
from store.models import InboundMessage, Pupil
from store.settings import Settings

MONDAY_0930 = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc)


def test_alerts_reraise_job_reposts_once_per_interval_for_its_school(engine: Engine, settings: Settings) -> None:
    school = settings.school("oakfield")
    with session_scope(engine) as s:
        pupil = Pupil(school_id="oakfield", mis_id="OAK9", first_name="Nia", last_name="Adebayo", year_group="4", reg_group="4N")
        s.add(pupil)
        s.flush()
        queue(s, raise_alert(s, school=school, pupil=pupil, kind="unaccounted", details="No contact answered.",
                             dedupe_key="unaccounted:test", now=MONDAY_0930), now=MONDAY_0930)
    minutes = school.resolved_policy().alert_reraise_minutes
    later = MONDAY_0930 + dt.timedelta(minutes=minutes)
    assert run_job_at(engine, settings, job="alerts-reraise", school_id="hillcrest", now=later).queued == []
    first = run_job_at(engine, settings, job="alerts-reraise", school_id="oakfield", now=later)
    assert len(first.queued) == 1 and first.queued[0].endswith(":2")
    assert run_job_at(engine, settings, job="alerts-reraise", school_id="oakfield", now=later).queued == []


def test_retention_job_purges_old_message_texts(engine: Engine, settings: Settings) -> None:
    with session_scope(engine) as s:
        s.add(InboundMessage(channel="sms", provider_id="SMold", sender="+447700900001", text="old", state="done",
                             received_at=MONDAY_0930 - dt.timedelta(days=settings.retention.message_days + 1)))
    assert run_job_at(engine, settings, job="retention", school_id="oakfield", now=MONDAY_0930).ran
    with session_scope(engine) as s:
        assert s.exec(select(InboundMessage.text)).one() == "[purged]"
