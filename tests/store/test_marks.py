"""Marks: amend_mark is the only way to change a code, and it always leaves an audit row."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.db import session_scope
from store.marks import AmendmentRequired, amend_mark, amendments_for, create_mark, get_mark
from store.models import AttendanceMark, MarkAmendment, Pupil

DAY = dt.date(2026, 11, 30)
WHEN = dt.datetime(2026, 11, 30, 9, 45, tzinfo=dt.timezone.utc)


@pytest.fixture
def mark_id(engine: Engine) -> int:
    """A provisional parent-reported I for one pupil's morning."""
    with session_scope(engine) as s:
        pupil = Pupil(school_id="oakfield", mis_id="OAK0001", first_name="Oliver", last_name="Bennett", year_group="3")
        s.add(pupil)
        s.flush()
        assert pupil.id is not None
        mark = create_mark(s, pupil_id=pupil.id, date=DAY, sess="AM", code="i", source="parent")
        assert mark.id is not None
        return mark.id


def test_create_mark_normalises_and_defaults(engine: Engine, mark_id: int) -> None:
    with Session(engine) as s:
        mark = s.get(AttendanceMark, mark_id)
        assert mark is not None
        assert (mark.code, mark.status, mark.source, mark.updated_by) == ("I", "provisional", "parent", "parent")
        assert get_mark(s, pupil_id=mark.pupil_id, date=DAY, sess="AM") == mark


def test_amend_mark_writes_the_audit_row(engine: Engine, mark_id: int) -> None:
    with session_scope(engine) as s:
        mark = s.get(AttendanceMark, mark_id)
        assert mark is not None
        amendment = amend_mark(
            s,
            mark=mark,
            code="M",
            reason="dentist, letter seen",
            who="Jo Pemberton",
            role="office",
            status="confirmed",
            source="staff",
            at=WHEN,
        )
        assert amendment is not None
    with Session(engine) as s:
        [audit] = amendments_for(s, mark_id=mark_id)
        stored = s.get(AttendanceMark, mark_id)
    assert (audit.original_code, audit.original_status, audit.amended_code, audit.amended_status) == (
        "I",
        "provisional",
        "M",
        "confirmed",
    )
    assert (audit.reason, audit.amended_at, audit.amended_by, audit.role) == (
        "dentist, letter seen",
        WHEN,
        "Jo Pemberton",
        "office",
    )
    assert stored is not None
    assert (stored.code, stored.status, stored.source, stored.updated_by, stored.updated_at) == (
        "M",
        "confirmed",
        "staff",
        "Jo Pemberton",
        WHEN,
    )


def test_confirming_without_a_code_change_is_audited_too(engine: Engine, mark_id: int) -> None:
    with session_scope(engine) as s:
        mark = s.get(AttendanceMark, mark_id)
        assert mark is not None
        assert amend_mark(s, mark=mark, code="I", reason="confirmed", who="Sam Adeyemi", role="dsl", status="confirmed")
        assert amend_mark(s, mark=mark, code="I", reason="again", who="Sam Adeyemi", role="dsl") is None  # no change
    with Session(engine) as s:
        assert [(a.original_status, a.amended_status) for a in amendments_for(s, mark_id=mark_id)] == [
            ("provisional", "confirmed")
        ]


def test_changing_a_code_outside_amend_mark_raises(engine: Engine, mark_id: int) -> None:
    with session_scope(engine) as s:
        mark = s.get(AttendanceMark, mark_id)
        assert mark is not None
        with pytest.raises(AmendmentRequired):
            mark.code = "O"
        with pytest.raises(AmendmentRequired):
            mark.status = "confirmed"
    with Session(engine) as s:
        stored = s.get(AttendanceMark, mark_id)
        assert stored is not None and (stored.code, stored.status) == ("I", "provisional")
        assert s.exec(select(MarkAmendment)).all() == []


@pytest.mark.parametrize(("reason", "who", "role"), [("", "Jo", "office"), ("x", " ", "office"), ("x", "Jo", "")])
def test_an_amendment_needs_reason_who_and_role(engine: Engine, mark_id: int, reason: str, who: str, role: str) -> None:
    with session_scope(engine) as s:
        mark = s.get(AttendanceMark, mark_id)
        assert mark is not None
        with pytest.raises(ValueError, match="reason"):
            amend_mark(s, mark=mark, code="M", reason=reason, who=who, role=role)


def test_unknown_code_is_refused(engine: Engine, mark_id: int) -> None:
    from store.codes import UnknownCode

    with session_scope(engine) as s:
        mark = s.get(AttendanceMark, mark_id)
        assert mark is not None
        with pytest.raises(UnknownCode):
            amend_mark(s, mark=mark, code="QQ", reason="typo", who="Jo", role="office")
