"""Retention: message texts purged after the configured days; register entries kept six years."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.db import session_scope
from store.marks import amend_mark, create_mark
from store.models import AttendanceMark, InboundMessage, MarkAmendment, Pupil
from store.retention import PURGED, purge, register_cutoff

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("today", "cutoff"),
    [
        (dt.date(2026, 11, 30), dt.date(2020, 8, 31)),
        (dt.date(2026, 8, 31), dt.date(2019, 8, 31)),
        (dt.date(2026, 9, 1), dt.date(2020, 8, 31)),
    ],
)
def test_register_cutoff_counts_whole_school_years(today: dt.date, cutoff: dt.date) -> None:
    assert register_cutoff(today, 6) == cutoff


def test_purge_keeps_register_six_years_and_blanks_old_texts(engine: Engine) -> None:
    now = dt.datetime(2026, 11, 30, 12, tzinfo=UTC)
    with session_scope(engine) as s:
        pupil = Pupil(school_id="oakfield", mis_id="P9", first_name="Ada", last_name="Okoro", year_group="3")
        s.add(pupil)
        s.flush()
        old = create_mark(s, pupil_id=pupil.id, date=dt.date(2020, 7, 1), sess="AM", code="N", source="register")
        amend_mark(s, mark=old, code="I", reason="parent phoned", who="Jo Pemberton", role="office")
        create_mark(s, pupil_id=pupil.id, date=dt.date(2020, 9, 7), sess="AM", code="I", source="parent")
        s.add(InboundMessage(channel="sms", provider_id="SMold", sender="+447700900001", text="ada is sick",
                             state="done", received_at=now - dt.timedelta(days=91)))
        s.add(InboundMessage(channel="sms", provider_id="SMnew", sender="+447700900001", text="ada is sick again",
                             state="done", received_at=now - dt.timedelta(days=89)))
    with session_scope(engine) as s:
        result = purge(s, now=now, message_days=90, register_years=6)
    assert (result.inbound_purged, result.marks_deleted, result.amendments_deleted) == (1, 1, 1)
    with session_scope(engine) as s:
        texts = sorted(m.text for m in s.exec(select(InboundMessage)))
        assert texts == [PURGED, "ada is sick again"]
        assert [m.date for m in s.exec(select(AttendanceMark))] == [dt.date(2020, 9, 7)]
        assert list(s.exec(select(MarkAmendment))) == []
    with session_scope(engine) as s:
        again = purge(s, now=now, message_days=90, register_years=6)
    assert again.inbound_purged == again.marks_deleted == 0
