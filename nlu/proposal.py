"""Value types exchanged with the NLU: the linked pupils going in, the proposal coming out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

INTENTS = ("absence", "late", "leave_request", "update", "other")
CODES = ("I", "M", "N")
SESSIONS = ("ALL", "AM", "PM")


@dataclass(frozen=True)
class Child:
    """A pupil on roll linked to the sender of a message."""

    id: str
    first_name: str
    last_name: str = ""
    year: str | None = None
    preferred_name: str | None = None


@dataclass(frozen=True)
class Proposal:
    """What the NLU proposes for one parent message, before staff review."""

    intent: str
    pupils: list[str] | str
    code: str | None
    first_day: date | None
    last_day: date | None
    sessions: str | None
    safeguarding: bool
    confidence: float
    evidence: list[str] = field(default_factory=list)
    language: str = "en"

    def to_json(self, id: str) -> dict[str, Any]:  # noqa: A002 - name fixed by the contract
        """Return the DESIGN §4.5 output object for this proposal."""
        return {
            "id": id,
            "intent": self.intent,
            "pupils": self.pupils if isinstance(self.pupils, str) else list(self.pupils),
            "code": self.code,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "sessions": self.sessions,
            "safeguarding": self.safeguarding,
            "confidence": round(float(self.confidence), 3),
        }
