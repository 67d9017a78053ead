"""A trust on one shared number, from outside: the CLI and `absence-bot run` in their own processes against the fakes.

Two schools share `twilio.from_number` (DESIGN §4.7). The configuration, the
roll import and the service are used exactly as a school's technician would
use them; the tests only talk HTTP to the service and read the fakes.
"""

from __future__ import annotations

import re
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.process_harness import ServiceProcess, cli, running, write_config
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI

SHARED = "+447700900100"
OAK_STAFF, OAK_DSL, HILL_STAFF, HILL_DSL = -1001000000001, -1001000000002, -1001000000011, -1001000000012
SARAH, DAN, STRANGER = "+447700900001", "+447700900002", "+447700900999"
SCHOOLS = [
    {"id": "oakfield", "name": "Oakfield Primary School", "staff_chat_id": OAK_STAFF, "safeguarding_chat_id": OAK_DSL, "policy": "bedwell"},
    {"id": "hillcrest", "name": "Hillcrest Academy", "staff_chat_id": HILL_STAFF, "safeguarding_chat_id": HILL_DSL, "policy": "afmat"},
]
STAFF = [{"telegram_user_id": 100000003, "name": "Alex Novak", "role": "admin", "schools": ["oakfield", "hillcrest"]}]
ROLL = """school_id,pupil_id,first_name,last_name,year_group,reg_group,contact_id,contact_name,relationship,phone,priority
oakfield,OAK1,Oliver,Smith,3,3B,C-OAK-1,Sarah Smith,mother,07700 900001,1
hillcrest,HC1,Mia,Smith,8,8R,C-HC-1,Sarah Smith,mother,07700900001,1
hillcrest,HC2,Noah,Jones,9,9T,C-HC-2,Dan Jones,father,+44 7700 900002,1
"""


@pytest.fixture
def trust(tmp_path: Path) -> Iterator[tuple[ServiceProcess, FakeTwilioAPI, FakeTelegramAPI, Path]]:
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        config = tmp_path / "config.toml"
        port = write_config(config, db_url=f"sqlite:///{tmp_path / 'absence.db'}", twilio=twilio, telegram=telegram, schools=SCHOOLS, staff=STAFF, from_number=SHARED)
        for args in (("db", "upgrade"), ("import", "roll", str(_roll(tmp_path, ROLL)))):
            done = cli(config, *args)
            assert done.returncode == 0, done.stderr
        with running(config, port, twilio, log=tmp_path / "service.log") as service:
            yield service, twilio, telegram, config


