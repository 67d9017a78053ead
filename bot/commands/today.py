"""`absence-bot today --school ID`: the day's board in the terminal (rich), or as JSON.

The same board as the staff group's /today (handlers.staff.board), plus the
safeguarding alerts still open (kind and pupil only: their details go to the
DSL's chat, not to a terminal) and the policy tasks not yet done.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlmodel import Session

from bot.commands.schools import named_school
from handlers.staff.board import SECTIONS, board
from store.bootstrap import open_store
from store.db import session_scope
from store.models import PolicyTask, Pupil, SafeguardingFlag
from store.settings import SchoolSettings, Settings


def open_items(session: Session, school: SchoolSettings) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(alerts not acknowledged, tasks not done) for the school, oldest first."""
    def pupil_of(pupil_id: int | None) -> dict[str, Any]:
        pupil = session.get(Pupil, pupil_id) if pupil_id else None
        return {"pupil_id": pupil.mis_id, "name": f"{pupil.first_name} {pupil.last_name}"} if pupil else {"pupil_id": None, "name": None}

    alerts = session.execute(
        select(SafeguardingFlag).where(SafeguardingFlag.school_id == school.id, SafeguardingFlag.acknowledged_at.is_(None)).order_by(SafeguardingFlag.raised_at)  # type: ignore[union-attr]
    ).scalars()
    tasks = session.execute(
        select(PolicyTask).where(PolicyTask.school_id == school.id, PolicyTask.done_at.is_(None)).order_by(PolicyTask.raised_at)  # type: ignore[union-attr]
    ).scalars()
    return (
        [{"kind": a.kind, "raised_at": a.raised_at.astimezone(school.tz).isoformat(timespec="minutes"), **pupil_of(a.pupil_id)} for a in alerts],
        [{"kind": t.kind, "raised_on": t.raised_at.astimezone(school.tz).date().isoformat(), **pupil_of(t.pupil_id)} for t in tasks],
    )


def show_today(settings: Settings, *, school_id: str, day: dt.date | None, as_json: bool) -> int:
    school = named_school(settings, school_id)
    day = day or dt.datetime.now(school.tz).date()
    engine = open_store(settings)
    try:
        with session_scope(engine) as session:
            found = board(session, school=school, day=day)
            alerts, tasks = open_items(session, school)
    finally:
        engine.dispose()
    if as_json:
        sessions = {sess: {key: [dataclasses.asdict(e) for e in entries] for key, entries in sections.items()} for sess, sections in found.items()}
        json.dump({"school_id": school.id, "date": day.isoformat(), "sessions": sessions, "alerts_open": alerts, "tasks_open": tasks}, sys.stdout)
        sys.stdout.write("\n")
        return 0
    console = Console(highlight=False)
    console.print(f"[bold]{school.name}[/bold] — {day:%A} {day.day} {day:%B %Y}")
    for sess, label in (("AM", "Morning"), ("PM", "Afternoon")):
        table = Table(title=f"{label} ({sess})", title_justify="left", show_lines=False)
        for column in ("section", "pupil", "group", "MIS id", "code"):
            table.add_column(column)
        for key, title in SECTIONS:
            entries = found[sess][key]
            if not entries:
                table.add_row(title, "—", "", "", "")
            for i, e in enumerate(entries):
                table.add_row(title if i == 0 else "", e.name + (f" ({e.note})" if e.note else ""), e.group, e.pupil_id, e.code or "")
        console.print(table)
    console.print(f"[bold]Alerts open[/bold]: {len(alerts)}")
    for a in alerts:
        console.print(f"  • {a['kind']}: {a['name'] or 'no pupil'} ({a['pupil_id'] or '-'}), raised {a['raised_at']}", markup=False)
    console.print(f"[bold]Tasks open[/bold]: {len(tasks)}")
    for t in tasks:
        console.print(f"  • {t['kind']}: {t['name'] or 'no pupil'} ({t['pupil_id'] or '-'}), raised {t['raised_on']}", markup=False)
    return 0
