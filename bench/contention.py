"""Contention: 50 status callbacks and 50 inbound SMS arriving together, on SQLite or PostgreSQL, over real HTTP.

Phase 1 sends 50 texts and waits until their replies are sent (giving 50 real
outbound MessageSids). Phase 2 fires, all at once, a delivery status callback
for each of those replies and 50 new inbound texts. Every answer must be 200
("database is locked" used to answer 500); every message is processed once.

Run: python -m bench.contention [--url postgresql://...] [--count 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from sqlmodel import func, select
from telegram.ext import AIORateLimiter

from bench.sms_burst import TEXTS, seed
from store.db import session_scope
from store.models import InboundMessage, OutboundMessage
from tests.bot.service_harness import RunningService, service_settings, start_service, wait
from tests.conftest import migrated_engine
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI


def sms_params(running: RunningService, people: list[tuple[str, str, str]], i: int) -> dict[str, str]:
    phone, to, child = people[i % len(people)]
    sid = f"SM{i:032x}"
    return {"MessageSid": sid, "SmsSid": sid, "AccountSid": running.twilio.account_sid, "From": phone, "To": to, "Body": TEXTS[i % 4].format(n=child), "NumSegments": "1"}


async def post_all(running: RunningService, requests: list[tuple[str, dict[str, str]]]) -> Counter[int]:
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=200)) as client:
        async def one(path: str, params: dict[str, str]) -> int:
            headers = {"X-Twilio-Signature": running.sign(path, params)}
            return (await client.post(f"{running.base}{path}", data=params, headers=headers)).status_code

        return Counter(await asyncio.gather(*(one(path, params) for path, params in requests)))


def reply_sids(running: RunningService) -> list[str]:
    with session_scope(running.engine) as s:
        rows = s.exec(select(OutboundMessage.provider_id).where(OutboundMessage.channel == "sms", OutboundMessage.provider_id.is_not(None)))  # type: ignore[union-attr]
        return [sid for sid in rows if sid]


def inbound_done(running: RunningService) -> tuple[int, int]:
    with session_scope(running.engine) as s:
        total = int(s.exec(select(func.count()).select_from(InboundMessage)).one())
        done = int(s.exec(select(func.count()).select_from(InboundMessage).where(InboundMessage.state == "done")).one())
    return total, done


def one_round(url: str, count: int) -> dict[str, object]:
    with FakeTwilioAPI() as twilio, FakeTelegramAPI() as telegram:
        settings = service_settings(url, twilio, telegram)
        engine = migrated_engine(url, settings)
        people = seed(engine, count * 2)
        running = start_service(settings, engine, twilio, telegram, rate_limiter=AIORateLimiter(group_max_rate=10_000, max_retries=0))
        try:
            first = asyncio.run(post_all(running, [("/twilio/sms", sms_params(running, people, i)) for i in range(count)]))
            wait(lambda: len(reply_sids(running)) >= count, timeout=300)
            sids = reply_sids(running)[:count]
            burst = [("/twilio/status", {"MessageSid": sid, "MessageStatus": "delivered", "AccountSid": twilio.account_sid}) for sid in sids]
            burst += [("/twilio/sms", sms_params(running, people, count + i)) for i in range(count)]
            started = time.perf_counter()
            answers = asyncio.run(post_all(running, burst))
            elapsed = time.perf_counter() - started
            wait(lambda: inbound_done(running) == (2 * count, 2 * count), timeout=300)
            with session_scope(engine) as s:
                twice = int(s.exec(select(func.count()).select_from(InboundMessage).where(InboundMessage.attempts > 1)).one())
        finally:
            running.stop()
            engine.dispose()
    return {"first": dict(first), "together": dict(answers), "together_s": round(elapsed, 2), "processed_more_than_once": twice}


def fresh_postgres(base: str, n: int) -> str:
    import psycopg

    name = f"absence_bench_{int(time.time())}_{n}"
    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="PostgreSQL server URL (a fresh database is created per round); default SQLite in a temporary folder")
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.rounds):
            url = fresh_postgres(args.url, n) if args.url else f"sqlite:///{Path(tmp) / f'bench{n}.db'}"
            results.append(one_round(url, args.count))
    not_200 = sum(v for r in results for key in ("first", "together") for code, v in r[key].items() if code != 200)  # type: ignore[attr-defined]
    print(json.dumps({"backend": "postgresql" if args.url else "sqlite", "rounds": results, "answers_other_than_200": not_200}))
    return 0 if not_200 == 0 and all(r["processed_more_than_once"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