def _roll(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roll.csv"
    path.write_text(text, "utf-8")
    return path


def until(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def sent_to(telegram: FakeTelegramAPI, chat: int) -> list[str]:
    return [str(p.get("text", "")) for p in telegram.sent() if p.get("chat_id") == chat]


def test_each_family_is_answered_and_each_card_reaches_its_own_school(trust: tuple[ServiceProcess, FakeTwilioAPI, FakeTelegramAPI, Path]) -> None:
    service, twilio, telegram, _ = trust
    assert service.sms(DAN, "Noah has a temperature so won't be in today", "SM" + "1" * 32, to=SHARED).status_code == 200
    until(lambda: any(m["To"] == DAN for m in twilio.messages))
    reply = next(m for m in twilio.messages if m["To"] == DAN)
    assert "Noah (9T) is recorded as absent" in reply["Body"] and reply["From"] == SHARED
    until(lambda: any("Noah Jones" in t for t in sent_to(telegram, HILL_STAFF)))
    assert not any("Noah" in t for t in sent_to(telegram, OAK_STAFF))


def test_one_family_at_two_schools_gets_one_question_and_two_cards(trust: tuple[ServiceProcess, FakeTwilioAPI, FakeTelegramAPI, Path]) -> None:
    service, twilio, telegram, _ = trust
    service.sms(SARAH, "won't be in today sorry, sickness bug", "SM" + "2" * 32, to=SHARED)
    until(lambda: any(m["To"] == SARAH for m in twilio.messages))
    question = [m["Body"] for m in twilio.messages if m["To"] == SARAH][0]
    assert "Which child" in question and "Mia" in question and "Oliver" in question
    service.sms(SARAH, "3", "SM" + "3" * 32, to=SHARED)
    until(lambda: any("Oliver Smith" in t for t in sent_to(telegram, OAK_STAFF)) and any("Mia Smith" in t for t in sent_to(telegram, HILL_STAFF)))
    assert not any("Mia" in t for t in sent_to(telegram, OAK_STAFF)) and not any("Oliver" in t for t in sent_to(telegram, HILL_STAFF))


def test_a_sender_on_no_roll_is_told_nothing_and_every_school_sees_it(trust: tuple[ServiceProcess, FakeTwilioAPI, FakeTelegramAPI, Path]) -> None:
    service, twilio, telegram, _ = trust
    service.sms(STRANGER, "is Mia Smith in today?", "SM" + "4" * 32, to=SHARED)
    until(lambda: any(m["To"] == STRANGER for m in twilio.messages))
    body = next(m for m in twilio.messages if m["To"] == STRANGER)["Body"]
    assert "could not match" in body and "Mia" not in body
    until(lambda: any("Mia Smith in today" in t for t in sent_to(telegram, OAK_STAFF)) and any("Mia Smith in today" in t for t in sent_to(telegram, HILL_STAFF)))


BURST = 1000


def burst_roll() -> str:
    lines = [ROLL.splitlines()[0]]
    for n in range(BURST):
        lines.append(f"oakfield,B{n:04d},Pupil{n:04d},Burst,5,5{'ABCD'[n % 4]},C-B{n:04d},Parent {n:04d},mother,+447700900{n:03d},1")
    return "\n".join(lines) + "\n"


def busiest_minute(telegram: FakeTelegramAPI, chat: int) -> int:
    """The most sendMessage calls to `chat` in any sliding 60 seconds."""
    times = sorted(c.at for c in telegram.calls if c.method == "sendMessage" and c.params.get("chat_id") == chat)
    start, most = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 60:
            start += 1
        most = max(most, end - start + 1)
    return most


def test_a_burst_of_a_thousand_texts_keeps_the_staff_group_within_telegrams_limit(tmp_path: Path) -> None:
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        config = tmp_path / "config.toml"
        port = write_config(config, db_url=f"sqlite:///{tmp_path / 'absence.db'}", twilio=twilio, telegram=telegram, schools=SCHOOLS, staff=STAFF, from_number=SHARED)
        for args in (("db", "upgrade"), ("import", "roll", str(_roll(tmp_path, burst_roll())))):
            assert cli(config, *args).returncode == 0
        with running(config, port, twilio, log=tmp_path / "service.log") as service:
            started = time.monotonic()

            def text(n: int) -> int:
                words = ["Pupil{:04d} is off sick today", "pupil{:04d} has a dentist appointment this morning", "Pupil{:04d} won't be in, temperature"][n % 3]
                return service.sms(f"+447700900{n:03d}", words.format(n), f"SM{n:032x}", to=SHARED).status_code

            with ThreadPoolExecutor(max_workers=8) as pool:
                assert set(pool.map(text, range(BURST))) == {200}
            assert time.monotonic() - started < 60, "the burst is sent within a minute"
            until(lambda: len({m["To"] for m in twilio.messages}) == BURST, timeout=240)
            until(lambda: len(reports_shown(telegram, OAK_STAFF)) == BURST, timeout=240)
        assert busiest_minute(telegram, OAK_STAFF) <= 20
        assert len(sent_to(telegram, OAK_STAFF)) < BURST / 5, "cards were rolled up, not posted one by one"


def reports_shown(telegram: FakeTelegramAPI, chat: int) -> set[int]:
    """Report ids staff can see in the chat: on a card ("report #12") or in a digest ("/card_12")."""
    return {int(n) for t in sent_to(telegram, chat) for n in re.findall(r"(?:report #|/card_)(\d+)", t)}


def test_sighup_reloads_staff_without_a_restart(tmp_path: Path) -> None:
    from tests.bot.test_staff_telegram import group_message

    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        config = tmp_path / "config.toml"
        port = write_config(config, db_url=f"sqlite:///{tmp_path / 'absence.db'}", twilio=twilio, telegram=telegram, schools=SCHOOLS, staff=STAFF, from_number=SHARED)
        assert cli(config, "db", "upgrade").returncode == 0
        newcomer = {"telegram_user_id": 100000099}
        with running(config, port, twilio, log=tmp_path / "run.log") as service:
            telegram.inject_update(group_message(newcomer["telegram_user_id"], OAK_STAFF, "/help"))
            until(lambda: any("not" in t.lower() and "staff" in t.lower() for t in sent_to(telegram, OAK_STAFF)))
            config.write_text(config.read_text("utf-8") + '\n[[staff]]\ntelegram_user_id = 100000099\nname = "Priya Shah"\nrole = "office"\nschools = ["oakfield"]\n', "utf-8")
            service.process.send_signal(signal.SIGHUP)
            until(lambda: "SIGHUP: reloaded" in (tmp_path / "run.log").read_text())
            telegram.inject_update(group_message(newcomer["telegram_user_id"], OAK_STAFF, "/help"))
            until(lambda: any("Priya Shah (office)" in t for t in sent_to(telegram, OAK_STAFF)))
            assert service.process.poll() is None
