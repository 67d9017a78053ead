"""One structured log line per message in and out and per staff action (logger `absence_bot.activity`).

The message reads `event key=value …` in the text log format; the JSON format
(`[logging] format = "json"`) carries the same fields as keys. Fields name
schools, MIS ids, outbox and report ids, staff names and roles, and the
school's local time: never a phone number, a parent's or pupil's name, or
what anyone wrote.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

log = logging.getLogger("absence_bot.activity")


def local_time(at: dt.datetime, tz: ZoneInfo | None) -> str:
    return (at.astimezone(tz) if tz is not None else at).isoformat(timespec="seconds")


def activity(event: str, **fields: Any) -> None:
    shown = {k: v for k, v in fields.items() if v is not None}
    log.info("%s %s", event, " ".join(f"{k}={v}" for k, v in shown.items()), extra={"fields": {"event": event, **shown}})
