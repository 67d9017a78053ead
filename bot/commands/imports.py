"""`absence-bot import roll|register|calendar|attendance FILE`: all-or-nothing CSV imports and their follow-up messages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table
from sqlalchemy.engine import Engine

from bot.errors import BadInput
from store.bootstrap import open_store
from store.imports import (
    AttendanceSummaryImport,
    CalendarSummary,
    ImportRejected,
    ProgressFn,
    RegisterSummary,
    RollSummary,
    import_attendance,
    import_calendar,
    import_register,
    import_roll,
)
from store.settings import Settings

Summary = RollSummary | RegisterSummary | CalendarSummary | AttendanceSummaryImport

#: Files from this size up get a progress bar (when stderr is a terminal).
PROGRESS_FROM_BYTES = 256 * 1024


@contextmanager
def _progress_bar(path: Path) -> Iterator[ProgressFn | None]:
    """A rich progress bar for a large import on a terminal; None (no output) otherwise."""
    console = Console(stderr=True)
    if not console.is_terminal or path.stat().st_size < PROGRESS_FROM_BYTES:
        yield None
        return
    with Progress(*Progress.get_default_columns(), console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        yield update


def _summary_table(title: str, summary: dict[str, Any]) -> Table:
    table = Table(title=title, show_header=False)
    for key, value in summary.items():
        if isinstance(value, list) and not value:
            continue
        shown = "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
        table.add_row(key.replace("_", " "), shown)
    return table


def _roll_headline(summary: RollSummary) -> str:
    return (
        f"{summary.pupils_on_roll} pupils on roll ({summary.pupils_added} added, {summary.pupils_updated} updated, "
        f"{summary.pupils_off_roll} off roll), {summary.contacts_in_file} contacts, "
        f"{summary.unusable_phones} unusable phone numbers, {summary.no_usable_contact} pupils with no usable "
        f"contact, {summary.one_usable_contact} with only one"
    )


def run_import(
    engine: Engine, settings: Settings, *, kind: str, path: Path, dry_run: bool = False, confirm_off_roll: bool = False,
    progress: ProgressFn | None = None,
) -> tuple[Summary, int]:
    """Import one file and queue its follow-up messages; return the summary and how many were queued.

    Raises ImportRejected (nothing changed) for a file with problems, or a roll over the off-roll limit.
    """
    importers: dict[str, Callable[..., Summary]] = {
        "roll": import_roll, "register": import_register, "calendar": import_calendar, "attendance": import_attendance,
    }
    options: dict[str, Any] = {"dry_run": dry_run}
    if kind == "roll":
        options["off_roll_limit"] = None if confirm_off_roll else settings.imports.max_off_roll_share
    summary = importers[kind](engine=engine, path=path, progress=progress, **options)
    return summary, 0 if dry_run else queue_import_follow_ups(engine, settings, summary)


def rejection(path: Path, exc: ImportRejected) -> str:
    """Every problem of a rejected file, then one line saying nothing was imported."""
    problems = [e for e in exc.errors if not e.startswith("  ")]
    return "\n".join([*exc.errors, f"{path}: rejected, nothing imported ({len(problems)} problem(s))"])


def import_file(settings: Settings, *, kind: str, path: Path, dry_run: bool = False, confirm_off_roll: bool = False) -> int:
    """Import a roll, register or calendar CSV; every problem in a rejected file goes to stderr (exit 2)."""
    if not path.is_file():
        raise BadInput(f"{path}: file not found")
    engine = open_store(settings)
    try:
        with _progress_bar(path) as progress:
            summary, queued = run_import(engine, settings, kind=kind, path=path, dry_run=dry_run, confirm_off_roll=confirm_off_roll, progress=progress)
    except ImportRejected as exc:
        raise BadInput(rejection(path, exc)) from None
    finally:
        engine.dispose()
    console = Console()
    if queued:
        Console(stderr=True).print(f"{queued} message(s) queued for staff (sent by the running service)")
    console.print(_summary_table(f"{kind} import (dry run)" if dry_run else f"{kind} import", summary.as_dict()))
    if isinstance(summary, RollSummary):
        console.print(_roll_headline(summary))
    if dry_run:
        console.print("dry run: nothing was changed")
    return 0


def queue_import_follow_ups(engine: Engine, settings: Settings, summary: object) -> int:
    """After a roll import, stale Telegram links dropped (staff told) and the missing-contacts digest; after a register import, "came in after all" notices."""
    from handlers.import_notices import came_in_notices
    from handlers.outbox import queue
    from handlers.senders import drop_stale_links
    from scheduler.missing_contacts import missing_contacts_digest
    from store.db import immediate_session
    from store.models import utcnow

    now = utcnow()
    with immediate_session(engine) as session:
        messages = []
        if isinstance(summary, RollSummary):
            occasion = f"import-{now:%Y%m%dT%H%M%S%f}"
            messages += drop_stale_links(session, schools=[settings.school(i) for i in summary.schools], occasion=occasion)
            for school_id in summary.schools:
                messages += missing_contacts_digest(session, school=settings.school(school_id), now=now, occasion=occasion)
        elif isinstance(summary, RegisterSummary):
            messages += came_in_notices(session, settings=settings, events=summary.came_in_after_all)
        return len(queue(session, messages, now=now))
