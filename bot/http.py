"""The HTTP side (DESIGN §4.3): Twilio inbound SMS and status callbacks, the Telegram webhook, /healthz.

An inbound SMS is checked against its X-Twilio-Signature (rebuilt from
`server.public_url` + path + query, never X-Forwarded-*), stored keyed by
MessageSid, and only then answered 200 with empty TwiML; the inbound worker
processes it. Replies go out through the REST API, never as TwiML.

A message that cannot be stored (read-only or full disk) is answered 503, so
Twilio and Telegram send it again; `/healthz` proves the store takes writes
(a heartbeat row) and turns 503 when it does not. Twilio's signature joins
names and values without separators, so a captured request can be re-cut
into another that signs the same: a `MessageSid` must have Twilio's shape
(`SM`/`MM` + 32 hex digits) and the `SmsSid`/`SmsMessageSid` Twilio sends
with it must equal it, or the request is refused (400).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from telegram import Update
from telegram.ext import Application
from twilio.request_validator import RequestValidator

from bot.metrics import CONTENT_TYPE, Metrics
from bot.telegram_app import store_update, update_record
from handlers.inbound import apply_delivery_status, retry_time, store_inbound
from handlers.outbox import queue
from store.db import session_scope, write
from store.models import OutboundMessage, ServiceHeartbeat, utcnow
from store.outbox import open_counts
from store.settings import Settings

log = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def twilio_url(settings: Settings, request: Request) -> str:
    """The URL Twilio signed: the public URL plus the path and query it called."""
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{settings.server.public_url}{request.url.path}{query}"


async def signed_form(settings: Settings, request: Request) -> dict[str, str] | None:
    """The form fields when the Twilio signature is valid, else None."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    tokens = settings.twilio.signing_tokens()
    if not tokens or not settings.server.public_url:
        log.error("Twilio webhook refused: twilio.auth_token and server.public_url are both needed to check signatures")
        return None
    signature = request.headers.get("X-Twilio-Signature", "")
    url = twilio_url(settings, request)
    if not any(RequestValidator(token).validate(url, form, signature) for token in tokens):
        log.warning(
            "Twilio webhook with a bad signature refused: checked against %s (server.public_url + path); if every SMS is refused, "
            "check that it is exactly the URL set in Twilio and that twilio.auth_token is the account's current token", url,
        )
        return None
    return form


MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-f]{32}$")


def sms_shape_problem(form: dict[str, str]) -> str | None:
    """Why a signed inbound-SMS form is not one Twilio would send (None when it is)."""
    sid = form.get("MessageSid", "")
    if not MESSAGE_SID.match(sid):
        return "MessageSid is not SM/MM followed by 32 hex digits"
    for twin in ("SmsSid", "SmsMessageSid"):
        if twin in form and form[twin] != sid:
            return f"{twin} differs from MessageSid"
    if not form.get("From") or "Body" not in form:
        return "From or Body missing"
    return None


def store_sms(engine: Engine, settings: Settings, form: dict[str, str]) -> int | None:
    school = settings.school_for_number(form.get("To"))
    with session_scope(engine) as session:
        return store_inbound(
            session, channel="sms", provider_id=form["MessageSid"], sender=form.get("From", ""),
            recipient=form.get("To"), text=form.get("Body", ""), school_id=school.id if school else None,
            payload={"num_segments": form.get("NumSegments")} | mms_attachment(form), received_at=utcnow(),
        )


def mms_attachment(form: dict[str, str]) -> dict[str, Any]:
    """The first media item of an MMS (Twilio's MediaUrl0), as an attachment reference."""
    if not form.get("NumMedia", "0").isdigit() or int(form.get("NumMedia", "0")) < 1 or not form.get("MediaUrl0"):
        return {}
    return {"attachment": {"kind": "mms", "file_ref": form["MediaUrl0"], "mime_type": form.get("MediaContentType0"), "file_name": None}}


def store_status(engine: Engine, form: dict[str, str]) -> None:
    now = utcnow()
    with session_scope(engine) as session:
        retries = apply_delivery_status(session, sid=form.get("MessageSid", ""), status=form.get("MessageStatus", ""), error_code=form.get("ErrorCode") or None, now=now)
        queue(session, retries, now=retry_time(now))


