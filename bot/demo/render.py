"""The demo's transcript: what each party saw, printed with rich as it happens.

One colour per party: the parent's phone (cyan), the unknown sender (magenta),
the staff group (green), the safeguarding group (red), the scheduler and
narration (yellow). Times are the school's local time. Telegram HTML (bold,
italic) becomes rich styles; everything else is shown as written.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from bot.demo.transports import Delivered
from bot.demo.world import RegisterRow
from handlers.staff.actions import TapResult
from store.codes import PRESENT_CODES
from store.settings import SchoolSettings

TAGS = {"<b>": "[bold]", "</b>": "[/bold]", "<i>": "[italic]", "</i>": "[/italic]", "<code>": "[bold]", "</code>": "[/bold]"}
TAG = re.compile("|".join(re.escape(t) for t in TAGS))
PARENT, UNKNOWN, STAFF, SAFEGUARDING, SYSTEM = "cyan", "magenta", "green", "red", "yellow"


def from_html(text: str) -> Text:
    """Telegram HTML as rich Text: tags become styles, entities are decoded."""
    return Text.from_markup(html.unescape(TAG.sub(lambda m: TAGS[m.group(0)], escape(text))))


def button_rows(buttons: Sequence[Sequence[dict[str, str]]], numbers: Sequence[int]) -> Text:
    """The inline keyboard, one line per row as Telegram lays it out, each button with its number."""
    lines = Text()
    numbered = iter(numbers)
    for row in buttons:
        line = Text()
        for button in row:
            line.append(f" {next(numbered)} ", style="bold reverse")
            line.append(f" {button['label']}   ")
        line.no_wrap = True
        lines.append("\n")
        lines.append_text(line)
    return lines


class Transcript:
    """Prints each event of the morning as a panel for the party that saw it, and counts them."""

    def __init__(self, console: Console, school: SchoolSettings) -> None:
        self.console = console
        self.school = school
        self.tz = ZoneInfo(school.timezone)
        self.counts: Counter[str] = Counter()

    def clock(self, at: dt.datetime) -> str:
        return at.astimezone(self.tz).strftime("%H:%M")

    def party(self, chat_id: int | str) -> tuple[str, str]:
        """(name, colour) of a Telegram chat."""
        if str(chat_id) == str(self.school.staff_chat_id):
            return "👥 Staff group", STAFF
        if str(chat_id) == str(self.school.safeguarding_chat_id):
            return "🛡  Safeguarding group", SAFEGUARDING
        return f"💬 Telegram chat {chat_id}", PARENT

    def parent_sent(self, at: dt.datetime, phone: str, who: str, text: str) -> None:
        self.counts["sms in"] += 1
        colour = UNKNOWN if who == "unknown number" else PARENT
        title = f"{self.clock(at)} 📱 {escape(who)} {phone} → school (SMS)"
        self.console.print(Panel(Text(text), title=title, title_align="left", border_style=colour))

    def delivered(self, d: Delivered, who: str, numbers: list[int]) -> None:
        if d.channel == "sms":
            self.counts["sms out"] += 1
            colour = UNKNOWN if who == "unknown number" else PARENT
            kind = "chaser" if d.kind == "chaser" else "reply"
            title = f"{self.clock(d.at)} 📱 school → {escape(who)} {d.recipient} (SMS {kind})"
            self.console.print(Panel(Text(d.text), title=title, title_align="right", border_style=colour))
            return
        name, colour = self.party(d.recipient)
        self.counts[d.kind] += 1
        what = {"card": "card", "card_edit": "card edited", "alert": "alert", "digest": "digest", "staff_note": "notice"}.get(d.kind, d.kind)
        self._telegram(d.at, name, colour, what, d.text if d.html else escape(d.text), d.buttons, numbers)

    def _telegram(self, at: dt.datetime, name: str, colour: str, what: str, text_html: str, buttons: Sequence[Sequence[dict[str, str]]], numbers: Sequence[int]) -> None:
        body: list[Text] = [from_html(text_html)]
        if numbers:
            body.append(button_rows(buttons, numbers))
        title = f"{self.clock(at)} {name} · {what}"
        self.console.print(Panel(Group(*body), title=title, title_align="left", border_style=colour))

    def tapped(self, at: dt.datetime, chat_id: int, who: str, label: str, result: TapResult, numbers: list[int]) -> None:
        self.counts["taps"] += 1
        name, colour = self.party(chat_id)
        self.console.print(Text.assemble((f"{self.clock(at)} 👆 {who} taps “{label}” in the {name.split(' ', 1)[1].strip()}: ", colour), (result.notice, "bold")))
        if result.text is not None:
            self._telegram(at, name, colour, "card edited" if not label.startswith("Acknowledge") else "alert edited", result.text, [[{"label": b.label, "data": b.data} for b in row] for row in result.buttons], numbers)

    def job_ran(self, at: dt.datetime, job: str, queued: int) -> None:
        self.counts["jobs"] += 1
        self.console.print(Rule(f"⏰ {self.clock(at)} scheduler: {job} queued {queued} message(s)", style=SYSTEM))

    def narrate(self, at: dt.datetime, text: str) -> None:
        self.console.print(Text(f"{self.clock(at)} ▸ {text}", style=SYSTEM))

    def heading(self, text: str) -> None:
        self.console.print(Rule(f"[bold]{escape(text)}[/bold]", style=SYSTEM))

    def register_table(self, rows: Sequence[RegisterRow], day: dt.date) -> None:
        """The day's register: every pupil with an absence or late mark; those present all day are counted."""
        shown = [r for r in rows if {r.am, r.pm} - {""} - PRESENT_CODES or "L" in (r.am, r.pm)]
        table = Table(title=f"Register · {day:%a} {day.day} {day:%b %Y} · {self.school.name}", title_style="bold")
        for column in ("Pupil", "Reg group", "AM", "PM", "Status", "Source"):
            table.add_column(column, justify="center" if column in ("AM", "PM") else "left")
        for r in shown:
            table.add_row(r.pupil, r.reg_group, Text(r.am, style="bold"), Text(r.pm, style="bold"), r.status, r.source)
        table.caption = f"{len(rows) - len(shown)} other pupils with marks were present (/) in every marked session."
        self.console.print(table)
