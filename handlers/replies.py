"""Every reply a parent or an unknown sender gets, and the daily cap on replies to one sender.

The router (`handlers.inbound`) and the conversation (`handlers.parent_report`
and the modules it calls) build their replies here only. Replies name a child
by first (or preferred) name and reg group, never by surname, and never name
a pupil outside the sender's own family.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, select

from handlers.alerts import raise_alert
from handlers.i18n import day, tr
from handlers.outbox import Button, Outgoing
from handlers.staff.card import day_label
from store.models import Contact, OutboundMessage, Pupil
from store.settings import SchoolSettings

TITLES = re.compile(r"^(mr|mrs|ms|miss|mx|dr)\.?$", re.I)
REASONS = {"I": " because of illness", "M": " for a medical appointment"}
REPLY_KINDS = ("reply", "question")

UNKNOWN_REPLY = (
    "Thank you for your message. We could not match this number to our records, so it has been passed to the "
    "school office. If your child is absent today, please also phone the school."
)
LINK_PROMPT = "To report an absence here, please tap the button below to share your phone number, so we can match you to the school's records."
NOT_MATCHED = "Sorry, we could not match that number to the school's records. Please contact the school office to check the number they hold."
SHARE_OWN = "Please share your own phone number with the button below (not someone else's contact)."
START_LABEL = "Share my phone number"
EXPIRED = "That question has already been answered or has expired. Please send a new message if anything has changed."
HELP_TEXT = "Tell us here if your child is off, e.g. 'Oliver is ill today', and why. For anything urgent, phone the school office."


def first_name(contact: Contact) -> str:
    """The contact's first name for a greeting (titles skipped), or '' when unknown."""
    words = [w for w in contact.name.split() if not TITLES.match(w)]
    return words[0] if words else ""


def greeting(contact: Contact, lang: str = "en") -> str:
    name = first_name(contact)
    if lang != "en":
        return tr(lang, "thanks_name", name=name) if name else tr(lang, "thanks")
    return f"Thanks, {name}." if name else "Thanks."


def child_name(pupil: Pupil) -> str:
    """How a reply names a child: first (or preferred) name and reg group, never the surname."""
    name = pupil.preferred_name or pupil.first_name
    return f"{name} ({pupil.reg_group})" if pupil.reg_group else name


def short_name(pupil: Pupil) -> str:
    return pupil.preferred_name or pupil.first_name


def join_names(names: Sequence[str], lang: str = "en") -> str:
    joiner = tr(lang, "and") if lang != "en" else " and "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + joiner + names[-1]


def passed_to_office(contact: Contact, lang: str = "en") -> str:
    if lang != "en":
        return tr(lang, "passed_to_office", thanks=greeting(contact, lang))
    return f"{greeting(contact)} Your message has been passed to the school office."


def linked_already(contact: Contact) -> str:
    return f"{greeting(contact)} You are linked to the school's absence line. Tell us here if your child is off, e.g. 'Oliver is ill today'."


def linked_now(contact: Contact) -> str:
    return f"{greeting(contact)} Your Telegram is now linked. Tell us here if your child is off, e.g. 'Oliver is ill today'."


def school_closed(contact: Contact, closed_day: dt.date, pupil: Pupil, lang: str = "en") -> str:
    if lang != "en":
        return tr(lang, "school_closed", thanks=greeting(contact, lang), day=day(lang, closed_day), name=child_name(pupil))
    return f"{greeting(contact)} School is closed on {day_label(closed_day)}, so there is nothing to record for {child_name(pupil)}."


def when_text(today: dt.date, days: Sequence[dt.date], lang: str = "en") -> str:
    first = days[0]
    if lang != "en":
        if len(days) > 1:
            return tr(lang, "when_range", first=day(lang, first), last=day(lang, days[-1]))
        key = {today: "when_today", today + dt.timedelta(days=1): "when_tomorrow"}.get(first, "when_on")
        return tr(lang, key, day=day(lang, first))
    rel = {today: "today, ", today + dt.timedelta(days=1): "tomorrow, "}.get(first, "on ")
    if len(days) == 1:
        return f"{rel}{day_label(first)}"
    return f"from {day_label(first)} to {day_label(days[-1])}"


