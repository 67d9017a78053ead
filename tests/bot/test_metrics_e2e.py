"""`GET /metrics` from the running service: Prometheus text that counts what happened, and names no one."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import Engine

from tests.bot.service_harness import RunningService, seeded_service, wait
from tests.handlers.parent_dialogue import DAN_PHONE, DAN_TG


@pytest.fixture
def svc(sqlite_url: str, sqlite_engine: Engine) -> Iterator[RunningService]:
    with seeded_service(sqlite_url, sqlite_engine) as running:
        yield running


def samples(svc: RunningService) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = httpx.get(f"{svc.base}/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def test_metrics_count_messages_in_and_out_the_nlu_and_the_outbox(svc: RunningService) -> None:
    svc.sms(DAN_PHONE, "Noah is ill today", "SM" + "1" * 32)
    svc.telegram.inject_update(svc.telegram.private_message(DAN_TG, "sorry Noah still poorly"))
    card = ("absence_bot_messages_out_total", (("channel", "telegram"), ("kind", "card"), ("outcome", "accepted")))
    reply = ("absence_bot_messages_out_total", (("channel", "sms"), ("kind", "reply"), ("outcome", "accepted")))
    wait(lambda: (got := samples(svc)).get(card) == 1.0 and got.get(reply, 0) >= 1.0, timeout=20)
    got = samples(svc)
    assert got[("absence_bot_messages_in_total", (("channel", "sms"),))] == 1.0
    assert got[("absence_bot_messages_in_total", (("channel", "telegram"),))] == 1.0
    assert got[("absence_bot_nlu_seconds_count", ())] >= 1.0
    assert ("absence_bot_outbox_messages", (("status", "failed"),)) in got
    text = httpx.get(f"{svc.base}/metrics").text
    assert DAN_PHONE not in text and "Noah" not in text
