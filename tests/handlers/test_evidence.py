"""Issue 15 point 2: staff ask for evidence from a card; a parent's photo or document is attached to the report,
shown only to that school's staff (`/evidence N`), and purged with message texts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlmodel import select
from telegram import Bot, Update

from bot.telegram_app import update_record
from handlers.evidence import handle_evidence_tap
from handlers.staff.actions import Tap
from handlers.staff.commands import run_staff_command
from store.db import session_scope
from store.models import AbsenceReport, Attachment, OutboundMessage
from store.retention import purge
from store.settings import Settings
from tests.handlers.parent_dialogue import MONDAY_0745, SARAH_PHONE, SARAH_TG, Dialogue, seed_families

JO_OFFICE, OAKFIELD_STAFF, HILLCREST_STAFF = 100000001, -1001000000001, -1001000000011
PHOTO = {"kind": "photo", "file_ref": "AgACAgQAAx0Cfake", "mime_type": "image/jpeg", "file_name": None}


def _report(engine: Engine) -> AbsenceReport:
    with session_scope(engine) as s:
        return s.exec(select(AbsenceReport)).one()


def test_ask_for_evidence_then_a_photo_is_attached_and_shown_to_staff_only(sqlite_engine: Engine, settings: Settings) -> None:
    seed_families(sqlite_engine)
    parent = Dialogue(sqlite_engine, settings, "telegram", SARAH_PHONE, SARAH_TG)
    out = parent.send("Oliver has the dentist at 10 so he will be in after")
    card = next(o for o in out if o.kind == "card")
    report = _report(sqlite_engine)
    assert f"ae:{report.id}" in [b["data"] for row in card.payload["buttons"] for b in row]

    later = MONDAY_0745 + dt.timedelta(minutes=30)
    result = handle_evidence_tap(sqlite_engine, settings, Tap(user_id=JO_OFFICE, chat_id=OAKFIELD_STAFF, data=f"ae:{report.id}"), now=later)
    assert result.notice.startswith("Evidence asked for") and result.text is not None and "Evidence asked for" in result.text
    assert all(b.data != f"ae:{report.id}" for row in result.buttons for b in row)
    with session_scope(sqlite_engine) as s:
        request = s.exec(select(OutboundMessage).where(OutboundMessage.idempotency_key == f"evidence-request:{report.id}")).one()
    assert (request.channel, request.recipient) == ("telegram", str(SARAH_TG)) and "Oliver (3B)" in request.text and "Smith" not in request.text
    again = handle_evidence_tap(sqlite_engine, settings, Tap(user_id=JO_OFFICE, chat_id=OAKFIELD_STAFF, data=f"ae:{report.id}"), now=later)
    assert again.notice == "Evidence was already asked for."

    out = parent.send("", MONDAY_0745 + dt.timedelta(hours=3), payload={"kind": "text", "chat_id": SARAH_TG, "attachment": PHOTO})
    reply = next(o for o in out if o.kind == "reply")
    assert "added it to the absence record of Oliver (3B)" in reply.text
    edit = next(o for o in out if o.kind == "card_edit")
    with session_scope(sqlite_engine) as s:
        item = s.exec(select(Attachment)).one()
    assert item.report_id == report.id and item.file_ref == PHOTO["file_ref"] and f"/evidence_{item.id}" in edit.text

    shown = run_staff_command(sqlite_engine, settings, user_id=JO_OFFICE, chat_id=OAKFIELD_STAFF, command="evidence", args=str(item.id), now=later)
    assert shown.file_ref == ("photo", PHOTO["file_ref"])
    other = run_staff_command(sqlite_engine, settings, user_id=100000003, chat_id=HILLCREST_STAFF, command="evidence", args=str(item.id), now=later)
    assert other.file_ref is None and "No such evidence" in other.texts[0]

    with session_scope(sqlite_engine) as s:
        purge(s, now=MONDAY_0745 + dt.timedelta(days=400), message_days=365, register_years=6)
    with session_scope(sqlite_engine) as s:
        assert s.exec(select(Attachment)).all() == []


def test_a_photo_with_no_recent_report_goes_to_the_office(sqlite_engine: Engine, settings: Settings) -> None:
    seed_families(sqlite_engine)
    out = Dialogue(sqlite_engine, settings, "telegram", SARAH_PHONE, SARAH_TG).send(
        "", payload={"kind": "text", "chat_id": SARAH_TG, "attachment": PHOTO})
    assert "passed to the school office" in next(o for o in out if o.kind == "reply").text
    assert any(o.kind == "staff_note" for o in out)


def test_telegram_photos_and_documents_are_stored_by_file_id() -> None:
    bot = Bot("123:fake")
    base = {"message_id": 5, "date": 1795000000, "chat": {"id": 5001, "type": "private", "first_name": "Sarah"},
            "from": {"id": 5001, "is_bot": False, "first_name": "Sarah"}}
    photo = Update.de_json({"update_id": 9, "message": base | {"caption": "appointment card", "photo": [
        {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90},
        {"file_id": "large", "file_unique_id": "l", "width": 1280, "height": 960}]}}, bot)
    record = update_record(photo)
    assert record is not None and record["text"] == "appointment card"
    assert record["payload"]["attachment"] == {"kind": "photo", "file_ref": "large", "mime_type": "image/jpeg", "file_name": None}
    doc = Update.de_json({"update_id": 10, "message": base | {"document": {"file_id": "d1", "file_unique_id": "d", "file_name": "letter.pdf",
                                                                             "mime_type": "application/pdf"}}}, bot)
    record = update_record(doc)
    assert record is not None and record["payload"]["attachment"]["file_ref"] == "d1"