def database_state(engine: Engine, worker: str) -> str:
    """"ok" when the store answers and takes a write (this process's heartbeat), else what is wrong."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        log.error("health check: the database does not answer (%s)", type(exc).__name__)
        return "error: not answering"

    def beat(session: Any) -> None:
        row = session.get(ServiceHeartbeat, worker) or ServiceHeartbeat(worker=worker)
        row.beat_at = utcnow()
        session.add(row)

    try:
        write(engine, beat, what="health check")
    except Exception as exc:
        log.error("health check: the database does not take writes (%s: %s)", type(exc).__name__, str(exc).splitlines()[0][:120])
        return "error: does not take writes (read-only or full?)"
    return "ok"


def outbox_counts(engine: Engine) -> dict[str, int]:
    counts = open_counts(engine)
    return {"queued": counts["queued"] + counts["claimed"], "failed": counts["failed"]}


def provider_state(engine: Engine, channel: str, configured: bool) -> str:
    """"off" when not configured; else "ok", or the error of the last send when it did not go through."""
    if not configured:
        return "off"
    with engine.connect() as conn:
        last = conn.execute(
            select(OutboundMessage.status, OutboundMessage.error_code)
            .where(OutboundMessage.channel == channel, OutboundMessage.claimed_at.is_not(None))  # type: ignore[union-attr]
            .order_by(OutboundMessage.claimed_at.desc()).limit(1)  # type: ignore[union-attr]
        ).first()
    if last is None or last.status in ("sent", "claimed") or not last.error_code:
        return "ok"
    return f"error: {last.error_code}" if last.status == "failed" else f"retrying: {last.error_code}"


def health(engine: Engine, settings: Settings, worker: str, scheduler: str) -> tuple[dict[str, Any], int]:
    database = database_state(engine, worker)
    body: dict[str, Any] = {"status": "ok" if database == "ok" else "error", "database": database, "scheduler": scheduler}
    try:
        body["telegram"] = provider_state(engine, "telegram", settings.telegram.configured)
        body["twilio"] = provider_state(engine, "sms", settings.twilio.configured)
        body["outbox"] = outbox_counts(engine)
    except Exception as exc:
        log.error("health check: could not read the outbox (%s)", type(exc).__name__)
    return body, 200 if database == "ok" else 503


def build_http_app(
    settings: Settings,
    engine: Engine,
    *,
    wake_inbound: Callable[[], None],
    telegram: Application | None,  # type: ignore[type-arg]
    scheduler_state: Callable[[], str],
    worker: str = "http",
    metrics: Metrics | None = None,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[Any]] | None = None,
) -> FastAPI:
    """The ASGI app for `absence-bot run`."""
    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    async def keep(store: Callable[[], int | None], *, channel: str | None, what: str) -> bool:
        """Store in a worker thread; False (answer 503, so the provider sends it again) when the store refuses.

        A newly stored message is counted and wakes the inbound worker.
        """
        try:
            stored = await asyncio.to_thread(store)
        except Exception as exc:
            log.error("%s not stored (%s); answering 503 so it is sent again", what, type(exc).__name__)
            return False
        if stored is not None and channel is not None:
            if metrics is not None:
                metrics.messages_in.labels(channel=channel).inc()
            wake_inbound()
        return True

    @app.post("/twilio/sms")
    async def twilio_sms(request: Request) -> Response:
        """Store an inbound SMS (once per MessageSid), then answer with empty TwiML."""
        form = await signed_form(settings, request)
        if form is None:
            return Response(status_code=403)
        problem = sms_shape_problem(form)
        if problem is not None:
            log.warning("Twilio webhook refused: %s", problem)
            return Response(status_code=400)
        if not await keep(lambda: store_sms(engine, settings, form), channel="sms", what="inbound SMS"):
            return Response(status_code=503)
        return Response(EMPTY_TWIML, media_type="application/xml")

    @app.post("/twilio/status")
    async def twilio_status(request: Request) -> Response:
        """Record a delivery status; late or repeated callbacks never undo a later status."""
        form = await signed_form(settings, request)
        if form is None:
            return Response(status_code=403)
        if not await keep(lambda: store_status(engine, form), channel=None, what="status callback"):
            return Response(status_code=503)
        return Response(EMPTY_TWIML, media_type="application/xml")

    @app.post("/telegram/webhook")
    async def telegram_webhook(request: Request) -> Response:
        """Check the secret token and hand the update to python-telegram-bot."""
        if telegram is None or settings.telegram.mode != "webhook":
            return Response(status_code=404)
        secret = settings.telegram.webhook_secret
        given = request.headers.get(SECRET_HEADER, "")
        if secret is None or not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
            return Response(status_code=403)
        try:
            body = await request.json()
            update = Update.de_json(body, telegram.bot) if isinstance(body, dict) else None
        except Exception:
            update = None
        if update is None:
            return Response(status_code=400)
        record = update_record(update)
        if record is not None and not await keep(lambda: store_update(engine, record), channel="telegram", what="Telegram update"):
            return Response(status_code=503)
        await telegram.update_queue.put(update)
        return Response()

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        """200 when the database answers and takes writes, 503 otherwise; providers and the outbox (DESIGN §4.9)."""
        body, status = await asyncio.to_thread(health, engine, settings, worker, scheduler_state())
        return JSONResponse(body, status_code=status)

    @app.get("/metrics")
    async def prometheus() -> Response:
        """Prometheus text: messages in and out per channel, failures, outbox depth, NLU latency, job runs."""
        if metrics is None:
            return Response(status_code=404)
        return Response(await asyncio.to_thread(metrics.render), media_type=CONTENT_TYPE)

    return app
