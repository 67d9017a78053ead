"""Where a parent's conversation stands: the questions waiting for an answer, one asked at a time.

State lives in the `Conversation` table (one row per contact and channel) so
it survives restarts and works the same for SMS and Telegram. `data` holds a
queue of questions; the first is the one the parent has been asked. A new
report that arrives mid-conversation is handled on its own and never drops a
queued question. Questions expire after `QUESTION_TTL` (no answer: the
absence stays as recorded, e.g. `N`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz
from sqlmodel import Session, select

from store.models import Conversation, Pupil

QUESTION_TTL = dt.timedelta(hours=3)
ALL_WORDS = frozenset({"both", "all", "all of them", "both of them", "all three", "everyone"})
#: With only one child to choose from, the question is "is it about them?".
YES_WORDS = frozenset({"yes", "y", "yeah", "yep", "yes please", "correct", "that's right"})


def active(session: Session, *, contact_id: int, channel: str, now: dt.datetime) -> Conversation | None:
    """The contact's conversation on this channel if a question is still waiting and unexpired."""
    conv = session.exec(
        select(Conversation).where(Conversation.contact_id == contact_id, Conversation.channel == channel)
    ).first()
    if conv is None or not conv.data.get("questions"):
        return None
    if conv.expires_at is not None and conv.expires_at <= now:
        _store(session, conv, [], now)
        return None
    return conv


def current_question(conv: Conversation | None) -> dict[str, Any] | None:
    if conv is None:
        return None
    questions: list[dict[str, Any]] = conv.data.get("questions") or []
    return questions[0] if questions else None


def enqueue(session: Session, *, contact_id: int, channel: str, question: dict[str, Any], now: dt.datetime) -> bool:
    """Add a question; return True when it is the one to ask now (nothing else waiting)."""
    conv = session.exec(
        select(Conversation).where(Conversation.contact_id == contact_id, Conversation.channel == channel)
    ).first()
    if conv is None:
        conv = Conversation(contact_id=contact_id, channel=channel, data={}, updated_at=now)
    questions = list(conv.data.get("questions") or []) if conv.expires_at is None or conv.expires_at > now else []
    questions.append(question)
    _store(session, conv, questions, now)
    return len(questions) == 1


def pop_question(session: Session, conv: Conversation, now: dt.datetime) -> dict[str, Any] | None:
    """Drop the answered question; return the next one to ask, if any."""
    questions = list(conv.data.get("questions") or [])[1:]
    _store(session, conv, questions, now)
    return questions[0] if questions else None


def queued(conv: Conversation | None) -> list[dict[str, Any]]:
    """The questions waiting, the one asked first."""
    return list(conv.data.get("questions") or []) if conv is not None else []


def _store(session: Session, conv: Conversation, questions: list[dict[str, Any]], now: dt.datetime) -> None:
    conv.data = {"questions": questions}
    conv.state = questions[0]["kind"] if questions else "idle"
    conv.expires_at = now + QUESTION_TTL if questions else None
    conv.updated_at = now
    session.add(conv)
    session.flush()


def choose_children(answer: str, options: Sequence[Pupil]) -> list[Pupil] | None:
    """Read a "which child?" answer: an option number, "both"/"all", or names as the parent writes them."""
    text = answer.strip().lower()
    if not text:
        return None
    if text in ALL_WORDS or text == str(len(options) + 1) and len(options) > 1:
        return list(options)
    if len(options) == 1 and text.strip("!. ") in YES_WORDS:
        return list(options)
    numbers = [int(n) for n in re.findall(r"\b\d+\b", text)]
    if numbers and all(1 <= n <= len(options) for n in numbers) and len(text) <= 12:
        return [options[n - 1] for n in dict.fromkeys(numbers)]
    words = re.findall(r"[a-z']+", text)
    chosen = [p for p in options if any(_name_matches(w, p) for w in words)]
    return chosen or None


def _name_matches(word: str, pupil: Pupil) -> bool:
    names = {pupil.first_name.lower(), (pupil.preferred_name or "").lower()} - {""}
    word = word.removesuffix("'s")
    if len(word) < 3:
        return False
    return any(word == n or (len(word) >= 4 and fuzz.ratio(word, n) >= 80) or (len(word) >= 3 and n.startswith(word)) for n in names)
