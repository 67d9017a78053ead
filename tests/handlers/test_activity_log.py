"""The activity log: one line per message in and out and per staff decision, with ids and local time, never a phone or a text."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.engine import Engine

from handlers.activity import activity

PHONE = "+447700900123"


def test_an_activity_line_reads_as_key_values_and_carries_fields(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="absence_bot.activity")
    activity("message.in", channel="sms", inbound=7, school="oakfield", received="2026-11-23T07:45:00+00:00", skipped=None)
    [record] = caplog.records
    assert record.getMessage() == "message.in channel=sms inbound=7 school=oakfield received=2026-11-23T07:45:00+00:00"
    assert record.fields == {"event": "message.in", "channel": "sms", "inbound": 7, "school": "oakfield", "received": "2026-11-23T07:45:00+00:00"}  # type: ignore[attr-defined]


def test_processing_a_message_logs_it_once_without_the_sender_or_text(sqlite_engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    import datetime as dt

    from handlers.inbound import claim_inbound, process_inbound, store_inbound
    from handlers.parent_report import default_parser
    from store.db import session_scope
    from store.settings import load_settings
    from tests.conftest import ROOT
    from tests.handlers.parent_dialogue import DAN_PHONE, seed_families

    settings = load_settings(ROOT / "config.example.toml")
    seed_families(sqlite_engine)
    at = dt.datetime(2026, 11, 23, 7, 45, tzinfo=dt.timezone.utc)
    with session_scope(sqlite_engine) as s:
        store_inbound(s, channel="sms", provider_id="SM" + "1" * 32, sender=DAN_PHONE, recipient="+447700900100", text="Noah is ill today", school_id="oakfield", received_at=at)
    caplog.set_level(logging.INFO, logger="absence_bot.activity")
    [inbound_id] = claim_inbound(sqlite_engine, worker="w", now=at)
    assert process_inbound(sqlite_engine, settings, inbound_id=inbound_id, worker="w", now=at, parse=default_parser())
    lines = [r.getMessage() for r in caplog.records if r.name == "absence_bot.activity"]
    assert len(lines) == 1 and lines[0].startswith("message.in channel=sms") and "received=2026-11-23T07:45:00+00:00" in lines[0]
    assert DAN_PHONE not in lines[0] and "ill" not in lines[0]
