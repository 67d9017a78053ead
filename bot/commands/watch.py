"""`absence-bot import watch DIR`: import every CSV dropped in a folder, then move it aside.

For a school whose MIS can write its register export to a folder (a share,
an SFTP drop, a systemd timer's `cp`): each `*.csv` that has not changed for
`SETTLE` seconds is imported (register files by default) exactly as `absence-bot
import` does, then moved to `DIR/imported/` or, with its problems beside it in
a `.problems.txt`, to `DIR/rejected/`. A rejected file changes nothing. With
`--once` the folder is looked at once (for a timer or cron); otherwise every
`interval` seconds until stopped.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import time
from pathlib import Path
from types import FrameType

from rich.console import Console

from bot.commands.imports import rejection, run_import
from bot.errors import BadInput
from store.bootstrap import open_store
from store.imports import ImportRejected
from store.settings import Settings

log = logging.getLogger(__name__)

#: A file modified less than this long ago may still be being written.
SETTLE = 2.0


def ready_files(folder: Path, now: float) -> list[Path]:
    files = [p for p in folder.glob("*.csv") if p.is_file() and now - p.stat().st_mtime >= SETTLE]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))


def moved(path: Path, into: Path) -> Path:
    into.mkdir(exist_ok=True)
    target = into / f"{dt.datetime.now():%Y%m%dT%H%M%S}-{path.name}"
    path.replace(target)
    return target


def import_folder_once(settings: Settings, engine: object, folder: Path, kind: str, console: Console) -> tuple[int, int]:
    """Import what is ready in the folder now: (imported, rejected)."""
    imported = rejected = 0
    for path in ready_files(folder, time.time()):
        try:
            summary, queued = run_import(engine, settings, kind=kind, path=path)  # type: ignore[arg-type]
        except ImportRejected as exc:
            target = moved(path, folder / "rejected")
            target.with_name(target.name + ".problems.txt").write_text(rejection(path, exc) + "\n", "utf-8")
            console.print(f"{path.name}: rejected, nothing imported; problems in {target.name}.problems.txt", markup=False)
            log.warning("watched import %s rejected (%s problem(s))", path.name, len(exc.errors))
            rejected += 1
            continue
        target = moved(path, folder / "imported")
        console.print(f"{path.name}: imported {summary.rows} rows ({queued} message(s) for staff); moved to imported/{target.name}", markup=False)
        log.info("watched import %s: %s rows", path.name, summary.rows)
        imported += 1
    return imported, rejected


def watch_folder(settings: Settings, folder: Path, *, kind: str = "register", interval: float = 5.0, once: bool = False) -> int:
    if not folder.is_dir():
        raise BadInput(f"{folder}: not a folder")
    engine = open_store(settings)
    console = Console(highlight=False)
    stopping = False

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = signal.signal(signal.SIGTERM, stop)
    rejected_any = False
    try:
        while True:
            _, rejected = import_folder_once(settings, engine, folder, kind, console)
            rejected_any = rejected_any or rejected > 0
            if once or stopping:
                break
            deadline = time.monotonic() + interval
            while time.monotonic() < deadline and not stopping:
                time.sleep(0.2)
            if stopping:
                break
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        engine.dispose()  # type: ignore[attr-defined]
    return 2 if once and rejected_any else 0
