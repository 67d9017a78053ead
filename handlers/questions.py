"""The questions the bot asks a parent, one at a time: "which child?" and "what is the reason?".

Questions wait in the family's `Conversation` (handlers.conversation). A
"which child?" question lists the family's pupils across every school they
attend; with only one child it offers no "both/all". The same message sent
again while its question waits is not queued twice: the question is asked
again instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from handlers import conversation, replies
from handlers.turn import Turn
from store.models import AbsenceReport, Conversation, Pupil


@dataclass(frozen=True)
class StoredProposal:
    """A proposal kept in conversation state while a question is answered."""

    intent: str
    code: str | None
    sessions: str | None
    confidence: float
    first_day: dt.date | None
    last_day: dt.date | None
    evidence: list[str]
    safeguarding: bool
    pupils: list[str] | str = "ask"

    @classmethod
    def load(cls, data: dict[str, Any]) -> StoredProposal:
        days = {k: dt.date.fromisoformat(data[k]) if data.get(k) else None for k in ("first_day", "last_day")}
        return cls(data["intent"], data["code"], data["sessions"], data["confidence"], days["first_day"], days["last_day"], data["evidence"], data["safeguarding"])


def proposal_data(proposal: Any) -> dict[str, Any]:
    return {
        "intent": proposal.intent, "code": proposal.code, "sessions": proposal.sessions, "confidence": float(proposal.confidence),
        "first_day": proposal.first_day.isoformat() if proposal.first_day else None,
        "last_day": proposal.last_day.isoformat() if proposal.last_day else None,
        "evidence": list(proposal.evidence), "safeguarding": bool(proposal.safeguarding),
    }


@dataclass(frozen=True)
class Choice:
    """A "which child?" answer: the proposal it was about, the children chosen, the next question."""

    proposal: StoredProposal
    pupils: list[Pupil]
    next_question: dict[str, Any] | None


def _conv(turn: Turn) -> Conversation | None:
    return conversation.active(turn.session, contact_id=turn.contact.id or 0, channel=turn.msg.channel, now=turn.now)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def ask_which_child(turn: Turn, proposal: Any, pupils: list[Pupil]) -> None:
    waiting = conversation.queued(_conv(turn))
    repeat = next((q for q in waiting if q["kind"] == "which_child" and _same_text(q["text"], turn.msg.text)), None)
    if repeat is not None:
        if repeat is waiting[0]:
            prompt_question(turn, repeat, lead=replies.greeting(turn.contact, turn.lang))
        else:
            turn.say(replies.question_queued(turn.contact, turn.lang))
        return
    question = {
        "kind": "which_child", "id": turn.msg.inbound_id, "text": turn.msg.text,
        "options": [p.id for p in pupils], "proposal": proposal_data(proposal),
    }
    if conversation.enqueue(turn.session, contact_id=turn.contact.id or 0, channel=turn.msg.channel, question=question, now=turn.now):
        prompt_question(turn, question, lead=replies.greeting(turn.contact, turn.lang))
    else:
        turn.say(replies.question_queued(turn.contact, turn.lang))


def options_of(turn: Turn, question: dict[str, Any]) -> list[Pupil]:
    """The question's options among the family's pupils now (a child gone off roll drops out)."""
    family = {p.id: p for p in turn.sender.pupils}
    return [family[i] for i in question["options"] if i in family]


def prompt_question(turn: Turn, question: dict[str, Any], lead: str = "") -> None:
    """Ask a queued question (SMS: numbered options; Telegram: buttons)."""
    if question["kind"] == "reason":
        turn.say(replies.reason_question(question["names"], lead, turn.lang))
        return
    options = options_of(turn, question)
    if turn.msg.channel == "telegram":
        text, turn.buttons = replies.which_child_telegram(question["id"], options, lead, turn.lang)
        turn.say(text)
        return
    turn.say(replies.which_child_sms(options, lead, turn.lang))


def answer_which_child(turn: Turn, conv: Conversation, question: dict[str, Any]) -> Choice | None:
    """Read the message as the answer to the waiting "which child?"; None when it is something new."""
    options = options_of(turn, question)
    answer = turn.msg.text
    if turn.msg.callback is not None:
        prefix = f"pc:{question['id']}:"
        if not turn.msg.callback.startswith(prefix):
            return None
        answer = turn.msg.callback.removeprefix(prefix)
    chosen = conversation.choose_children(answer, options)
    if chosen is None and turn.msg.callback is None and len(answer.split()) <= 4:
        chosen = named_by_nlu(turn, answer, options)
    if chosen is None or (turn.msg.callback is None and len(answer.split()) > 4):
        return None
    nxt = conversation.pop_question(turn.session, conv, turn.now)
    turn.source_inbound_id = question["id"]
    return Choice(StoredProposal.load(question["proposal"]), chosen, nxt)


def named_by_nlu(turn: Turn, answer: str, options: list[Pupil]) -> list[Pupil] | None:
    """Nicknames and misspellings ("ollie") resolved by the NLU's name matching."""
    proposal = turn.parse(answer, received_at=turn.local, children=[child_for(p) for p in options], calendar=None)
    if not isinstance(proposal.pupils, list) or not proposal.pupils or len(options) == 1:
        return None
    return [p for p in options if str(p.id) in proposal.pupils] or None


def ask_reason(turn: Turn, reports: list[AbsenceReport], pupils: list[Pupil]) -> None:
    question = {
        "kind": "reason", "id": turn.msg.inbound_id, "report_ids": [r.id for r in reports],
        "names": replies.join_names([replies.short_name(p) for p in pupils]),
    }
    if conversation.enqueue(turn.session, contact_id=turn.contact.id or 0, channel=turn.msg.channel, question=question, now=turn.now):
        prompt_question(turn, question)


def close_quietly(turn: Turn, conv: Conversation | None) -> None:
    """Small talk while a reason is awaited: stop waiting for it (the absence stays as recorded)."""
    question = conversation.current_question(conv)
    if conv is not None and question is not None and question["kind"] == "reason":
        nxt = conversation.pop_question(turn.session, conv, turn.now)
        if nxt is not None:
            prompt_question(turn, nxt)


def child_for(pupil: Pupil) -> Any:
    from nlu import Child

    return Child(id=str(pupil.id), first_name=pupil.first_name, last_name=pupil.last_name, year=pupil.year_group, preferred_name=pupil.preferred_name)
