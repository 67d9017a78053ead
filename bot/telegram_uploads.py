"""A CSV sent as a document in a school's staff group: imported for that school, with a reply summarising it.

Office and admin staff of the school may send its register (or roll, or
calendar) export straight from the MIS; the kind is told by the header row.
Every row must be for this group's school, or nothing is imported. The import
is the same all-or-nothing import as `absence-bot import`; a roll that would
take too many pupils off roll is refused here (the shell's `--confirm-off-roll`
is the way to do that deliberately).
"""

from __future__ import annotations

import asyncio
import csv
import html
import io
import logging
import tempfile
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.commands.imports import rejection, run_import
from handlers.staff.access import NotAllowed, authorise, school_for_chat
from store.imports import ImportRejected, RollSummary

log = logging.getLogger(__name__)

UPLOAD_ROLES = frozenset({"office", "admin"})
MAX_BYTES = 20 * 1024 * 1024  # what the Bot API lets a bot download
REPLY_LIMIT = 3500


def kind_of(data: bytes) -> str | None:
    """register, roll or calendar, from the header row (None when it is none of them)."""
    header = {c.strip().lower().lstrip("\ufeff") for c in next(csv.reader(io.StringIO(data.decode("utf-8-sig", "replace"))), [])}
    if {"session", "mark"} <= header:
        return "register"
    if {"first_name", "last_name"} <= header:
        return "roll"
    if "kind" in header:
        return "calendar"
    return None


def other_schools(data: bytes, school_id: str) -> set[str]:
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig", "replace")))
    return {(r.get("school_id") or "").strip() for r in rows if (r.get("school_id") or "").strip() not in ("", school_id)}


def import_upload(deps: Any, school_id: str, data: bytes, name: str) -> str:
    """Import the file and say what happened, as HTML for the group."""
    kind = kind_of(data)
    if kind is None:
        return "That file is not a register, roll or calendar CSV (its header row has none of their columns)."
    strangers = other_schools(data, school_id)
    if strangers:
        return html.escape(f"Nothing imported: the file has rows for other schools ({', '.join(sorted(strangers))}); send only this school's rows.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(name).name or "upload.csv")
        path.write_bytes(data)
        try:
            summary, queued = run_import(deps.engine, deps.settings, kind=kind, path=path)
        except ImportRejected as exc:
            text = rejection(path, exc).replace(str(path), Path(name).name)
            return "<b>Nothing imported</b>\n" + html.escape(text[:REPLY_LIMIT])
    facts = summary.as_dict()
    lines = [f"<b>{kind.capitalize()} imported</b> from {html.escape(Path(name).name)}: {facts.get('rows', '?')} rows."]
    for key, value in facts.items():
        if key in ("file", "rows") or isinstance(value, list):
            continue
        lines.append(f"{html.escape(key.replace('_', ' '))}: {html.escape(str(value))}")
    if isinstance(summary, RollSummary) and summary.pupils_off_roll:
        lines.append(f"{summary.pupils_off_roll} pupil(s) taken off roll.")
    if queued:
        lines.append(f"{queued} follow-up message(s) on their way.")
    return "\n".join(lines)[:REPLY_LIMIT]


def upload_handler(deps: Any) -> Any:
    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.document is None:
            return
        school = school_for_chat(deps.settings, message.chat_id)
        if school is None:
            return
        try:
            actor = authorise(deps.settings, user_id=user.id, chat_id=message.chat_id, school_id=school.id, roles=UPLOAD_ROLES, chats=("staff",))
        except NotAllowed as refusal:
            await message.reply_text(refusal.notice, do_quote=False)
            raise ApplicationHandlerStop from None
        document = message.document
        if (document.file_size or 0) > MAX_BYTES:
            await message.reply_text("That file is too large to import from Telegram (20 MB); use `absence-bot import` on the server.", do_quote=False)
            raise ApplicationHandlerStop
        try:
            data = bytes(await (await context.bot.get_file(document.file_id)).download_as_bytearray())
        except TelegramError as exc:
            log.warning("could not download an upload in chat %s (%s)", message.chat_id, type(exc).__name__)
            await message.reply_text("Could not fetch that file from Telegram; please send it again.", do_quote=False)
            raise ApplicationHandlerStop from None
        text = await asyncio.to_thread(import_upload, deps, school.id, data, document.file_name or "upload.csv")
        log.info("staff upload by %s (%s) for %s: %s", actor.name, actor.role, school.id, text.splitlines()[0])
        await message.reply_text(text, parse_mode=ParseMode.HTML, do_quote=False)
        raise ApplicationHandlerStop

    return on_document
