"""The missing-contacts digest's changes: a pupil whose contacts are fixed is RESOLVED; a pupil who left the roll is not."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine

from store.db import session_scope
from store.models import Contact, Pupil
from store.settings import Settings
from tests.scheduler.school import ContactSpec, World, local


def test_a_leaver_is_never_listed_as_resolved(engine: Engine, settings: Settings) -> None:
    world = World(engine, settings, "oakfield")
    fixed = world.pupil("P1", "Ada", "Quill", [ContactSpec("Nell Quill", phone_status="missing", sms=False)])
    gone = world.pupil("P2", "Ben", "Okoro", [ContactSpec("Ife Okoro", phone_status="missing", sms=False)])
    mon, tue = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    world.run("missing-contacts", local(mon, "07:30"))
    with session_scope(engine) as s:
        ben, nell = s.get(Pupil, gone), s.get(Contact, world.contacts["Nell Quill"])
        assert ben and nell
        ben.on_roll, ben.left_on = False, tue
        nell.phone, nell.phone_status = "+447700900321", "ok"
    world.run("missing-contacts", local(tue, "07:30"))
    text = world.outbox("digest")[-1].text
    assert "LEFT THE ROLL (contacts not resolved) • Ben Okoro" in text
    assert "RESOLVED • Ben" not in text
    assert "Ada Quill (P1, 3B): only 1 usable contact(s) of 2" in text, f"pupil {fixed} still short of contacts"
