"""`absence-bot demo`: a school morning on a temporary store, printed as what each party saw.

Needs no configuration, credentials or network: the settings are built in
code, the store is a SQLite file in a temporary directory (deleted at the
end), and SMS and Telegram go to recording transports. `--interactive`
lets a person type as a parent and tap as staff (`bot.demo.interactive`).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console

from bot.demo.render import Transcript
from bot.demo.world import DemoWorld, demo_school
from handlers.parent_report import default_parser

log = logging.getLogger(__name__)

#: Width used when the output is not a terminal (a file, a pipe, a test).
PLAIN_WIDTH = 110


def make_console(file: TextIO | None = None) -> Console:
    """A console for the transcript; off a terminal, $COLUMNS wide or else `PLAIN_WIDTH`."""
    console = Console(file=file, highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(file=file, highlight=False, width=PLAIN_WIDTH)
    return console


@contextmanager
def quiet_logs() -> Iterator[None]:
    """The transcript is the output: INFO logs (job and import summaries) would only interleave with it."""
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def run_demo(interactive: bool = False, *, console: Console | None = None) -> int:
    """Play the scripted morning (or the interactive one); return the exit status."""
    console = console or make_console()
    started = time.monotonic()
    with quiet_logs():
        parse = default_parser()
        transcript = Transcript(console, demo_school())
        with DemoWorld(transcript, parse=parse) as world:
            if interactive:
                from bot.demo.interactive import play_interactive

                play_interactive(world, transcript)
            else:
                from bot.demo.script import play_morning

                play_morning(world, transcript)
    counts = transcript.counts
    console.print(
        f"[dim]{counts['sms in']} texts in, {counts['sms out']} texts out, {counts['card']} cards, {counts['alert']} alerts, "
        f"{counts['digest']} digests, {counts['taps']} taps; the temporary store was deleted. "
        f"Ran in {time.monotonic() - started:.1f} s.[/dim]"
    )
    return 0
