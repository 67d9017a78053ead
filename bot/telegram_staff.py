"""Telegram handlers for the staff and safeguarding groups: card buttons, Acknowledge, staff commands.

`register_staff_handlers(application, deps)` adds them to the PTB application
in handler group `STAFF_HANDLER_GROUP` (before the parent handlers); an update
the staff flow has dealt with stops there. Callbacks here are thin: they pass
who, where and what to `handlers.staff_*` (in a worker thread, as the store is
synchronous) and show the result: the card edited in place, a short notice on
the button, a reply or a CSV document.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.engine import Engine
from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ApplicationHandlerStop, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from handlers.outbox import Button
from handlers.staff.actions import INVALID, Tap, TapResult, handle_card_tap, take_reason
from handlers.staff.alerts import handle_ack_tap
from handlers.attendance_report import handle_report_tap
from handlers.evidence import handle_evidence_tap
from handlers.staff.leave import handle_leave_tap
from handlers.staff.tasks import handle_task_tap
from bot.telegram_uploads import upload_handler
from handlers.staff.commands import COMMAND_HELP, COMMANDS, StaffReply, run_staff_command
from store.models import utcnow
from store.settings import Settings

log = logging.getLogger(__name__)

STAFF_HANDLER_GROUP = -1
CARD_CALLBACK = r"^(cf|cc|more|bk|rs):"
ACK_CALLBACK = r"^ack:"
TASK_CALLBACK = r"^t[dn]:"
LEAVE_CALLBACK = r"^lv:"
REPORT_CALLBACK = r"^ar:"
EVIDENCE_CALLBACK = r"^ae:"
#: Staff buttons by their data's prefix: confirm/change/codes/reason on cards, acknowledge an alert, close a task,
#: decide a leave request, send an attendance report (from /case), ask for evidence.
TAPS: tuple[tuple[str, Callable[..., TapResult]], ...] = (
    (CARD_CALLBACK, handle_card_tap), (ACK_CALLBACK, handle_ack_tap), (TASK_CALLBACK, handle_task_tap),
    (LEAVE_CALLBACK, handle_leave_tap), (REPORT_CALLBACK, handle_report_tap), (EVIDENCE_CALLBACK, handle_evidence_tap),
)
CARD_SHORTCUT = r"^/(card|evidence)_(\d{1,10})(@\w+)?\s*$"
UNMATCHED_CALLBACK = r"^(?!(cf|cc|more|bk|rs|ack|pc|td|tn|lv|ar|ae):)"
UNMATCHED_GROUP = 1
TELEGRAM_TEXT_LIMIT = 4096
NOTICE_LIMIT = 200


class StaffDepsLike(Protocol):
    engine: Engine
    settings: Settings
    clock: Callable[[], dt.datetime]


@dataclass
class StaffDeps:
    """What the staff handlers need: the store, the configuration and a clock."""

    engine: Engine
    settings: Settings
    clock: Callable[[], dt.datetime] = field(default=utcnow)


def keyboard(buttons: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in buttons if row]
    return InlineKeyboardMarkup(rows) if rows else None


def _fit(text: str) -> str:
    return text if len(text) <= TELEGRAM_TEXT_LIMIT else text[: TELEGRAM_TEXT_LIMIT - 1] + "…"


def register_staff_handlers(application: Application[Any, Any, Any, Any, Any, Any], deps: StaffDepsLike) -> None:
    """Add the staff-group handlers (callbacks, commands, reason messages) to a PTB application."""

    def tapper(handle: Callable[..., TapResult]) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Any]:
        async def tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            await _tap(update, deps, handle)
        return tap

    async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Run /today, /pending, /absent, /find, /export or /card."""
        message = update.effective_message
        if message is None or message.text is None or update.effective_user is None:
            return
        name = message.text.split()[0][1:].split("@")[0].lower()
        args = " ".join(context.args or [])
        for shortcut in ("card", "evidence"):
            if name.startswith(f"{shortcut}_"):
                name, args = shortcut, name.removeprefix(f"{shortcut}_")
        reply = await asyncio.to_thread(
            run_staff_command, deps.engine, deps.settings, user_id=update.effective_user.id, chat_id=message.chat_id,
            command=name, args=args, now=deps.clock(),
        )
        await _send_reply(update, reply)
        raise ApplicationHandlerStop

    async def reason_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Take a staff member's message as the reason they asked to add."""
        await _reason(update, context, deps)

    async def whoami(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Anyone's own Telegram user id (and a group's chat id): what a technician needs for the configuration."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        lines = [f"Your Telegram user id is {user.id}."]
        if message.chat.type != "private":
            lines.append(f"This group's chat id is {message.chat_id}.")
        await message.reply_text("\n".join(lines), do_quote=False)
        raise ApplicationHandlerStop

    groups = filters.ChatType.GROUPS
    handlers: list[Any] = [
        CommandHandler("whoami", whoami),
        MessageHandler(groups & filters.Document.FileExtension("csv"), upload_handler(deps)),
        *(CallbackQueryHandler(tapper(handle), pattern=pattern) for pattern, handle in TAPS),
        CommandHandler(list(COMMANDS), command, filters=groups),
        MessageHandler(groups & filters.Regex(CARD_SHORTCUT), command),
        MessageHandler(groups & filters.TEXT & ~filters.COMMAND, reason_text),
    ]
    application.add_handlers(handlers, group=STAFF_HANDLER_GROUP)
    # Parent callbacks ("pc:") are answered by the parent handler in the default group; anything else here.
    application.add_handler(CallbackQueryHandler(unmatched_tap, pattern=UNMATCHED_CALLBACK), group=UNMATCHED_GROUP)


