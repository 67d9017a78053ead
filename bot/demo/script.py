"""The scripted school morning the demo plays: Monday 30 November 2026 at Oakfield Primary School.

Every step goes through the real code paths (see `bot.demo.world`); this
module only says who does what, and when. People and numbers are the
fictional ones of the sample roll (Ofcom drama range).
"""

from __future__ import annotations

import datetime as dt

from bot.demo.render import Transcript
from bot.demo.world import UNKNOWN_PHONE, DemoWorld

SARAH_BENNETT = "+447700900501"  # Ollie (Oliver) and Amelia
FARAH_KHAN = "+447700900503"  # Aisha
LAN_NGUYEN = "+447700900518"  # Leo
MEERA_PATEL = "+447700900512"  # Arjun and Priya
SIOBHAN_OBRIEN = "+447700900516"  # Grace
MAGDALENA_NOWAK = "+447700900521"  # Kacper
JADE_EVANS = "+447700900531"  # Ruby (has a social worker)
DAVID_COHEN = "+447700900530"  # Dan (Daniel), second contact

#: The teachers' register for the day: the sample register, with these pupils marked N (absent, no reason).
REGISTER_N = {
    "OAK0010": "N",  # Priya Patel: reported by her mother, so the N does not overwrite the parent's mark
    "OAK0014": "L",  # Grace O'Brien came in late, before the register closed
    "OAK0017": "N",  # Kacper Nowak: reported, kept
    "OAK0025": "N",  # Dan Cohen: nobody has told the school
    "OAK0026": "N",  # Ruby Evans: nobody has told the school, and she has a social worker
    "OAK0029": "N",  # Theo Martin: nobody has told the school, and nobody will answer
}


def t(hhmm: str) -> dt.time:
    return dt.time.fromisoformat(hhmm)


def parents_report(world: DemoWorld) -> None:
    """07:30–08:35: parents text the school's number."""
    world.parent_sms(SARAH_BENNETT, "ollie has been sick all night, won't be in", at=t("07:41"))
    world.parent_sms(UNKNOWN_PHONE, "Hi this is Poppy's auntie, she won't be in today, she has a bad cold", at=t("07:44"))
    world.parent_sms(FARAH_KHAN, "Hi, Aisha has the dentist at 1.30, I will collect her at lunch", at=t("07:48"))
    world.parent_sms(LAN_NGUYEN, "Leo wont be in today, we are away on holiday until Wednesday", at=t("07:52"))
    world.parent_sms(MEERA_PATEL, "my child is poorly and will not be in today", at=t("08:02"))
    world.parent_sms(MEERA_PATEL, "Priya", at=t("08:04"))
    world.parent_sms(SIOBHAN_OBRIEN, "Running late, Grace will be in about 9:10", at=t("08:15"))
    world.parent_sms(MAGDALENA_NOWAK, "Kacper wont be in today. his dad hit him last night and he is scared to come home", at=t("08:31"))


def staff_review(world: DemoWorld) -> None:
    """08:40–08:50: the office confirms one code and changes another; the DSL acknowledges the cue."""
    world.advance_to(t("08:40"))
    tap(world, text="Oliver Bennett", label="Confirm")
    world.advance_to(t("08:42"))
    tap(world, text="Leo Nguyen", label="→ G")
    world.advance_to(t("08:45"))
    tap(world, text="Kacper Nowak", label="Acknowledge")


def register_and_chase(world: DemoWorld) -> None:
    """09:10–10:25: the register, register close, chasers down each contact list, answers and alerts."""
    world.advance_to(t("09:10"))
    world.import_register(REGISTER_N)
    world.advance_to(t("09:30"))
    tap(world, text="Noah Williams", label="Acknowledge")
    world.parent_sms(JADE_EVANS, "sorry ruby has a sore throat, she is staying home today", at=t("09:36"))
    world.advance_to(t("09:40"))
    tap(world, text="Ruby Evans", label="Acknowledge")
    world.parent_sms(DAVID_COHEN, "Sorry! Dan has a tummy bug, should have let you know", at=t("10:02"))
    world.advance_to(t("10:25"))


def tap(world: DemoWorld, *, text: str, label: str) -> None:
    number = world.find_button(text=text, label=label)
    if number is None:
        raise RuntimeError(f"demo script: no “{label}” button on a message about {text}")
    world.tap(number)


def play_morning(world: DemoWorld, transcript: Transcript) -> None:
    """The whole scripted morning, then the day's register."""
    transcript.heading("07:25 Monday 30 November 2026 · Oakfield Primary School (register closes 09:20)")
    parents_report(world)
    transcript.heading("The office reviews the cards")
    staff_review(world)
    transcript.heading("Register close and the first day protocol")
    register_and_chase(world)
    transcript.heading("End of the morning")
    transcript.register_table(world.register(), world.local(t("10:25")).date())
