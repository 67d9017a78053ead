"""Live checks against Telegram and Twilio, through their real client libraries (DESIGN §4.9).

`absence-bot check` runs all of them; `absence-bot run` runs the credential
checks before it starts and refuses (exit 2) when a token is rejected.
Every finding is one line that names the setting to fix and never quotes a
secret: provider error texts are not repeated (PTB's InvalidToken message
holds the token), only their type or status.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

import httpx
from requests.exceptions import RequestException
from telegram import Bot, User
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from bot.twilio_sender import make_client
from store.settings import Settings

log = logging.getLogger(__name__)

TIMEOUT = 10.0
TELEGRAM_REJECTED = "telegram.token: rejected by Telegram (401 Unauthorized): set the bot's current token from @BotFather (ABSENCE_BOT_TELEGRAM_TOKEN)"
MEMBER_OK = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER, ChatMemberStatus.MEMBER}
GROUP_KEYS = ("staff_chat_id", "safeguarding_chat_id")


@dataclass
class Findings:
    """What the checks found: problems (the set-up does not work), warnings, and what works."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ok: list[str] = field(default_factory=list)

    def extend(self, other: Findings) -> None:
        self.problems += other.problems
        self.warnings += other.warnings
        self.ok += other.ok


def twilio_rejected(settings: Settings, exc: TwilioRestException) -> str:
    return (
        f"twilio.auth_token: Twilio rejected account {settings.twilio.account_sid} with this auth token "
        f"(HTTP {exc.status}, code {exc.code}): set the account SID and current auth token from the Twilio console "
        "(ABSENCE_BOT_TWILIO_AUTH_TOKEN)"
    )


def telegram_bot(settings: Settings) -> Bot:
    assert settings.telegram.token is not None
    return Bot(settings.telegram.token.get_secret_value(), base_url=settings.telegram.base_url)


async def telegram_identity(bot: Bot, findings: Findings) -> User | None:
    """The bot's own user when the token works; else a problem (rejected) or a warning (unreachable)."""
    try:
        await bot.initialize()  # calls getMe; its InvalidToken message holds the token, so it is never shown
        return bot.bot
    except InvalidToken:
        findings.problems.append(TELEGRAM_REJECTED)
    except TelegramError as exc:
        findings.warnings.append(f"telegram.base_url: could not reach the Bot API to check the token ({type(exc).__name__})")
    return None


async def telegram_groups(bot: Bot, me: User, settings: Settings) -> Findings:
    """Each school's groups exist, the bot is in them, and it can read staff replies (privacy off, or admin)."""
    found = Findings()
    for i, school in enumerate(settings.schools):
        for key in GROUP_KEYS:
            chat_id = getattr(school, key)
            if chat_id is None:
                continue
            where = f"schools.{i}.{key}"
            try:
                await bot.get_chat(chat_id)
                member = await bot.get_chat_member(chat_id, me.id)
            except (BadRequest, Forbidden) as exc:
                found.problems.append(f"{where}: Telegram says {chat_id} is not a group the bot is in ({type(exc).__name__}): add @{me.username} to the group, or correct the id")
                continue
            if member.status not in MEMBER_OK:
                found.problems.append(f"{where}: the bot is not a member of group {chat_id} (status {member.status}): add @{me.username} to it")
            elif member.status == ChatMemberStatus.MEMBER and not me.can_read_all_group_messages:
                found.problems.append(
                    f"{where}: the bot cannot read staff replies in group {chat_id}: make it an admin, or turn privacy mode off in @BotFather (/setprivacy)"
                )
            else:
                found.ok.append(f"{where}: the bot is in group {chat_id} ({member.status})")
    return found


async def check_telegram(settings: Settings) -> Findings:
    """The token works and the bot is in every configured group with what it needs."""
    findings = Findings()
    bot = telegram_bot(settings)
    try:
        me = await telegram_identity(bot, findings)
        if me is not None:
            findings.ok.append(f"telegram.token: works for @{me.username}")
            findings.extend(await telegram_groups(bot, me, settings))
    finally:
        await bot.shutdown()
    return findings


