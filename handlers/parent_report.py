"""A matched parent's message, whatever the channel: understand it, record it, reply, and tell the office.

Input is plain data: the `ParentMessage`, the `Sender` resolved at the edge
(handlers.senders: the family's contacts and pupils across every school
sharing the number), `now` and the parser. Output is a list of `Outgoing`
messages the caller queues in the same transaction as the records written.
The flow goes one way: a waiting question is tried first, small talk closes
quietly, anything else is parsed and recorded (handlers.recording,
handlers.follow_ups); every reply text comes from handlers.replies.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlmodel import Session

from handlers import conversation, replies
from handlers.gsm import for_channel
from handlers.i18n import LANGUAGES, reply_language
from handlers.cues import asks_for_help, is_small_talk, raise_cue
from handlers.evidence import attach_evidence
from handlers.follow_ups import answer_reason, record_update
from handlers.outbox import Outgoing
from handlers.questions import answer_which_child, ask_which_child, child_for, close_quietly, prompt_question
from handlers.recording import record_absence, record_late, record_leave
from handlers.senders import Sender
from handlers.staff.card import staff_note
from handlers.staff.notes import forward_text
from handlers.turn import ParentMessage, Parser, Turn
from store.models import Pupil

log = logging.getLogger(__name__)

__all__ = ["ParentMessage", "Parser", "default_parser", "handle_parent_message"]


def default_parser() -> Parser:
    """The project's NLU (`nlu.parse`), loaded and warmed up so that the first parent's message is read as fast as the next."""
    from nlu import parse, warm_up

    warm_up()
    return parse


def handle_parent_message(session: Session, *, msg: ParentMessage, sender: Sender, now: dt.datetime, parse: Parser, reply_cap: int) -> list[Outgoing]:
    """Handle one message from a matched sender; return the messages to queue."""
    turn = Turn(session, msg, sender, now, parse, reply_cap)
    turn.lang = reply_language(None, turn.contact.language)
    if not sender.family:
        turn.say(replies.passed_to_office(turn.contact, turn.lang))
        forward(turn)
        return finish(turn)
    if msg.attachment is not None:
        if not attach_evidence(turn, msg.attachment):
            turn.say(replies.passed_to_office(turn.contact, turn.lang))
            forward(turn)
        return finish(turn)
    conv = conversation.active(session, contact_id=turn.contact.id or 0, channel=msg.channel, now=now)
    question = conversation.current_question(conv)
    quiet = msg.callback is None and is_small_talk(msg.text)
    if question is not None and conv is not None and question["kind"] == "which_child":
        choice = answer_which_child(turn, conv, question)
        if choice is not None:
            act_on(turn, choice.proposal, choice.pupils)
            if choice.next_question is not None:
                prompt_question(turn, choice.next_question)
            return finish(turn)
    elif question is not None and conv is not None and not quiet and answer_reason(turn, conv, question):
        return finish(turn)
    if msg.callback is not None:
        turn.say(replies.EXPIRED)
    elif quiet:
        close_quietly(turn, conv)
        if msg.channel == "telegram" and asks_for_help(msg.text):
            turn.say(replies.HELP_TEXT)
    else:
        handle_report(turn, sender.pupils)
    return finish(turn)


def handle_report(turn: Turn, pupils: list[Pupil]) -> None:
    """Parse a new message and act on its intent."""
    proposal = turn.parse(
        turn.msg.text, received_at=turn.local, children=[child_for(p) for p in pupils],
        calendar=None,  # closures are checked per school, so a parent is told when they name a closed day
    )
    learn_language(turn, getattr(proposal, "language", None))
    by_id = {str(p.id): p for p in pupils}
    chosen = [by_id[i] for i in proposal.pupils if i in by_id] if isinstance(proposal.pupils, list) else []
    if proposal.safeguarding:
        raise_cue(turn, chosen or (pupils if len(pupils) == 1 else []))
    if proposal.pupils == "ask" and proposal.intent != "other":
        ask_which_child(turn, proposal, pupils)
        return
    act_on(turn, proposal, chosen or (pupils if len(pupils) == 1 else []))


def learn_language(turn: Turn, language: str | None) -> None:
    """Answer in the message's language; remember a supported one on the family's contacts for chasers and notices."""
    # a short reply ("ok", "thanks", "1") reads as English: it keeps the language the parent was answered in
    judged = language if language in LANGUAGES or len(turn.msg.text.split()) >= 4 else None
    turn.lang = reply_language(judged, turn.contact.language)
    if language in LANGUAGES:
        for contact in turn.sender.contacts:
            if contact.language != language:
                contact.language = language
                turn.session.add(contact)


def act_on(turn: Turn, proposal: Any, chosen: list[Pupil]) -> None:
    if proposal.intent == "other" or not chosen:
        turn.say(replies.passed_to_office(turn.contact, turn.lang))
        forward(turn, chosen)
    elif proposal.intent == "late":
        record_late(turn, proposal, chosen)
    elif proposal.intent == "leave_request":
        record_leave(turn, proposal, chosen)
    elif proposal.intent == "update":
        record_update(turn, proposal, chosen)
    else:
        record_absence(turn, proposal, chosen)


def forward(turn: Turn, about: list[Pupil] | None = None) -> None:
    """A message the bot cannot record goes to the staff chat of the schools of the children it names, else of the family."""
    named = {p.school_id for p in about or []}
    for school in [s for s in turn.sender.family_schools if not named or s.id in named]:
        contact = next(c for c in turn.sender.contacts if c.school_id == school.id)
        text = forward_text(channel=turn.msg.channel, address=turn.msg.reply_to, text=turn.msg.text, contact=contact, sensitive=turn.sensitive)
        turn.out += staff_note(school, f"fwd:{turn.msg.inbound_id}" if school is turn.home else f"fwd:{turn.msg.inbound_id}:{school.id}", text)


def finish(turn: Turn) -> list[Outgoing]:
    """Turn the collected reply text into one reply message (subject to the daily cap)."""
    if turn.replies:
        over, alert = replies.capped(
            turn.session, school=turn.home, channel=turn.msg.channel, recipient=turn.msg.reply_to,
            received_at=turn.msg.received_at, now=turn.now, cap=turn.reply_cap, inbound_id=turn.msg.inbound_id,
        )
        turn.out += alert
        if not over:
            turn.out.append(replies.reply_message(
                inbound_id=turn.msg.inbound_id, channel=turn.msg.channel, reply_to=turn.msg.reply_to,
                text=for_channel(" ".join(turn.replies), turn.msg.channel, turn.lang),
                school_id=turn.home.id, contact_id=turn.contact.id, buttons=turn.buttons,
            ))
    return turn.out
