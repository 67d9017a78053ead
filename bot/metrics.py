"""Prometheus metrics for `GET /metrics` (DESIGN §4.9), with the prometheus_client library.

Counters are kept per process (each `Service` has its own registry); the
outbox depth is read from the store at scrape time, so it is the same from
every worker. Labels never hold a phone number, a chat id or a pupil.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine

from store.outbox import open_counts

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class OutboxCollector(Collector):
    """absence_bot_outbox_messages{status}: queued, claimed and failed rows now."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("absence_bot_outbox_messages", "Outgoing messages in the outbox by status", labels=["status"])
        try:
            counts = open_counts(self.engine)
        except Exception as exc:
            log.error("metrics: could not read the outbox (%s)", type(exc).__name__)
            return
        for status, n in counts.items():
            family.add_metric([status], float(n))
        yield family


class Metrics:
    """The service's counters and histograms, in a registry of its own."""

    def __init__(self, engine: Engine | None = None) -> None:
        self.registry = CollectorRegistry()
        self.messages_in = Counter("absence_bot_messages_in", "Inbound messages stored", ["channel"], registry=self.registry)
        self.messages_out = Counter("absence_bot_messages_out", "Outgoing send attempts by outcome", ["channel", "kind", "outcome"], registry=self.registry)
        self.nlu_seconds = Histogram(
            "absence_bot_nlu_seconds", "Time to read one parent message", registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
        )
        self.job_runs = Counter("absence_bot_job_runs", "Scheduled job runs by job and outcome", ["job", "outcome"], registry=self.registry)
        if engine is not None:
            self.registry.register(OutboxCollector(engine))

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def timed_parser(self, parse: Callable[..., Any]) -> Callable[..., Any]:
        """The NLU parse function, observed in `absence_bot_nlu_seconds`."""

        def observed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return parse(*args, **kwargs)
            finally:
                self.nlu_seconds.observe(time.perf_counter() - started)

        return observed

    def watch_scheduler(self, scheduler: Any) -> None:
        """Count APScheduler job runs (job names are "<job> <school>")."""
        from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

        def on_event(event: Any) -> None:
            job = scheduler.get_job(event.job_id)
            name = (job.name if job is not None else str(event.job_id)).split(" ")[0]
            self.job_runs.labels(job=name, outcome="error" if event.exception else "ok").inc()

        scheduler.add_listener(on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
