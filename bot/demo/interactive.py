"""`absence-bot demo --interactive`: type as a parent, tap as staff, move the clock on.

Reads commands with plain `input()`, so a script can drive it on stdin:

    /as 3            text as the third phone in the list (/as unknown: a number not on the roll)
    any other text   an SMS from that phone to the school
    tap 7            office staff (cards) or the DSL (alerts) tap button [7]
    /time 09:25      move the clock on, running every job the scheduler would
    /phones /register /help /quit
"""

from __future__ import annotations

import datetime as dt
import re
import sys

from rich.console import Console
from rich.markup import escape

from bot.demo.render import Transcript
from bot.demo.script import REGISTER_N
from bot.demo.world import DAY, UNKNOWN_PHONE, DemoWorld

START = dt.time(7, 40)
REGISTER_TAKEN = dt.time(9, 10)
TAP = re.compile(r"^(?:/?tap|t)\s+(\d+)$", re.IGNORECASE)
HELP = """[bold]You are a parent and the office staff.[/bold]
  [cyan]any text[/cyan]        send it as an SMS from the current phone (the real NLU reads it)
  [cyan]/as N[/cyan]           be the N-th phone of /phones ([cyan]/as unknown[/cyan]: a number not on the roll)
  [cyan]tap N[/cyan]           tap button [N] under a card (office) or an alert (DSL)
  [cyan]/time HH:MM[/cyan]     move the clock on; jobs run when the scheduler would run them
                  (the register is taken at 09:10, it closes at 09:20, chasers follow)
  [cyan]/phones[/cyan]  [cyan]/register[/cyan]  [cyan]/help[/cyan]  [cyan]/quit[/cyan]"""


class Session:
    """The interactive state: which phone the person is texting from."""

    def __init__(self, world: DemoWorld, transcript: Transcript) -> None:
        self.world = world
        self.transcript = transcript
        self.phones = world.phones()
        self.phone = self.phones[0][0]
        self.register_taken = False

    @property
    def console(self) -> Console:
        return self.transcript.console

    def prompt(self) -> str:
        clock = self.world.now.astimezone(self.world.school.tz).strftime("%H:%M")
        return f"[{clock} {self.phone}] > "

    def handle(self, line: str) -> bool:
        """Act on one line; False to stop."""
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit", "/q"):
            return False
        if m := TAP.match(line):
            if not self.world.tap(int(m.group(1))):
                self.console.print(f"[red]There is no button [{m.group(1)}] showing now.[/red]")
            return True
        command, _, arg = line.partition(" ")
        actions = {"/as": self.be, "/time": self.move_clock, "/phones": self.list_phones, "/register": self.show_register, "/help": self.help}
        if command in actions:
            actions[command](arg.strip())
        elif line.startswith("/"):
            self.console.print(f"[red]Unknown command {escape(command)}.[/red] Type /help.")
        else:
            self.world.parent_sms(self.phone, line)
        return True

    def be(self, arg: str) -> None:
        if arg.lower() == "unknown":
            self.phone = UNKNOWN_PHONE
        elif arg.isdigit() and 1 <= int(arg) <= len(self.phones):
            self.phone = self.phones[int(arg) - 1][0]
        else:
            self.console.print(f"[red]Pick 1–{len(self.phones)} from /phones, or 'unknown'.[/red]")
            return
        self.console.print(f"You are now texting from {self.phone}: {escape(self.world.who(self.phone))}.")

    def move_clock(self, arg: str) -> None:
        try:
            target = dt.time.fromisoformat(arg)
        except ValueError:
            self.console.print("[red]Give a time like /time 09:25.[/red]")
            return
        if self.world.local(target) < self.world.now:
            self.console.print("[red]The clock only moves forward.[/red]")
            return
        if not self.register_taken and target >= REGISTER_TAKEN:
            self.world.advance_to(REGISTER_TAKEN)
            self.world.import_register(REGISTER_N)
            self.register_taken = True
        self.world.advance_to(target)
        self.transcript.narrate(self.world.now, f"The time is now {target:%H:%M}.")

    def list_phones(self, _arg: str = "") -> None:
        for i, (phone, who) in enumerate(self.phones, 1):
            self.console.print(f"  {i:>2}  {phone}  {escape(who)}")
        self.console.print("      /as unknown  a number the school does not know")

    def show_register(self, _arg: str = "") -> None:
        self.transcript.register_table(self.world.register(), DAY)

    def help(self, _arg: str = "") -> None:
        self.console.print(HELP)


def play_interactive(world: DemoWorld, transcript: Transcript) -> None:
    """Read and act on lines until /quit or end of input."""
    session = Session(world, transcript)
    transcript.heading("Interactive demo · Monday 30 November 2026 · Oakfield Primary School (register closes 09:20)")
    world.advance_to(START)
    session.help()
    session.console.print(f"You are texting from {session.phone}: {escape(world.who(session.phone))}. /phones lists the others.")
    while True:
        try:
            line = input(session.prompt())
        except EOFError:
            break
        if not sys.stdin.isatty():
            print(line)  # typed lines echo on a terminal; show piped ones too, so the transcript reads as a dialogue
        if not session.handle(line):
            break
    transcript.heading("End of the demo")
    session.show_register()
