"""Issue 10 as transcripts: a trust on one number, decisions over the whole report, follow-ups, repeats, small talk."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.db import session_scope
from store.imports.register import import_register
from store.models import AttendanceMark, SafeguardingFlag
from handlers.staff.notes import FORWARDS_ONE_BY_ONE
from store.settings import Settings
from tests.handlers.trust import (
    DAN,
    HILL_DSL,
    HILL_STAFF,
    MON,
    MON_0745,
    OAK_DSL,
    OAK_STAFF,
    PRIYA,
    RAVI,
    SARAH,
    SARAH_TG,
    STRANGER,
    marks,
    outbox,
    parent,
    reports,
    seed_trust,
    tap,
    trust_settings,
)

LATER = MON_0745 + dt.timedelta(minutes=5)


@pytest.fixture
def trust() -> Settings:
    return trust_settings()


@pytest.fixture
def ids(sqlite_engine: Engine) -> dict[str, int]:
    return seed_trust(sqlite_engine)


def by_chat(out: list, kind: str | None = None) -> dict[str, list[str]]:  # type: ignore[type-arg]
    chats: dict[str, list[str]] = {}
    for o in out:
        if o.channel == "telegram" and (kind is None or o.kind == kind):
            chats.setdefault(o.recipient, []).append(o.text)
    return chats


# --- 1. several schools on one number -----------------------------------------------------------


def test_a_parent_of_the_second_school_on_a_shared_number_is_matched(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    out = parent(sqlite_engine, trust, DAN).send("Noah has a temperature, he won't be in today")
    reply = [o for o in out if o.kind == "reply"][0]
    assert "Noah (9T) is recorded as absent today" in reply.text and "could not match" not in reply.text
    cards = by_chat(out, "card")
    assert list(cards) == [str(HILL_STAFF)] and "Noah Jones" in cards[str(HILL_STAFF)][0]
    assert marks(sqlite_engine, ids["noah"]) == [(MON, "AM", "I", "provisional"), (MON, "PM", "I", "provisional")]


def test_one_family_across_two_schools_is_asked_once_and_each_card_goes_to_its_school(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    sarah = parent(sqlite_engine, trust, SARAH)
    question = sarah.reply("sorry neither of them will be in, sickness bug")
    if "Which child" in question:
        out = sarah.send("3", MON_0745 + dt.timedelta(minutes=1))
    else:
        out = []
    reports_oliver, reports_mia = reports(sqlite_engine, ids["oliver"]), reports(sqlite_engine, ids["mia"])
    assert len(reports_oliver) == 1 and len(reports_mia) == 1
    assert reports_oliver[0].school_id == "oakfield" and reports_mia[0].school_id == "hillcrest"
    cards = by_chat(outbox(sqlite_engine), "card")
    assert len(cards[str(OAK_STAFF)]) == 1 and "Oliver Smith" in cards[str(OAK_STAFF)][0] and "Mia" not in cards[str(OAK_STAFF)][0]
    assert len(cards[str(HILL_STAFF)]) == 1 and "Mia Smith" in cards[str(HILL_STAFF)][0] and "Oliver" not in cards[str(HILL_STAFF)][0]
    assert out == [] or [o for o in out if o.kind == "reply"]


def test_which_child_spans_both_schools(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    sarah = parent(sqlite_engine, trust, SARAH)
    question = sarah.reply("won't be in today sorry")
    assert "Which child" in question and "Mia" in question and "Oliver" in question and "3 for both" in question
    answer = sarah.reply("Mia", MON_0745 + dt.timedelta(minutes=1))
    assert "Mia (8R) is recorded as absent" in answer
    assert reports(sqlite_engine, ids["oliver"]) == [] and reports(sqlite_engine, ids["mia"])[0].school_id == "hillcrest"


def test_unknown_sender_on_a_shared_number_is_forwarded_to_every_school(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    out = parent(sqlite_engine, trust, STRANGER).send("is my son in today")
    assert "could not match" in [o for o in out if o.kind == "reply"][0].text
    assert set(by_chat(out, "staff_note")) == {str(OAK_STAFF), str(HILL_STAFF)}


def test_a_cue_reaches_the_dsl_of_the_pupils_own_school_only(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    out = parent(sqlite_engine, trust, DAN).send("Noah won't be in, the police were called to the house last night")
    alerts = by_chat(out, "alert")
    assert list(alerts) == [str(HILL_DSL)] and "Noah Jones" in alerts[str(HILL_DSL)][0]
    assert str(OAK_DSL) not in by_chat(outbox(sqlite_engine))


def test_office_card_of_a_disclosure_does_not_quote_it(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    words = "her stepdad hit her last night so Ava won't be in"
    out = parent(sqlite_engine, trust, PRIYA).send(words)
    card = by_chat(out, "card")[str(OAK_STAFF)][0]
    assert "stepdad" not in card and "safeguarding team" in card
    assert "stepdad" in by_chat(out, "alert")[str(OAK_DSL)][0]


def test_telegram_user_linked_at_both_schools(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    sarah = parent(sqlite_engine, trust, SARAH, "telegram", SARAH_TG)
    sarah.send("Mia has a migraine and won't be in today")
    assert reports(sqlite_engine, ids["mia"])[0].school_id == "hillcrest"
    assert str(HILL_STAFF) in by_chat(outbox(sqlite_engine), "card")


def test_linking_telegram_links_the_contact_at_every_school(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    newcomer = parent(sqlite_engine, trust, "", "telegram", 7777)
    linked = newcomer.reply("", payload={"kind": "contact", "chat_id": 7777, "contact": {"user_id": 7777, "phone_number": SARAH.lstrip("+")}})
    assert "linked" in linked
    newcomer.send("Oliver is ill today", LATER)
    newcomer.send("Mia is ill today", LATER + dt.timedelta(minutes=1))
    assert reports(sqlite_engine, ids["oliver"]) and reports(sqlite_engine, ids["mia"])


def test_unlinked_telegram_messages_are_forwarded_to_every_school_and_capped(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    anon = parent(sqlite_engine, trust, "", "telegram", 8888)
    posts = edits = replies = 0
    for i in range(40):
        out = anon.send(f"hello is anyone there {i}", MON_0745 + dt.timedelta(seconds=i))
        posts += sum(1 for o in out if o.kind == "staff_note")
        edits += sum(1 for o in out if o.kind == "card_edit")
        replies += sum(1 for o in out if o.kind == "reply")
    cap = trust.twilio.max_replies_per_sender_per_day
    assert replies == cap, "capped like SMS"
    assert posts == 2 * (FORWARDS_ONE_BY_ONE + 1), "a few posts per school, then one running note each"
    assert edits == 2 * (cap - FORWARDS_ONE_BY_ONE - 1), "the running note is edited, not re-posted, until the cap"
    alerts = [o for o in outbox(sqlite_engine) if o.kind == "alert"]
    assert len(alerts) == 1


# --- 2. a staff decision covers the whole report ------------------------------------------------


def register_csv(tmp_path, rows: list[tuple[str, str, str, str, str]]):  # type: ignore[no-untyped-def]
    path = tmp_path / "register.csv"
    path.write_text("school_id,pupil_id,date,session,mark\n" + "".join(",".join(r) + "\n" for r in rows), "utf-8")
    return path


def test_staff_change_applies_to_a_register_n_the_report_covers(sqlite_engine: Engine, trust: Settings, ids: dict[str, int], tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_register(engine=sqlite_engine, path=register_csv(tmp_path, [("oakfield", "OAK2", MON.isoformat(), "AM", "N")]))
    parent(sqlite_engine, trust, PRIYA).send("Ava won't be in today sorry", MON_0745)
    report = reports(sqlite_engine, ids["ava"])[0]
    result = tap(sqlite_engine, trust, f"cc:{report.id}:I", user=100000001)
    assert result.notice == "Changed to I."
    assert marks(sqlite_engine, ids["ava"]) == [(MON, "AM", "I", "confirmed"), (MON, "PM", "I", "confirmed")]
    with session_scope(sqlite_engine) as s:
        am = s.exec(select(AttendanceMark).where(AttendanceMark.pupil_id == ids["ava"], AttendanceMark.session == "AM")).one()
    assert am.source == "staff" and am.report_id == report.id
    import_register(engine=sqlite_engine, path=register_csv(tmp_path, [("oakfield", "OAK2", MON.isoformat(), "AM", "N")]))
    assert marks(sqlite_engine, ids["ava"])[0] == (MON, "AM", "I", "confirmed"), "a later register N never undoes the decision"


def test_staff_change_leaves_a_session_the_register_says_was_attended(sqlite_engine: Engine, trust: Settings, ids: dict[str, int], tmp_path) -> None:  # type: ignore[no-untyped-def]
    parent(sqlite_engine, trust, PRIYA).send("Ava won't be in today sorry", MON_0745)
    import_register(engine=sqlite_engine, path=register_csv(tmp_path, [("oakfield", "OAK2", MON.isoformat(), "PM", "/")]))
    report = reports(sqlite_engine, ids["ava"])[0]
    tap(sqlite_engine, trust, f"cc:{report.id}:I", user=100000001)
    codes = {m[1]: m[2] for m in marks(sqlite_engine, ids["ava"])}
    assert codes == {"AM": "I", "PM": "\\"}


# --- 3. a follow-up never silently replaces a staff decision ------------------------------------


def test_follow_up_after_a_decision_keeps_it_and_tells_staff(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    priya = parent(sqlite_engine, trust, PRIYA)
    priya.send("Ava won't be in today sorry")
    report = reports(sqlite_engine, ids["ava"])[0]
    tap(sqlite_engine, trust, f"cc:{report.id}:I", user=100000001)
    out = priya.send("she has a dentist appointment at 10", LATER)
    edit = [o for o in out if o.kind == "card_edit"][-1]
    assert "Proposed code: <b>M" not in edit.text and "Changed to I</b> by Jo Pemberton" in edit.text
    datas = [b["data"] for row in edit.payload["buttons"] for b in row]
    assert f"cf:{report.id}" not in datas and f"cc:{report.id}:I" not in datas and f"cc:{report.id}:N" in datas
    notes = [o for o in out if o.kind == "staff_note" and o.recipient == str(OAK_STAFF)]
    assert notes and "after the decision" in notes[0].text and "kept as <b>I</b>" in notes[0].text
    assert [m[2] for m in marks(sqlite_engine, ids["ava"])] == ["I", "I"]
    assert reports(sqlite_engine, ids["ava"])[0].reviewed_code == "I"


def test_buttons_after_a_change_offer_the_original_code(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    parent(sqlite_engine, trust, PRIYA).send("Ava won't be in today sorry")
    report = reports(sqlite_engine, ids["ava"])[0]
    result = tap(sqlite_engine, trust, f"cc:{report.id}:G", user=100000001)
    datas = [b.data for row in result.buttons for b in row]
    assert f"cc:{report.id}:G" not in datas and f"cc:{report.id}:N" in datas and f"cf:{report.id}" not in datas


# --- 4. a repeated report is one report ---------------------------------------------------------


@pytest.mark.parametrize("second", [PRIYA, RAVI])
def test_the_same_report_twice_or_from_the_other_parent_is_one_report(sqlite_engine: Engine, trust: Settings, ids: dict[str, int], second: str) -> None:
    parent(sqlite_engine, trust, PRIYA).send("Ava is poorly, she won't be in today")
    out = parent(sqlite_engine, trust, second).send("Ava is poorly, she won't be in today", LATER)
    assert len(reports(sqlite_engine, ids["ava"])) == 1
    assert "already have the absence of Ava" in [o for o in out if o.kind == "reply"][0].text
    assert not [o for o in out if o.kind == "card"] and [o for o in out if o.kind == "card_edit"]
    assert len(marks(sqlite_engine, ids["ava"])) == 2


def test_a_repeat_with_a_reason_upgrades_an_undecided_n(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    parent(sqlite_engine, trust, PRIYA).send("Ava won't be in today")
    parent(sqlite_engine, trust, RAVI).send("Ava has been sick all night, she won't be in today", LATER)
    (report,) = reports(sqlite_engine, ids["ava"])
    assert report.proposed_code == "I" and [m[2] for m in marks(sqlite_engine, ids["ava"])] == ["I", "I"]


# --- 5. small talk stays small ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["thanks", "ok thank you", "👍", "Thank you so much!", "ok"])
def test_small_talk_after_a_report_closes_quietly(sqlite_engine: Engine, trust: Settings, ids: dict[str, int], text: str) -> None:
    priya = parent(sqlite_engine, trust, PRIYA)
    priya.send("Ava has a temperature, not in today")
    out = priya.send(text, LATER)
    assert out == []


@pytest.mark.parametrize("text", ["yes", "no", "help", "ok", "tap"])
def test_a_bare_word_never_raises_a_safeguarding_alert(sqlite_engine: Engine, trust: Settings, ids: dict[str, int], text: str) -> None:
    out = parent(sqlite_engine, trust, PRIYA).send(text)
    assert not [o for o in out if o.kind == "alert"]
    with session_scope(sqlite_engine) as s:
        assert s.exec(select(SafeguardingFlag)).all() == []


# --- 11.14: a one-child parent is never offered "2 for all" -------------------------------------


def test_one_child_parent_is_not_offered_all(sqlite_engine: Engine, trust: Settings, ids: dict[str, int]) -> None:
    question = parent(sqlite_engine, trust, PRIYA).reply("Zack won't be in today he is ill")
    assert "for all" not in question and "for both" not in question
    if "Is this about Ava" in question:
        assert "Ava" in parent(sqlite_engine, trust, PRIYA).reply("yes", LATER)