def twilio_account(client: Client, settings: Settings, findings: Findings) -> bool:
    """Whether the account SID and auth token are accepted (network trouble is a warning)."""
    try:
        client.api.v2010.accounts(settings.twilio.account_sid).fetch()
        return True
    except TwilioRestException as exc:
        if exc.status in (401, 403, 404):
            findings.problems.append(twilio_rejected(settings, exc))
        else:
            findings.warnings.append(f"twilio.api_base_url: Twilio answered HTTP {exc.status} (code {exc.code}) when checking the account")
    except RequestException as exc:
        findings.warnings.append(f"twilio.api_base_url: could not reach Twilio to check the credentials ({type(exc).__name__})")
    return False


def sending_numbers(settings: Settings) -> dict[str, str]:
    """Each number the service sends from or receives on, with the setting that names it."""
    numbers: dict[str, str] = {}
    if settings.twilio.from_number:
        numbers[settings.twilio.from_number] = "twilio.from_number"
    for i, school in enumerate(settings.schools):
        if school.sms_number:
            numbers.setdefault(school.sms_number, f"schools.{i}.sms_number")
    return numbers


def twilio_numbers(client: Client, settings: Settings) -> Findings:
    """Each configured number belongs to the account, and its messaging webhook points at this service."""
    found = Findings()
    expected = f"{settings.server.public_url}/twilio/sms" if settings.server.public_url else None
    for number, where in sending_numbers(settings).items():
        try:
            owned = client.incoming_phone_numbers.list(phone_number=number, limit=1)
        except (TwilioRestException, RequestException) as exc:
            found.warnings.append(f"{where}: could not look up {number} in the Twilio account ({type(exc).__name__})")
            continue
        if not owned:
            found.problems.append(f"{where}: {number} is not a phone number of Twilio account {settings.twilio.account_sid}")
            continue
        sms_url = owned[0].sms_url
        if expected and sms_url is not None and sms_url != expected:
            found.warnings.append(f"{where}: {number}'s \"A message comes in\" webhook is {sms_url or 'not set'}, not {expected}")
        found.ok.append(f"{where}: {number} belongs to the account")
    return found


def check_twilio(settings: Settings) -> Findings:
    findings = Findings()
    client = make_client(settings)
    if twilio_account(client, settings, findings):
        findings.ok.append(f"twilio.auth_token: accepted for account {settings.twilio.account_sid}")
        findings.extend(twilio_numbers(client, settings))
    return findings


def check_public_url(settings: Settings) -> Findings:
    """The public URL answers from here (a warning when it does not: it may only be reachable from outside)."""
    found = Findings()
    public = settings.server.public_url
    if public is None:
        return found
    url = f"{public}/twilio/sms"
    try:
        response = httpx.get(url, timeout=5.0, follow_redirects=False)
    except httpx.HTTPError as exc:
        found.warnings.append(f"server.public_url: {url} did not answer from this machine ({type(exc).__name__}); make sure Twilio can reach it")
        return found
    found.ok.append(f"server.public_url: {url} answers (HTTP {response.status_code})")
    return found


def run_live_checks(settings: Settings) -> Findings:
    """Every live check for the providers that are configured."""
    findings = Findings()
    if settings.telegram.configured:
        findings.extend(asyncio.run(check_telegram(settings)))
    if settings.twilio.configured:
        findings.extend(check_twilio(settings))
    findings.extend(check_public_url(settings))
    return findings


def rejected_credentials(settings: Settings) -> list[str]:
    """Start-up check: a line per provider that rejects its credentials (unreachable providers are only logged)."""
    findings = Findings()
    if settings.telegram.configured:
        asyncio.run(_telegram_token_only(settings, findings))
    if settings.twilio.configured:
        twilio_account(make_client(settings), settings, findings)
    for warning in findings.warnings:
        log.warning("%s", warning)
    return findings.problems


async def _telegram_token_only(settings: Settings, findings: Findings) -> None:
    bot = telegram_bot(settings)
    try:
        await telegram_identity(bot, findings)
    finally:
        await bot.shutdown()
