"""Issue 15 point 4: UKHSA's return-to-school guidance on the reply and the card, and illness clusters to the admin."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.db import session_scope
from store.exclusions import illness_in, return_day, table
from store.models import AbsenceReport, AttendanceMark, Contact, OutboundMessage, Pupil, PupilContact
from store.settings import Settings
from tests.handlers.parent_dialogue import MONDAY_0745, Dialogue, sms_segments

MON = dt.date(2026, 11, 23)
NAMES = ["Maisie", "Theo", "Ruby", "Arlo"]


def seed_class(engine: Engine, n: int = 4, reg_group: str = "2R") -> list[tuple[str, int]]:
    """`n` families with one child each in one class: (phone, pupil id)."""
    out = []
    with session_scope(engine) as s:
        for i in range(n):
            pupil = Pupil(school_id="oakfield", mis_id=f"K{i}", first_name=NAMES[i], last_name="Example",
                          year_group="2", reg_group=reg_group if i < n else "2S")
            contact = Contact(school_id="oakfield", mis_id=f"KC{i}", name=f"Parent{i} Example", relationship="mother",
                              phone=f"+4477009002{i:02d}", telegram_user_id=7000 + i)
            s.add_all([pupil, contact])
            s.flush()
            s.add(PupilContact(pupil_id=pupil.id, contact_id=contact.id, priority=1))
            out.append((contact.phone or "", pupil.id or 0))
    return out


def parent(engine: Engine, settings: Settings, phone: str, channel: str = "sms") -> Dialogue:
    return Dialogue(engine, settings, channel, phone, 7000 + int(phone[-2:]))


def test_the_table_keeps_its_source_and_date() -> None:
    source, entries = table()
    assert source.publisher == "UK Health Security Agency" and source.updated == "2024-02-21"
    assert {"diarrhoea_vomiting", "chickenpox", "scarlet_fever", "impetigo", "measles", "mumps", "whooping_cough", "flu"} <= set(entries)
    assert illness_in("she's got chicken pox") == entries["chickenpox"]
    assert illness_in("Zosia ma ospę wietrzną") is None or illness_in("ospa wietrzna").key == "chickenpox"
    assert illness_in("he has a cold") is None
    assert return_day(entries["chickenpox"], MON) == dt.date(2026, 11, 30)  # Mon + 5 days = Sat -> the next Monday
    assert return_day(entries["scarlet_fever"], dt.date(2026, 11, 27)) == dt.date(2026, 11, 30)
    assert return_day(entries["flu"], MON) is None


@pytest.mark.parametrize("channel", ["sms", "telegram"])
def test_a_chickenpox_report_says_when_the_child_may_return(sqlite_engine: Engine, settings: Settings, channel: str) -> None:
    families = seed_class(sqlite_engine, 1)
    out = parent(sqlite_engine, settings, families[0][0], channel).send("Maisie has chickenpox, keeping her off")
    reply = next(o for o in out if o.kind == "reply")
    assert "UKHSA advice for chickenpox: at least 5 days from the onset of the rash and until all blisters have crusted over" in reply.text
    assert "earliest return is Mon 30 Nov" in reply.text
    assert "Example" not in reply.text  # no surname by SMS
    if channel == "sms":
        assert sms_segments(reply.text) <= 2
    card = next(o for o in out if o.kind == "card")
    assert "Return (UKHSA): chickenpox" in card.text and "Mon 30 Nov" in card.text
    with session_scope(sqlite_engine) as s:
        report = s.exec(select(AbsenceReport)).one()
        assert (report.illness, report.expected_return) == ("chickenpox", dt.date(2026, 11, 30))
        # the marks stay those of the day the parent gave
        assert [(m.date, m.session) for m in s.exec(select(AttendanceMark)).all()] == [(MON, "AM"), (MON, "PM")]


def test_flu_is_until_recovered_and_a_cold_has_no_advice(sqlite_engine: Engine, settings: Settings) -> None:
    families = seed_class(sqlite_engine, 2)
    flu = parent(sqlite_engine, settings, families[0][0]).reply("Maisie has flu, staying home")
    assert "UKHSA advice for flu: stay off until recovered." in flu
    cold = parent(sqlite_engine, settings, families[1][0]).reply("Theo has a bad cold, keeping him home")
    assert "UKHSA" not in cold


def _notes(engine: Engine) -> list[OutboundMessage]:
    with session_scope(engine) as s:
        return [o for o in s.exec(select(OutboundMessage).where(OutboundMessage.kind == "staff_note")).all() if "outbreak" in o.text]


def test_three_in_one_class_with_sickness_tell_the_admin_once(sqlite_engine: Engine, settings: Settings) -> None:
    families = seed_class(sqlite_engine, 4)
    words = ["Maisie has d&v, keeping her off", "Theo was sick all night so staying home", "Ruby has a sickness bug, off today",
             "Arlo has diarrhoea, not in today"]
    parent(sqlite_engine, settings, families[0][0]).send(words[0], MONDAY_0745)
    parent(sqlite_engine, settings, families[1][0]).send(words[1], MONDAY_0745 + dt.timedelta(days=1))
    assert _notes(sqlite_engine) == []
    parent(sqlite_engine, settings, families[2][0]).send(words[2], MONDAY_0745 + dt.timedelta(days=2))
    notes = _notes(sqlite_engine)
    assert len(notes) == 1
    note = notes[0]
    assert note.recipient == str(settings.school("oakfield").staff_chat_id)
    assert "Possible outbreak: diarrhoea and vomiting in class 2R" in note.text
    assert all(f"{NAMES[i]} Example" in note.text for i in range(3)) and "health protection team" in note.text
    parent(sqlite_engine, settings, families[3][0]).send(words[3], MONDAY_0745 + dt.timedelta(days=2, minutes=5))
    assert len(_notes(sqlite_engine)) == 1


def test_reports_spread_over_more_than_the_window_are_no_cluster(sqlite_engine: Engine, settings: Settings) -> None:
    families = seed_class(sqlite_engine, 3)
    for i, days in enumerate((0, 7, 14)):
        parent(sqlite_engine, settings, families[i][0]).send(f"{NAMES[i]} has chickenpox", MONDAY_0745 + dt.timedelta(days=days))
    assert _notes(sqlite_engine) == []



def test_a_whole_day_for_a_timed_appointment_is_flagged_where_the_policy_says_so(sqlite_engine: Engine, settings: Settings) -> None:
    """Hillcrest runs AFMAT: "A full day's absence will not be granted for a dentist or doctor's etc appointment"."""
    with session_scope(sqlite_engine) as s:
        pupil = Pupil(school_id="hillcrest", mis_id="H7", first_name="Zain", last_name="Example", year_group="8", reg_group="8K")
        contact = Contact(school_id="hillcrest", mis_id="HC7", name="Amina Example", relationship="mother",
                          phone="+447700900377", telegram_user_id=9377)
        s.add_all([pupil, contact])
        s.flush()
        s.add(PupilContact(pupil_id=pupil.id, contact_id=contact.id, priority=1))
    out = Dialogue(sqlite_engine, settings, "telegram", "+447700900377", 9377).send(
        "Zain has the orthodontist at 11am in Leeds so he is off school today")
    card = next(o for o in out if o.kind == "card")
    with session_scope(sqlite_engine) as s:
        report = s.exec(select(AbsenceReport)).one()
    assert (report.proposed_code, report.sessions) == ("M", "ALL")
    assert "whole day for an appointment at 11:00" in card.text
    families = seed_class(sqlite_engine, 1)  # Oakfield (Bedwell): no such rule
    out = parent(sqlite_engine, settings, families[0][0]).send("Maisie has the orthodontist at 11am in Leeds so she is off school today")
    assert "whole day for an appointment" not in next(o for o in out if o.kind == "card").text
