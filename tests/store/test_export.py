"""Marks export: the contract's columns and values, and the date range."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.db import session_scope
from store.export import COLUMNS, export_marks
from store.imports import import_roll
from store.marks import amend_mark, create_mark
from store.models import Pupil

SAMPLE = Path(__file__).resolve().parents[2] / "store" / "data" / "sample_roll.csv"
MON, TUE, WED = dt.date(2026, 11, 30), dt.date(2026, 12, 1), dt.date(2026, 12, 2)
AT = dt.datetime(2026, 11, 30, 8, 5, 9, 123456, tzinfo=dt.timezone.utc)
BST = dt.timezone(dt.timedelta(hours=1))


def _ids(engine: Engine, *mis_ids: str) -> list[int]:
    with Session(engine) as s:
        rows = {p.mis_id: p.id for p in s.exec(select(Pupil).where(Pupil.mis_id.in_(mis_ids)))}  # type: ignore[attr-defined]
    return [rows[m] for m in mis_ids if rows[m] is not None]  # type: ignore[misc]


def _fill(engine: Engine) -> None:
    import_roll(engine=engine, path=SAMPLE)
    ollie, amelia, jess = _ids(engine, "OAK0001", "OAK0002", "HC0003")
    with session_scope(engine) as s:
        create_mark(s, pupil_id=ollie, date=MON, sess="AM", code="I", source="parent", reason="sick all night", at=AT)
        pm = create_mark(s, pupil_id=ollie, date=MON, sess="PM", code="I", source="parent", at=AT)
        amend_mark(
            s,
            mark=pm,
            code="M",
            reason="changed by staff from I to M",
            given_reason="dentist",
            who="Jo Pemberton",
            role="office",
            status="confirmed",
            source="staff",
            at=dt.datetime(2026, 11, 30, 14, 0, tzinfo=BST),
        )
        create_mark(s, pupil_id=amelia, date=TUE, sess="AM", code="/", source="register", status="confirmed", at=AT)
        create_mark(s, pupil_id=jess, date=MON, sess="AM", code="N", source="system", at=AT)
        create_mark(s, pupil_id=jess, date=WED, sess="AM", code="/", source="register", at=AT)


def _export(engine: Engine, start: dt.date, end: dt.date) -> tuple[int, list[dict[str, str]], str]:
    out = io.StringIO()
    count = export_marks(engine=engine, start=start, end=end, out=out)
    return count, list(csv.DictReader(io.StringIO(out.getvalue()))), out.getvalue()


def test_export_columns_and_values(engine: Engine) -> None:
    _fill(engine)
    count, rows, text = _export(engine, MON, TUE)
    assert (
        text.splitlines()[0]
        == ",".join(COLUMNS)
        == ("school_id,pupil_id,date,session,code,status,source,reason,updated_by,updated_at")
    )
    assert count == len(rows) == 4
    assert rows == [
        {
            "school_id": "hillcrest",
            "pupil_id": "HC0003",
            "date": "2026-11-30",
            "session": "AM",
            "code": "N",
            "status": "provisional",
            "source": "system",
            "reason": "",
            "updated_by": "system",
            "updated_at": "2026-11-30T08:05:09Z",
        },
        {
            "school_id": "oakfield",
            "pupil_id": "OAK0001",
            "date": "2026-11-30",
            "session": "AM",
            "code": "I",
            "status": "provisional",
            "source": "parent",
            "reason": "sick all night",
            "updated_by": "parent",
            "updated_at": "2026-11-30T08:05:09Z",
        },
        {
            "school_id": "oakfield",
            "pupil_id": "OAK0001",
            "date": "2026-11-30",
            "session": "PM",
            "code": "M",
            "status": "confirmed",
            "source": "staff",
            "reason": "dentist",
            "updated_by": "Jo Pemberton",
            "updated_at": "2026-11-30T13:00:00Z",
        },
        {
            "school_id": "oakfield",
            "pupil_id": "OAK0002",
            "date": "2026-12-01",
            "session": "AM",
            "code": "/",
            "status": "confirmed",
            "source": "register",
            "reason": "",
            "updated_by": "register",
            "updated_at": "2026-11-30T08:05:09Z",
        },
    ]


def test_export_date_range_is_inclusive(engine: Engine) -> None:
    _fill(engine)
    assert _export(engine, WED, WED)[0] == 1
    assert _export(engine, TUE, WED)[0] == 2
    assert _export(engine, dt.date(2026, 12, 3), dt.date(2026, 12, 31))[1] == []


def test_cells_a_spreadsheet_would_run_as_formulas_are_made_inert(engine: Engine) -> None:
    import_roll(engine=engine, path=SAMPLE)
    (ollie,) = _ids(engine, "OAK0001")
    with session_scope(engine) as s:
        pm = create_mark(s, pupil_id=ollie, date=MON, sess="PM", code="I", source="parent", reason="=HYPERLINK(\"http://x.invalid\",\"ok\")", at=AT)
        amend_mark(s, mark=pm, code="C", reason="staff", given_reason="=cmd|' /C calc'!A0", who="+Jo", role="office", status="confirmed", source="staff", at=AT)
        create_mark(s, pupil_id=ollie, date=MON, sess="AM", code="I", source="parent", reason="-2+3", at=AT)
        create_mark(s, pupil_id=ollie, date=TUE, sess="AM", code="I", source="parent", reason="\tpadded", at=AT)
        create_mark(s, pupil_id=ollie, date=WED, sess="AM", code="I", source="parent", reason="@SUM(A1)", at=AT)
    _, rows, _ = _export(engine, MON, WED)
    cells = {(r["date"], r["session"]): (r["reason"], r["updated_by"]) for r in rows if r["pupil_id"] == "OAK0001"}
    assert cells[(MON.isoformat(), "PM")] == ("'=cmd|' /C calc'!A0", "'+Jo")
    assert cells[(MON.isoformat(), "AM")][0] == "'-2+3"
    assert cells[(TUE.isoformat(), "AM")][0] == "'\tpadded"
    assert cells[(WED.isoformat(), "AM")][0] == "'@SUM(A1)"
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values() if v)
