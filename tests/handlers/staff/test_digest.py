"""Rolling long per-chat queues of cards into digests: none dropped, each listed once, every message fits."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from handlers.outbox import queue
from handlers.staff.card import card_message
from handlers.staff.digest import MESSAGE_LIMIT, roll_up_queued_cards, split_lines
from store.db import session_scope
from store.models import AbsenceReport, OutboundMessage
from store.settings import Settings
from tests.handlers.staff_world import NOW, add_pupil, add_report


def queue_cards(engine: Engine, settings: Settings, count: int, school: str = "oakfield") -> list[int]:
    """`count` reports from parents, each with its card queued the way the parent flow queues it."""
    ids = []
    with session_scope(engine) as s:
        for i in range(count):
            pupil = add_pupil(s, school, f"B{school}{i}", f"Child{i}", f"Family<{i}>", f"{i % 6 + 1}A")
            report = add_report(s, pupil)
            assert report.id is not None
            queue(s, card_message(s, report, settings.school(school)), now=NOW)
            ids.append(report.id)
    return ids


def _status_counts(engine: Engine) -> dict[tuple[str, str], int]:
    with session_scope(engine) as s:
        rows = s.execute(select(OutboundMessage.kind, OutboundMessage.status, func.count()).group_by(OutboundMessage.kind, OutboundMessage.status))
        return {(k, st): n for k, st, n in rows.all()}


def test_short_queue_is_left_for_the_rate_limiter(engine: Engine, settings: Settings) -> None:
    queue_cards(engine, settings, 10)
    assert roll_up_queued_cards(engine, now=NOW) == []
    assert _status_counts(engine) == {("card", "queued"): 10}


def test_300_card_burst_becomes_a_few_digests_listing_every_report(engine: Engine, settings: Settings) -> None:
    ids = queue_cards(engine, settings, 300)
    queue_cards(engine, settings, 3, school="hillcrest")
    digests = roll_up_queued_cards(engine, now=NOW)
    assert 3 <= len(digests) <= 12 and all(len(d.text) <= MESSAGE_LIMIT for d in digests)
    assert {d.recipient for d in digests} == {str(settings.school("oakfield").staff_chat_id)}
    listed = [int(m) for d in digests for m in re.findall(r"/card_(\d+)", d.text)]
    assert sorted(listed) == sorted(ids)
    assert "Child7 Family&lt;7&gt; (2A) — <b>I</b>" in "".join(d.text for d in digests)
    assert _status_counts(engine) == {("card", "cancelled"): 300, ("card", "queued"): 3, ("digest", "queued"): len(digests)}
    assert roll_up_queued_cards(engine, now=NOW) == []
    with session_scope(engine) as s:
        assert s.execute(select(func.count()).select_from(AbsenceReport).where(AbsenceReport.status == "pending")).scalar_one() == 303


def test_split_lines_keeps_each_line_whole() -> None:
    lines = [f"line {i} " + "x" * 50 for i in range(200)]
    parts = split_lines("H", lines, limit=1000)
    assert all(len(p) <= 1000 and p.startswith("H") for p in parts)
    assert [ln for p in parts for ln in p.split("\n")[1:]] == lines


def test_edits_of_rolled_up_cards_become_an_update_note(engine: Engine, settings: Settings) -> None:
    ids = queue_cards(engine, settings, 12)
    roll_up_queued_cards(engine, now=NOW)
    with session_scope(engine) as s:
        report = s.get(AbsenceReport, ids[3])
        assert report is not None
        queue(s, card_message(s, report, settings.school("oakfield"), note="Parent added: back tomorrow", edit="1"), now=NOW)
    [note] = roll_up_queued_cards(engine, now=NOW)
    assert "Updated reports" in note.text and f"/card_{ids[3]}" in note.text and note.text.count("/card_") == 2
    assert _status_counts(engine)[("card_edit", "cancelled")] == 1
    assert roll_up_queued_cards(engine, now=NOW) == []
