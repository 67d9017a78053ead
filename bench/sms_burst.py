"""Burst of inbound SMS webhooks against the in-process service on SQLite, over real HTTP.

Sends COUNT signed Twilio webhooks spread evenly over SECONDS (default 1,000
over 60 s) from 250 fictional parents across the four example schools, with
the real twilio and python-telegram-bot clients talking to the local fake
APIs. Checks: every webhook answered 200 within Twilio's 15 s limit (p50/p99
reported), none lost, none processed twice, every reply and card sent.

The fake Telegram API does not enforce Telegram's 20-messages-a-minute limit
per group, and the bench lifts that limit in the rate limiter so the whole
pipeline can be timed; in production 1,000 cards into four staff groups are
paced over ~12 minutes, while SMS replies (a separate delivery loop) are not
held up by them.

Run: python -m bench.sms_burst [--count 1000] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlmodel import func, select
from telegram.ext import AIORateLimiter

from store.db import session_scope
from store.models import Contact, InboundMessage, OutboundMessage, Pupil, PupilContact
from tests.bot.service_harness import service_settings, start_service, wait
from tests.conftest import migrated_engine
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI

SCHOOL_NUMBERS = {"oakfield": "+447700900100", "hillcrest": "+447700900200", "meadowbank": "+447700900300", "riverside": "+447700900400"}
FIRST = ["Oliver", "Amelia", "Noah", "Isla", "Leo", "Ava", "Freddie", "Mia", "Arlo", "Ivy"]
TEXTS = ["{n} has been sick all night, won't be in today", "{n} has a temperature so staying home", "{n} has the dentist this morning, in after lunch", "{n} won't be in today sorry"]


def seed(engine, families: int) -> list[tuple[str, str, str]]:
    """Fictional parents (07700 900xxx) each with one child; returns (phone, school number, child)."""
    people = []
    with session_scope(engine) as s:
        for i in range(families):
            school = list(SCHOOL_NUMBERS)[i % 4]
            pupil = Pupil(school_id=school, mis_id=f"B{i}", first_name=FIRST[i % 10], last_name=f"Bench{i}", year_group="4", reg_group="4B")
            contact = Contact(school_id=school, mis_id=f"BC{i}", name=f"Parent{i} Bench", phone=f"+447700900{500 + i:03d}")
            s.add_all([pupil, contact])
            s.flush()
            s.add(PupilContact(pupil_id=pupil.id, contact_id=contact.id, priority=1))
            people.append((contact.phone, SCHOOL_NUMBERS[school], pupil.first_name))
    return people


async def burst(running, people, count: int, seconds: float) -> list[float]:
    latencies: list[float] = []
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=200)) as client:
        async def one(i: int) -> None:
            phone, to, child = people[i % len(people)]
            params = {"MessageSid": f"SM{i:032d}", "AccountSid": running.twilio.account_sid, "From": phone, "To": to, "Body": TEXTS[i % 4].format(n=child), "NumSegments": "1"}
            headers = {"X-Twilio-Signature": running.sign("/twilio/sms", params)}
            start = time.perf_counter()
            response = await client.post(f"{running.base}/twilio/sms", data=params, headers=headers)
            latencies.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code

        tasks = []
        t0 = time.perf_counter()
        for i in range(count):
            delay = t0 + i * seconds / count - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
    return latencies


def counts(engine) -> dict[str, int]:
    with session_scope(engine) as s:
        def n(stmt) -> int:
            return int(s.exec(stmt).one())
        return {
            "inbound": n(select(func.count()).select_from(InboundMessage)),
            "inbound_done": n(select(func.count()).select_from(InboundMessage).where(InboundMessage.state == "done")),
            "inbound_processed_more_than_once": n(select(func.count()).select_from(InboundMessage).where(InboundMessage.attempts > 1)),
            "outbound": n(select(func.count()).select_from(OutboundMessage)),
            "outbound_sent": n(select(func.count()).select_from(OutboundMessage).where(OutboundMessage.status == "sent")),
            "cards": n(select(func.count()).select_from(OutboundMessage).where(OutboundMessage.kind == "card")),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        settings = service_settings(url, twilio, telegram)
        engine = migrated_engine(url, settings)
        people = seed(engine, 250)
        running = start_service(settings, engine, twilio, telegram, rate_limiter=AIORateLimiter(group_max_rate=10_000, max_retries=0))
        try:
            started = time.perf_counter()
            latencies = asyncio.run(burst(running, people, args.count, args.seconds))
            webhooks_done = time.perf_counter() - started
            wait(lambda: (c := counts(engine))["inbound_done"] == args.count and c["outbound_sent"] == c["outbound"], timeout=600)
            drained = time.perf_counter() - started
        finally:
            running.stop()
        result = counts(engine)
        q = statistics.quantiles(latencies, n=100)
        report = {
            "webhooks": len(latencies), "seconds": args.seconds, "p50_ms": round(q[49] * 1000, 1), "p99_ms": round(q[98] * 1000, 1),
            "max_ms": round(max(latencies) * 1000, 1), "over_15s": sum(l > 15 for l in latencies),
            "burst_s": round(webhooks_done, 1), "all_sent_after_s": round(drained, 1),
            "sms_sent_to_fake": len(twilio.messages), "telegram_sends": len(telegram.sent()), **result,
        }
        print(json.dumps(report))
        ok = (report["over_15s"] == 0 and result["inbound"] == result["inbound_done"] == args.count
              and result["inbound_processed_more_than_once"] == 0 and result["outbound_sent"] == result["outbound"]
              and len(twilio.messages) == args.count)
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
