"""Sending SMS through the twilio REST client (never TwiML), pointed at `twilio.api_base_url`.

The client does not retry 429/20429 or 5xx by itself; `send_sms` turns each
outcome into accepted / retry / failed, and the delivery loop records it in
the outbox, so a retry never double-sends: a row with a provider id is never
sent again.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from requests.exceptions import RequestException
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from store.models import OutboundMessage
from store.settings import Settings

log = logging.getLogger(__name__)

TWILIO_API = "https://api.twilio.com"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_CODES = frozenset({20429, 20500, 20503})
OPTED_OUT = 21610


@dataclass(frozen=True)
class SendResult:
    """What became of one send: accepted with a provider id, to retry after a delay, or failed for good."""

    outcome: str  # accepted | retry | failed
    provider_id: str | None = None
    status: str | None = None
    delay: dt.timedelta | None = None
    error: str = ""
    #: False for a wait the provider named itself (Telegram's RetryAfter): not an attempt, so backoff does not grow.
    counts: bool = True
    #: The provider may have taken the message although the answer says otherwise (timeout, lost answer, 5xx).
    uncertain: bool = False


class BaseUrlHttpClient(TwilioHttpClient):
    """The stock twilio HTTP client, with https://api.twilio.com replaced by a configured base URL."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        super().__init__(timeout=timeout)
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API):]
        return super().request(method, url, *args, **kwargs)


def make_client(settings: Settings) -> Client:
    cfg = settings.twilio
    assert cfg.account_sid and cfg.auth_token
    return Client(cfg.account_sid, cfg.auth_token.get_secret_value(), http_client=BaseUrlHttpClient(cfg.api_base_url))


def backoff(attempts: int) -> dt.timedelta:
    """2, 4, 8 … seconds, at most five minutes."""
    return dt.timedelta(seconds=min(2 ** max(attempts, 1), 300))


class TwilioSender:
    """Sends one outbox row by SMS (blocking; call from a worker thread)."""

    def __init__(self, settings: Settings, client: Client | None = None) -> None:
        self.settings = settings
        self.client = client or make_client(settings)
        self.status_callback = f"{settings.server.public_url}/twilio/status" if settings.server.public_url else None

    def from_number(self, row: OutboundMessage) -> str:
        if row.school_id:
            school = self.settings.school(row.school_id)
            if school.sms_number:
                return school.sms_number
        assert self.settings.twilio.from_number
        return self.settings.twilio.from_number

    def already_sent(self, row: OutboundMessage) -> str | None:
        """The sid of a message with this body sent to this number since the first attempt, if Twilio has one.

        Asked before re-sending after an ambiguous failure (lost answer, timeout, 5xx, a sender that died
        mid-send), so a parent never gets the same text twice. Messages list filtered by To, From and DateSent.
        """
        since = (row.first_attempt_at or row.created_at).date()
        found = self.client.messages.list(to=row.recipient, from_=self.from_number(row), date_sent_after=dt.datetime.combine(since, dt.time()), limit=50)
        return next((m.sid for m in found if m.body == row.text), None)

    def send(self, row: OutboundMessage, now: dt.datetime) -> SendResult:
        if row.check_provider:
            try:
                sid = self.already_sent(row)
            except (TwilioRestException, RequestException) as exc:
                return SendResult("retry", delay=backoff(row.attempts), error=f"checking Twilio first: {type(exc).__name__}", uncertain=True)
            if sid is not None:
                log.info("outbound %s #%s: Twilio already has it (%s); not sent again", row.kind, row.id, sid)
                return SendResult("accepted", provider_id=sid, status="sent")
        kwargs: dict[str, Any] = {"to": row.recipient, "from_": self.from_number(row), "body": row.text}
        if self.status_callback:
            kwargs["status_callback"] = self.status_callback
        if row.not_after is not None:
            seconds = int((row.not_after - now).total_seconds())
            kwargs["validity_period"] = max(1, min(seconds, 36000))
        try:
            message = self.client.messages.create(**kwargs)
        except TwilioRestException as exc:
            return classify(exc, row.attempts)
        except RequestException as exc:
            return SendResult("retry", delay=backoff(row.attempts), error=f"network: {type(exc).__name__}", uncertain=True)
        return SendResult("accepted", provider_id=message.sid, status=message.status)


def classify(exc: TwilioRestException, attempts: int) -> SendResult:
    if exc.status in RETRY_STATUSES or exc.code in RETRY_CODES:
        # A 5xx may come after Twilio took the message; a 429 never does.
        return SendResult("retry", delay=backoff(attempts), error=f"twilio {exc.status}/{exc.code}", uncertain=exc.status >= 500)
    return SendResult("failed", error=f"twilio {exc.status}/{exc.code}", status="opted_out" if exc.code == OPTED_OUT else None)
