"""Who may act where: a tapping or typing user checked against the configured staff and the school's chats.

Every staff action checks two things the client cannot forge: the Telegram
user id of whoever acted (against `[[staff]]` for that school) and the chat
the action happened in (against that school's staff or safeguarding chat).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Literal

from store.settings import SchoolSettings, Settings, StaffSettings

log = logging.getLogger(__name__)

Role = Literal["office", "dsl", "admin"]
ChatKind = Literal["staff", "safeguarding"]

CONFIRM_ROLES: frozenset[str] = frozenset({"office", "admin", "dsl"})
CHANGE_ROLES: frozenset[str] = frozenset({"office", "admin"})
ACK_ROLES: frozenset[str] = frozenset({"dsl", "admin"})
ANY_ROLE: frozenset[str] = frozenset({"office", "admin", "dsl"})

NOT_STAFF = "You are not on the staff list for this school, so nothing was changed."
NOT_ROLE = "Your role cannot do that here, so nothing was changed."
WRONG_CHAT = "That can only be done in the school's own staff group."


@dataclass(frozen=True)
class Actor:
    """A staff member allowed to act for one school."""

    user_id: int
    name: str
    role: str
    school: SchoolSettings

    @property
    def signature(self) -> str:
        return f"{self.name} ({self.role})"


class NotAllowed(Exception):
    """The user may not do this here; `notice` is what they are told (it reveals nothing about pupils)."""

    def __init__(self, notice: str, detail: str) -> None:
        super().__init__(detail)
        self.notice = notice
        self.detail = detail


def staff_member(settings: Settings, user_id: int) -> StaffSettings | None:
    return next((m for m in settings.staff if m.telegram_user_id == user_id), None)


def chat_ids(school: SchoolSettings, kind: ChatKind) -> set[int]:
    """The chats of a school where actions of this kind are accepted (alerts fall back to the staff chat)."""
    if kind == "staff":
        return {school.staff_chat_id} if school.staff_chat_id is not None else set()
    chat = school.safeguarding_chat_id if school.safeguarding_chat_id is not None else school.staff_chat_id
    return {chat} if chat is not None else set()


def school_for_chat(settings: Settings, chat_id: int) -> SchoolSettings | None:
    """The school whose staff or safeguarding group this chat is."""
    for school in settings.schools:
        if chat_id in (school.staff_chat_id, school.safeguarding_chat_id):
            return school
    return None


def authorise(
    settings: Settings, *, user_id: int, chat_id: int, school_id: str, roles: frozenset[str], chats: tuple[ChatKind, ...]
) -> Actor:
    """The acting staff member, or NotAllowed (logged) when user, role or chat do not fit this school."""
    member = staff_member(settings, user_id)
    try:
        school = settings.school(school_id)
    except KeyError:
        school = None
    if member is None or school is None or school_id not in member.schools:
        _deny(user_id, chat_id, school_id, "not staff of this school")
        raise NotAllowed(NOT_STAFF, f"user {user_id} is not staff of {school_id}")
    allowed_chats = set().union(*(chat_ids(school, kind) for kind in chats))
    if chat_id not in allowed_chats:
        _deny(user_id, chat_id, school_id, "wrong chat")
        raise NotAllowed(WRONG_CHAT, f"chat {chat_id} is not a {'/'.join(chats)} chat of {school_id}")
    if member.role not in roles:
        _deny(user_id, chat_id, school_id, f"role {member.role} may not do this")
        raise NotAllowed(NOT_ROLE, f"role {member.role} not in {sorted(roles)}")
    return Actor(user_id=user_id, name=member.name, role=member.role, school=school)


def _deny(user_id: int, chat_id: int, school_id: str, why: str) -> None:
    log.warning("staff action refused: user %s in chat %s for school %s: %s", user_id, chat_id, school_id, why)


def local_clock(school: SchoolSettings, when: dt.datetime) -> str:
    """HH:MM in the school's time zone."""
    return when.astimezone(school.tz).strftime("%H:%M")


def local_today(school: SchoolSettings, now: dt.datetime) -> dt.date:
    return now.astimezone(school.tz).date()
