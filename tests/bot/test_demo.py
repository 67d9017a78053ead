"""`absence-bot demo`: the scripted morning and the interactive mode, run as a newcomer would run them.

The scripted demo runs once as a subprocess from a folder outside the
repository (no config file, bogus credentials in the environment that it must
ignore) and its transcript is checked for every scripted event; once more in
process with outbound connections refused, to show it needs no network.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from bot.demo.run import run_demo

WIDE = 400
LIMIT_SECONDS = 30


def demo_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ABSENCE_BOT_")}
    # A real deployment's variables must not leak into the demo: these would fail loudly if used.
    env.update(
        ABSENCE_BOT_TELEGRAM_TOKEN="123456:not-a-real-token", ABSENCE_BOT_TWILIO_ACCOUNT_SID="ACnotreal",
        ABSENCE_BOT_DATABASE_URL="sqlite:////nonexistent/dir/absence.db", ABSENCE_BOT_CONFIG="/nonexistent/config.toml",
        COLUMNS=str(WIDE), PYTHONIOENCODING="utf-8",
    )
    return env


def run_cli(args: list[str], cwd: Path, stdin: str = "") -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args], check=False, input=stdin, capture_output=True, text=True, cwd=cwd, env=demo_env(), timeout=120,
    )
    return result, time.monotonic() - started


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], float]:
    return run_cli(["demo"], cwd=tmp_path_factory.mktemp("elsewhere"))


def panel_lines(out: str, marker: str) -> list[str]:
    return [line for line in out.splitlines() if marker in line]


def test_scripted_demo_exits_0_within_30_seconds_from_any_folder(scripted: tuple[subprocess.CompletedProcess[str], float]) -> None:
    result, elapsed = scripted
    assert result.returncode == 0, result.stderr
    assert elapsed < LIMIT_SECONDS
    assert "Traceback" not in result.stderr
    assert "not-a-real-token" not in result.stdout + result.stderr


def test_parents_get_plain_replies_naming_their_child_by_first_name(scripted: tuple[subprocess.CompletedProcess[str], float]) -> None:
    out = scripted[0].stdout
    illness = panel_lines(out, "Thanks, Sarah. Ollie (3 Kestrels) is recorded as absent today, Mon 30 Nov, because of illness.")
    assert illness and all("Bennett" not in line.split("│")[1] for line in illness)
    assert "Aisha (4 Owls) is recorded as absent for the afternoon today, Mon 30 Nov, for a medical appointment." in out
    assert "Leo (1 Wrens) is recorded as absent from Mon 30 Nov to Tue 1 Dec." in out
    assert "We have noted that Grace (5 Falcons) will be late today." in out


def test_ambiguous_message_gets_which_child_and_the_answer_is_recorded(scripted: tuple[subprocess.CompletedProcess[str], float]) -> None:
    out = scripted[0].stdout
    assert "Thanks, Meera. Which child is this about? Reply 1 for Arjun, 2 for Priya or 3 for both, or their name." in out
    assert "Thanks, Meera. Priya (6 Eagles) is recorded as absent today" in out


def test_unknown_number_learns_nothing_and_staff_are_told(scripted: tuple[subprocess.CompletedProcess[str], float]) -> None:
    out = scripted[0].stdout
    replies = panel_lines(out, "We could not match this number to our records")
    assert replies and not any(name in line for line in replies for name in ("Poppy", "Hughes", "4 Owls"))
    assert "From an unrecognised sender by sms: +447700900999" in out


def test_staff_confirm_and_change_codes_and_see_the_edited_cards(scripted: tuple[subprocess.CompletedProcess[str], float]) -> None:
    out = scripted[0].stdout
    assert "Jo Pemberton taps “✅ Confirm I” in the Staff group: Confirmed I." in out
    assert "✅ Confirmed I by Jo Pemberton (office) 08:40" in out
    assert "Jo Pemberton taps “→ G” in the Staff group: Changed to G." in out
    assert "✏️ Changed to G by Jo Pemberton (office) 08:42" in out


def test_safeguarding_group_gets_each_alert_naming_the_pupil(scripted: tuple[subprocess.CompletedProcess[str], float]) -> None:
    out = scripted[0].stdout
    assert "Safeguarding cue in a parent message" in out and "Pupil: Kacper Nowak (OAK0017, 6 Eagles)" in out
    assert "Unexplained absence: pupil with a social worker or looked after" in out and "Pupil: Ruby Evans (OAK0026, 2 Finches)" in out
    assert "Missing or unusable contact details: Oakfield Primary School" in out
    assert "• Noah Williams (OAK0012, 4 Owls): no usable contact" in out
    unaccounted = set(re.findall(r"Pupil unaccounted for.*\n.*Pupil: (\w+ \w+) \(", out))
    assert unaccounted == {"Noah Williams", "Theo Martin"}  # no contact at all; nobody answered
    assert re.search(r"1\. Laura Martin \(Mother\) by SMS at 09:20: no reply.*\n.*2\. Paul Martin \(Father\) by SMS at 09:5\d: no reply", out)


def test_chasers_go_down_the_contact_list_until_a_parent_answers(scripted: tuple[subprocess.CompletedProcess[str], float]) -> None:
    out = scripted[0].stdout
    chasers = [line for line in panel_lines(out, "(SMS chaser)")]
    assert [re.search(r"→ (.+?) \(", line).group(1) for line in chasers] == [  # type: ignore[union-attr]
        "Rachel Cohen", "Jade Evans", "Laura Martin", "David Cohen", "Paul Martin",
    ]
    assert "Thanks, David. Dan (3 Kestrels) is recorded as absent today" in out
    assert "Pupil: Daniel Cohen (OAK0025" not in out  # answered: no safeguarding alert for Dan


def test_transcript_ends_with_the_days_register(scripted: tuple[subprocess.CompletedProcess[str], float]) -> None:
    out = scripted[0].stdout
    table = out[out.index("Register · Mon 30 Nov 2026 · Oakfield Primary School"):]
    rows = {
        "Leo Nguyen": ("1 Wrens", "G", "G", "confirmed", "staff"),
        "Oliver Bennett": ("3 Kestrels", "I", "I", "confirmed", "parent"),
        "Priya Patel": ("6 Eagles", "I", "I", "provisional", "parent"),
        "Theo Martin": ("6 Eagles", "N", "", "provisional", "register"),
    }
    for pupil, cells in rows.items():
        line = next(line for line in table.splitlines() if pupil in line)
        assert [c.strip() for c in line.split("│")[1:-1]] == [pupil, *cells]
    assert re.search(r"│ Aisha Khan\s+│ 4 Owls\s+│ / +│ M +│", table)


def _block_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("the demo must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def test_demo_needs_no_network_and_leaves_no_store_behind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    attempts = _block_network(monkeypatch)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    out = io.StringIO()
    assert run_demo(False, console=Console(file=out, width=WIDE, highlight=False)) == 0
    assert attempts == []
    assert "Pupil unaccounted for" in out.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_interactive_mode_driven_by_stdin(tmp_path: Path) -> None:
    script = "ollie has been sick all night, won't be in\ntap 1\ntap 99\n/time 07:00\n/as unknown\nis Ollie in today?\n/quit\n"
    result, elapsed = run_cli(["demo", "--interactive"], cwd=tmp_path, stdin=script)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert elapsed < LIMIT_SECONDS
    assert "Thanks, Sarah. Ollie (3 Kestrels) is recorded as absent today" in out
    assert " 1  ✅ Confirm I" in out
    assert "Jo Pemberton taps “✅ Confirm I” in the Staff group: Confirmed I." in out
    assert "There is no button [99] showing now." in out
    assert "The clock only moves forward." in out
    unknown = panel_lines(out, "We could not match this number to our records")
    assert unknown and "Ollie" not in unknown[0] and "Bennett" not in unknown[0]
    assert "End of the demo" in out and "Oliver Bennett" in out


def test_interactive_mode_runs_the_morning_jobs_when_the_clock_moves(tmp_path: Path) -> None:
    result, _ = run_cli(["demo", "--interactive"], cwd=tmp_path, stdin="/time 09:25\n")  # ends at end of input, like /quit
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Register imported from the MIS" in out
    assert "register-close queued" in out and "(SMS chaser)" in out
    assert "Pupil: Noah Williams (OAK0012, 4 Owls)" in out
