"""Four sender processes on one database deliver every queued SMS exactly once (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

from sqlalchemy.engine import Engine

from handlers.outbox import Outgoing, queue
from store.db import session_scope
from tests.fakes.twilio_api import FakeTwilioAPI

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 60
WORKERS = 4

SENDER = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from bot.sender import Transports, deliver_pending
    from bot.twilio_sender import TwilioSender
    from store.db import make_engine
    from store.settings import load_settings

    settings = load_settings(Path(sys.argv[1]) / "config.example.toml")
    engine = make_engine(settings.database.url)
    sent = asyncio.run(deliver_pending(engine, settings, Transports(sms=TwilioSender(settings)), worker=sys.argv[2]))
    print(sent)
    """
)


def test_four_sender_processes_send_each_message_once(engine: Engine, db_url: str) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    with session_scope(engine) as s:
        queue(s, [Outgoing(key=f"k{i}", channel="sms", recipient=f"+4477009001{i:02d}", text=f"message {i}", school_id="oakfield")
                  for i in range(MESSAGES)], now=now)
    with FakeTwilioAPI() as twilio:
        twilio.delay = 0.1  # each send takes a moment, so the processes really overlap
        env = dict(os.environ)
        env.update({
            "ABSENCE_BOT_DATABASE_URL": db_url,
            "ABSENCE_BOT_TWILIO_ACCOUNT_SID": twilio.account_sid,
            "ABSENCE_BOT_TWILIO_AUTH_TOKEN": twilio.auth_token,
            "ABSENCE_BOT_TWILIO_API_BASE_URL": twilio.base_url,
        })
        workers = [
            subprocess.Popen([sys.executable, "-c", SENDER, str(ROOT), f"proc{n}"], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for n in range(WORKERS)
        ]
        results = [w.communicate(timeout=120) for w in workers]
        assert all(w.returncode == 0 for w in workers), [err for _, err in results]
        bodies = Counter(m["Body"] for m in twilio.messages)
    per_process = [int(out.strip().splitlines()[-1]) for out, _ in results]
    assert sum(per_process) == MESSAGES
    assert sum(1 for n in per_process if n) >= 2, f"the processes did not overlap: {per_process}"
    assert len(bodies) == MESSAGES and set(bodies.values()) == {1}
