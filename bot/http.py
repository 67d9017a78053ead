"""The HTTP side (DESIGN §4.3): Twilio inbound SMS and status callbacks, the Telegram webhook, /healthz.

An inbound SMS is checked against its X-Twilio-Signature (rebuilt from
`server.public_url` + path + query, never X-Forwarded-*), stored keyed by
MessageSid, and only then answered 200 with empty TwiML; the inbound worker
processes it. Replies go out through the REST API, never as TwiML.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.engine import Engine
from telegram import Update
from telegram.ext import Application
from twilio.request_validator import RequestValidator

from handlers.inbound import apply_delivery_status, retry_time, store_inbound
from handlers.outbox import queue
from store.db import session_scope
from store.models import utcnow
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
    token = settings.twilio.auth_token
    if token is None or not settings.server.public_url:
        log.error("Twilio webhook refused: twilio.auth_token and server.public_url are both needed to check signatures")
        return None
    signature = request.headers.get("X-Twilio-Signature", "")
    if not RequestValidator(token.get_secret_value()).validate(twilio_url(settings, request), form, signature):
        log.warning("Twilio webhook with a bad signature refused")
        return None
    return form


def store_sms(engine: Engine, settings: Settings, form: dict[str, str]) -> int | None:
    school = settings.school_for_number(form.get("To"))
    with session_scope(engine) as session:
        return store_inbound(
            session, channel="sms", provider_id=form.get("MessageSid") or form.get("SmsSid", ""), sender=form.get("From", ""),
            recipient=form.get("To"), text=form.get("Body", ""), school_id=school.id if school else None,
            payload={"num_segments": form.get("NumSegments")}, received_at=utcnow(),
        )


def store_status(engine: Engine, form: dict[str, str]) -> None:
    now = utcnow()
    with session_scope(engine) as session:
        retries = apply_delivery_status(session, sid=form.get("MessageSid", ""), status=form.get("MessageStatus", ""), error_code=form.get("ErrorCode") or None, now=now)
        queue(session, retries, now=retry_time(now))


def database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        log.exception("health check: database not answering")
        return False


def build_http_app(
    settings: Settings,
    engine: Engine,
    *,
    wake_inbound: Callable[[], None],
    telegram: Application | None,  # type: ignore[type-arg]
    scheduler_state: Callable[[], str],
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[Any]] | None = None,
) -> FastAPI:
    """The ASGI app for `absence-bot run`."""
    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    @app.post("/twilio/sms")
    async def twilio_sms(request: Request) -> Response:
        """Store an inbound SMS (once per MessageSid), then answer with empty TwiML."""
        form = await signed_form(settings, request)
        if form is None:
            return Response(status_code=403)
        if await asyncio.to_thread(store_sms, engine, settings, form) is not None:
            wake_inbound()
        return Response(EMPTY_TWIML, media_type="application/xml")

    @app.post("/twilio/status")
    async def twilio_status(request: Request) -> Response:
        """Record a delivery status; late or repeated callbacks never undo a later status."""
        form = await signed_form(settings, request)
        if form is None:
            return Response(status_code=403)
        await asyncio.to_thread(store_status, engine, form)
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
        await telegram.update_queue.put(Update.de_json(await request.json(), telegram.bot))
        return Response()

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        """200 when the database answers, 503 otherwise."""
        ok = await asyncio.to_thread(database_ok, engine)
        body = {"status": "ok" if ok else "error", "database": "ok" if ok else "error", "scheduler": scheduler_state()}
        return JSONResponse(body, status_code=200 if ok else 503)

    return app