PRIVATE_COMMANDS = {"start": "link this chat to your child's school (share your phone number)", "whoami": "your Telegram user id"}


async def register_command_menus(bot: Any, settings: Any) -> None:
    """The command menu Telegram shows: staff commands in each school's groups, /start and /whoami in private chats."""
    from telegram import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat

    staff = [BotCommand(name, text[:256]) for name, text in COMMAND_HELP.items()] + [BotCommand("whoami", "your Telegram user id and this group's id")]
    try:
        await bot.set_my_commands([BotCommand(n, t) for n, t in PRIVATE_COMMANDS.items()], scope=BotCommandScopeAllPrivateChats())
    except TelegramError as exc:
        log.warning("could not set the private chat command menu (%s)", type(exc).__name__)
    chats = {c for school in settings.schools for c in (school.staff_chat_id, school.safeguarding_chat_id) if c is not None}
    for chat in sorted(chats):
        try:
            await bot.set_my_commands(staff, scope=BotCommandScopeChat(chat))
        except TelegramError as exc:
            log.warning("could not set the command menu for group %s (%s): is the bot in it?", chat, type(exc).__name__)


async def _tap(update: Update, deps: StaffDepsLike, handle: Callable[..., TapResult]) -> None:
    query = update.callback_query
    if query is None:
        return
    message = query.message
    if message is None:
        await _answer(query, "This message is too old to act on; use /pending.", show_alert=True)
        raise ApplicationHandlerStop
    text = getattr(message, "text", None) or ""
    tap = Tap(user_id=query.from_user.id, chat_id=message.chat.id, data=query.data or "", message_id=message.message_id, message_text=text)
    result = await asyncio.to_thread(handle, deps.engine, deps.settings, tap, now=deps.clock())
    if result.text is not None:
        try:
            await query.edit_message_text(_fit(result.text), parse_mode=ParseMode.HTML, reply_markup=keyboard(result.buttons))
        except TelegramError as exc:
            # The change is stored; a refused or rate-limited edit must not leave the tap unanswered.
            if "not modified" not in str(exc).lower():
                log.warning("could not edit the card after a tap: %s", type(exc).__name__)
    await _answer(query, result.notice, show_alert=result.show_alert)
    raise ApplicationHandlerStop


async def _answer(query: CallbackQuery, notice: str, *, show_alert: bool = False) -> None:
    """Answer a button press; a failed answer is logged, never raised (the tapper's spinner just ends)."""
    try:
        await query.answer(notice[:NOTICE_LIMIT], show_alert=show_alert)
    except TelegramError as exc:
        log.warning("could not answer a button press: %s", type(exc).__name__)


async def unmatched_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button nobody handles (old, forged, or from a removed feature): answer it so it does not spin."""
    if update.callback_query is not None:
        await _answer(update.callback_query, INVALID, show_alert=True)


async def _reason(update: Update, context: ContextTypes.DEFAULT_TYPE, deps: StaffDepsLike) -> None:
    message = update.effective_message
    if message is None or message.text is None or update.effective_user is None:
        return
    reply_to = message.reply_to_message.message_id if message.reply_to_message else None
    result = await asyncio.to_thread(
        take_reason, deps.engine, deps.settings, user_id=update.effective_user.id, chat_id=message.chat_id,
        text=message.text, now=deps.clock(), reply_to_message_id=reply_to,
    )
    if result is None:
        return
    if result.card_message_id is not None:
        try:
            await context.bot.edit_message_text(
                _fit(result.card_text), chat_id=message.chat_id, message_id=result.card_message_id,
                parse_mode=ParseMode.HTML, reply_markup=keyboard(result.card_buttons),
            )
        except BadRequest as exc:
            log.warning("could not edit card after a reason was added: %s", exc)
    await message.reply_text(result.reply)
    raise ApplicationHandlerStop


async def _send_reply(update: Update, reply: StaffReply) -> None:
    message = update.effective_message
    assert message is not None
    for i, text in enumerate(reply.texts):
        last = i == len(reply.texts) - 1
        markup = keyboard(reply.buttons) if last else None
        await message.reply_text(_fit(text), parse_mode=ParseMode.HTML, reply_markup=markup, do_quote=False)
    if reply.document is not None:
        await message.reply_document(document=reply.document, filename=reply.filename, do_quote=False)
    if reply.file_ref is not None:
        kind, ref = reply.file_ref
        if kind == "photo":
            await message.reply_photo(photo=ref, do_quote=False)
        else:
            await message.reply_document(document=ref, do_quote=False)