def recorded_absence(contact: Contact, pupils: Sequence[Pupil], *, sessions: str | None, when: str, code: str, lang: str = "en") -> str:
    if lang != "en":
        part = {"AM": tr(lang, "part_am"), "PM": tr(lang, "part_pm")}.get(sessions or "ALL", "")
        reason = tr(lang, f"reason_{code}") if code in REASONS else ""
        return tr(lang, "recorded", thanks=greeting(contact, lang), names=join_names([child_name(p) for p in pupils], lang),
                  part=part, when=when, reason=reason)
    names = join_names([child_name(p) for p in pupils])
    verb = "is" if len(pupils) == 1 else "are"
    part = {"AM": " for the morning", "PM": " for the afternoon"}.get(sessions or "ALL", "")
    reason = f",{REASONS[code]}" if code in REASONS else ""
    return f"{greeting(contact)} {names} {verb} recorded as absent{part} {when}{reason}. The office will confirm."


def return_advice(illness: str, exclusion: str, back: dt.date | None, lang: str = "en") -> str:
    """UKHSA's return-to-school advice for the illness named, with the earliest day back when it gives one."""
    if lang != "en":
        return tr(lang, "return_day", day=day(lang, back)) if back else tr(lang, "return_recovered")
    if back is None:
        return f"UKHSA advice for {illness}: stay off {exclusion}."
    return f"UKHSA advice for {illness}: {exclusion}, so the earliest return is {day_label(back)}."


def already_recorded(contact: Contact, pupils: Sequence[Pupil], *, when: str, lead: bool = True, lang: str = "en") -> str:
    """A repeated report: it was merged into the one already held."""
    if lang != "en":
        return tr(lang, "already", thanks=greeting(contact, lang) if lead else "", names=join_names([child_name(p) for p in pupils], lang)).strip()
    names = join_names([child_name(p) for p in pupils])
    head = f"{greeting(contact)} " if lead else ""
    return f"{head}We already have the absence of {names} {when} recorded; we have added your message to it. The office will confirm."


def reason_added(contact: Contact, code: str | None, lang: str = "en") -> str:
    if lang != "en":
        return tr(lang, "reason_added", thanks=greeting(contact, lang))
    reason = REASONS.get(code or "", "")
    return f"{greeting(contact)} We have added that{(' (' + reason.strip() + ')') if reason else ''} to the absence record. The office will confirm."


def late_noted(contact: Contact, pupils: Sequence[Pupil], *, when: str, after_close: bool, lang: str = "en") -> str:
    if lang != "en":
        text = tr(lang, "late_noted", thanks=greeting(contact, lang), names=join_names([child_name(p) for p in pupils], lang), when=when)
        return f"{text} {tr(lang, 'late_after_close')}" if after_close else text
    text = f"{greeting(contact)} We have noted that {join_names([child_name(p) for p in pupils])} will be late {when}. Please sign in at the school office on arrival."
    if after_close:
        text += " The register has closed, so this may count as an unauthorised late."
    return text


def late_already(contact: Contact, pupils: Sequence[Pupil], *, when: str, lang: str = "en") -> str:
    if lang != "en":
        return tr(lang, "late_already", thanks=greeting(contact, lang), names=join_names([child_name(p) for p in pupils], lang), when=when)
    return f"{greeting(contact)} We already have a note that {join_names([child_name(p) for p in pupils])} will be late {when}."


def leave_requested(contact: Contact, process: str | None, lang: str = "en") -> str:
    if lang != "en":
        return tr(lang, "leave_requested", thanks=greeting(contact, lang))
    process = process or "Please ask the school office how to request leave."
    return f"{greeting(contact)} {process} The office has been told of your request."


def update_passed(contact: Contact, pupils: Sequence[Pupil], lang: str = "en") -> str:
    if lang != "en":
        return tr(lang, "update_passed", thanks=greeting(contact, lang), names=join_names([short_name(p) for p in pupils], lang))
    return f"{greeting(contact)} We have passed your update about {join_names([short_name(p) for p in pupils])} to the school office."


