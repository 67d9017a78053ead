"""Keeping personal data and secrets out of every log line, traceback and crash message.

docs/data-protection.md says what logs never hold: phone numbers, message
texts, SQL parameters, bot tokens, auth tokens and passwords. The engine hides
SQL parameters (`hide_parameters`); this module is the net behind it.
`install_log_scrubbing()` replaces the log record factory, so every record,
whatever handler or formatter later writes it (stderr, journald, pytest's
capture), is scrubbed when it is made: its message is rendered and cleaned,
and its traceback is formatted, cleaned and kept as `exc_text` (the raw
`exc_info` is dropped so no formatter can render it again uncleaned). The
same cleaning covers uncaught exceptions (`sys.excepthook`,
`threading.excepthook`) and is available as `scrub()` for messages printed
directly, such as the command line's last-resort error line.

What is cleaned: configured secrets (`register_secrets`), anything shaped like
a Telegram bot token or a Bot API URL, phone numbers (E.164, UK national, and
the digits-only form Telegram uses), PostgreSQL `DETAIL:` lines (they quote
the failing row, texts included) and SQL parameter lists.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from store.settings import Settings

REDACTED_SECRET = "[secret]"
REDACTED_PHONE = "[phone]"
_MIN_SECRET = 6

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"/bot[^/\s'\"]+/"), "/bot[token]/"),
    (re.compile(r"\b\d{5,12}:[A-Za-z0-9_-]{20,}"), "[token]"),
    (re.compile(r"^(\s*)DETAIL:.*$", re.M), r"\1DETAIL: [hidden]"),
    (re.compile(r"\[parameters: [^\n]*\]"), "[parameters hidden]"),
    (re.compile(r"(?:%2B|\+)\d(?:[ -]?\d){6,14}\b"), REDACTED_PHONE),
    (re.compile(r"(?<![\w.+/:-])0\d(?:[ -]?\d){8,9}\b"), REDACTED_PHONE),
    (re.compile(r"(?<![\w.+/:-])44\d{9,10}\b"), REDACTED_PHONE),
)

_lock = threading.Lock()
_secrets: set[str] = set()
_installed = False


def register_secrets(values: Iterable[str | None]) -> None:
    """Values that must never appear in a log (tokens, passwords); short or empty ones are ignored."""
    with _lock:
        _secrets.update(v for v in values if v and len(v) >= _MIN_SECRET)


def settings_secrets(settings: Settings) -> list[str]:
    """Every secret in the configuration: tokens, the auth token, the webhook secret, the database password."""
    from sqlalchemy.engine import make_url

    found = [s.get_secret_value() for s in (settings.telegram.token, settings.telegram.webhook_secret, settings.twilio.auth_token, settings.twilio.secondary_auth_token) if s is not None]
    if settings.telegram.token is not None:
        found.append(settings.telegram.token.get_secret_value().partition(":")[2])
    password = make_url(settings.database.url).password
    return found + ([str(password)] if password else [])


def scrub(text: str) -> str:
    """`text` without secrets, tokens, phone numbers, PostgreSQL row details or SQL parameters."""
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, REDACTED_SECRET)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _format_exception(exc_info: Any) -> str:
    return logging.Formatter().formatException(exc_info)


#: Loggers whose formatters read `record.args` as a tuple: their string arguments are cleaned in place.
KEEP_ARGS = frozenset({"uvicorn.access"})


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Render and clean a record's message, traceback and stack in place."""
    if record.name in KEEP_ARGS and isinstance(record.args, tuple):
        record.args = tuple(scrub(a) if isinstance(a, str) else a for a in record.args)
    else:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} (unformattable arguments)"
        record.msg, record.args = scrub(message), None
    if record.exc_info and record.exc_info != (None, None, None):
        record.exc_text = scrub(record.exc_text or _format_exception(record.exc_info))
    elif record.exc_text:
        record.exc_text = scrub(record.exc_text)
    record.exc_info = None
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)
    return record


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    sys.stderr.write(scrub("".join(traceback.format_exception(kind, value, tb))))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
    sys.stderr.write(scrub(f"Exception in thread {name}:\n{text}"))


def install_log_scrubbing(settings: Settings | None = None) -> None:
    """Scrub every log record from now on (idempotent); with `settings`, also its secrets."""
    global _installed
    if settings is not None:
        register_secrets(settings_secrets(settings))
    with _lock:
        if _installed:
            return
        _installed = True
    previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrub_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
