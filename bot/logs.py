"""Logging for every command: text lines or one JSON object per line (`[logging] format`).

Activity events (`bot.activity`) carry their fields in `record.fields`: the
text format shows them as `key=value` after the event name, the JSON format
as keys of the object, for a log shipper. Provider libraries that log URLs
(the Bot API URL holds the token) or whole HTTP exchanges are turned down.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

from store.settings import LoggingSettings

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: httpx logs every request URL at INFO (a Telegram Bot API URL contains the token); twilio logs each HTTP exchange.
QUIET_LOGGERS = (
    "httpx", "httpcore", "twilio.http_client", "telegram.ext.Updater", "apscheduler.executors.default",
    "apscheduler.scheduler", "alembic",
)


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message, and any activity fields."""

    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        body.update(getattr(record, "fields", {}))
        if record.exc_info:
            body["exception"] = self.formatException(record.exc_info)
        return json.dumps(body, ensure_ascii=False, default=str)


def configure_logging(verbose: bool = False, settings: LoggingSettings | None = None) -> None:
    """Log to stderr in the configured format; safe to call again once the settings are known.

    When something else (a test runner) already handles the root logger, only levels are set.
    Every record is scrubbed of personal data and secrets (bot.logscrub).
    """
    from bot.logscrub import install_log_scrubbing

    install_log_scrubbing()
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "absence_bot", False)]
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.absence_bot = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        ours = [handler]
    formatter = JsonFormatter() if settings is not None and settings.format == "json" else logging.Formatter(TEXT_FORMAT)
    for handler in ours:
        handler.setFormatter(formatter)
    level = "DEBUG" if verbose else (settings.level if settings is not None else "INFO")
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