def question_queued(contact: Contact, lang: str = "en") -> str:
    if lang != "en":
        return tr(lang, "question_queued", thanks=greeting(contact, lang))
    return f"{greeting(contact)} We have your message and will ask about it once you have answered our first question."


def reason_question(names: str, lead: str = "", lang: str = "en") -> str:
    lead = f"{lead} " if lead else ""
    if lang != "en":
        return lead + tr(lang, "reason_question", names=names)
    return f"{lead}Can you tell us the reason {names} is off? A short reply is fine."


def which_child_sms(options: Sequence[Pupil], lead: str = "", lang: str = "en") -> str:
    """Numbered options; "both"/"all" only when there is more than one child to choose from."""
    lead = f"{lead} " if lead else ""
    names = option_names(options)
    if lang != "en":
        picks = [tr(lang, "choice", n=i + 1, name=n) for i, n in enumerate(names)]
        if len(names) > 1:
            picks.append(tr(lang, "choice_both" if len(names) == 2 else "choice_all", n=len(names) + 1))
        return lead + tr(lang, "which_child", choices=tr(lang, "or").join(picks))
    choices = [f"{i + 1} for {n}" for i, n in enumerate(names)]
    if len(names) > 1:
        choices.append(f"{len(names) + 1} for {'both' if len(names) == 2 else 'all'}")
    return f"{lead}Which child is this about? Reply {join_names(choices).replace(' and ', ' or ')}, or their name."


def which_child_telegram(
    question_id: int, options: Sequence[Pupil], lead: str = "", lang: str = "en",
) -> tuple[str, tuple[tuple[Button, ...], ...]]:
    lead = f"{lead} " if lead else ""
    names = option_names(options)
    rows: list[tuple[Button, ...]] = [tuple(Button(n, f"pc:{question_id}:{i + 1}") for i, n in enumerate(names))]
    if len(names) > 1:
        label = tr(lang, "button_both" if len(names) == 2 else "button_all")
        rows.append((Button(label, f"pc:{question_id}:{len(names) + 1}"),))
    return f"{lead}{tr(lang, 'which_child_short')}", tuple(rows)


def option_names(options: Sequence[Pupil]) -> list[str]:
    """First names, with the reg group when two children of one family share a first name."""
    names = [short_name(p) for p in options]
    return [child_name(p) if names.count(short_name(p)) > 1 else short_name(p) for p in options]


def reply_message(
    *, inbound_id: int, channel: str, reply_to: str, text: str, school_id: str | None, contact_id: int | None, n: int = 1,
    buttons: tuple[tuple[Button, ...], ...] = (), request_contact: str | None = None,
) -> Outgoing:
    """The reply on the channel the message came in on (idempotency key from the inbound id)."""
    return Outgoing(
        key=f"reply:{inbound_id}:{n}", channel="telegram" if channel == "telegram" else "sms", recipient=reply_to,
        text=text, kind="reply", school_id=school_id, contact_id=contact_id, buttons=buttons, request_contact=request_contact,
    )


def replies_today(session: Session, recipient: str, since: dt.datetime) -> int:
    stmt = select(func.count()).select_from(OutboundMessage).where(
        OutboundMessage.recipient == recipient, OutboundMessage.kind.in_(REPLY_KINDS), OutboundMessage.created_at >= since  # type: ignore[attr-defined]
    )
    return int(session.exec(stmt).one())


def capped(session: Session, *, school: SchoolSettings, channel: str, recipient: str, received_at: dt.datetime, now: dt.datetime, cap: int, inbound_id: int) -> tuple[bool, list[Outgoing]]:
    """Whether the sender has had `cap` replies today; the first time, the safeguarding team is shown the flood."""
    local = received_at.astimezone(school.tz)
    since = dt.datetime.combine(local.date(), dt.time(0), tzinfo=school.tz)
    if replies_today(session, recipient, since) < cap:
        return False, []
    details = f"More than {cap} messages today from {recipient} ({channel}); replies and forwards stopped until tomorrow. Latest message #{inbound_id}."
    return True, raise_alert(session, school=school, pupil=None, kind="flood", details=details, dedupe_key=f"flood:{school.id}:{recipient}:{local.date()}", now=now)
