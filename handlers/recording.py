"""Recording what a parent reported: absence reports and their provisional marks, late arrivals, leave requests.

Each report, its marks and its card belong to its own pupil's school. One
report per pupil, intent and day: a repeat (the same message again, or the
other parent) is merged into the report already held, whose card is updated,
and the parent is told it was already recorded. A report staff have decided
keeps its code; a later message is added to it and shown to staff, and any
change of code stays a staff action.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from handlers import replies
from handlers.questions import ask_reason
from handlers.staff.card import card_message, current_code, day_label, staff_note
from handlers.staff.leave import leave_lines
from handlers.staff.notes import new_information_note
from handlers.turn import Turn
from nlu.sessions import times_in
from handlers.clusters import cluster_notes
from store.exclusions import exclusion, illness_in, return_day
from store.marks import amend_mark, create_mark, get_mark
from store.models import AbsenceReport, Pupil
from store.reports import covered_sessions, open_report
from store.schools import is_school_day, school_days
from store.settings import SchoolSettings

ABSENCE_CODES = ("I", "M", "N")
STATED_REASON = re.compile(r'^reason: "(?P<reason>[^"]+)" \(not illness or medical\)$')


def stated_reason(evidence: Sequence[str]) -> str | None:
    """The non-medical reason the parent gave (from the NLU's evidence), or None when they gave none."""
    for line in evidence:
        match = STATED_REASON.match(line)
        if match:
            return match.group("reason")
    return None


def decided(report: AbsenceReport) -> bool:
    return report.status in ("confirmed", "changed")


def covered_days(turn: Turn, school: SchoolSettings, first: dt.date | None, last: dt.date | None) -> tuple[list[dt.date], dt.date]:
    """School days an absence covers; a message on a closed day about 'today' means the next school day."""
    day = first or turn.today
    closed = turn.closed(school, day)
    if day == turn.today and not is_school_day(day, closed) and (last is None or last <= day):
        while not is_school_day(day, closed):
            day += dt.timedelta(days=1)
        return [day], day
    return school_days(day, max(last or day, day), closed), day


def put_mark(turn: Turn, pupil: Pupil, day: dt.date, sess: str, code: str, report: AbsenceReport) -> None:
    """Create the provisional mark, or take over one that a parent report may still change.

    A register `N` (or an earlier provisional parent mark) becomes this report's
    even when the code stays, so a staff decision on the report covers it.
    Confirmed marks and marks of other sources are left alone.
    """
    mark = get_mark(turn.session, pupil_id=pupil.id or 0, date=day, sess=sess)
    given = report.reason_text or turn.words()
    who = turn.contact_for(pupil).name or "parent"
    if mark is None:
        create_mark(turn.session, pupil_id=pupil.id or 0, date=day, sess=sess, code=code, source="parent", reason=given, report_id=report.id, at=turn.now)
        return
    changeable = mark.status == "provisional" and (mark.code == "N" or mark.source == "parent" or mark.report_id == report.id)
    if not changeable:
        return
    if mark.code != code and not (code == "N" and mark.code in ("I", "M")):
        amend_mark(
            turn.session, mark=mark, code=code, reason=f"parent report #{report.id}", who=who, role="parent",
            source="parent", report_id=report.id, at=turn.now, given_reason=given if mark.reason is None else None,
        )
        return
    if mark.report_id != report.id or mark.reason is None:
        mark.report_id = report.id
        mark.reason = mark.reason or given
        turn.session.add(mark)
        turn.session.flush()


def write_marks(turn: Turn, pupil: Pupil, report: AbsenceReport) -> None:
    """Marks for every session the report covers, at the code the report stands at."""
    code = current_code(report) or "N"
    for day, sess in covered_sessions(turn.session, report):
        put_mark(turn, pupil, day, sess, code, report)


def new_report(turn: Turn, pupil: Pupil, proposal: Any, intent: str, first: dt.date, last: dt.date | None, code: str | None) -> AbsenceReport:
    report = AbsenceReport(
        school_id=pupil.school_id, pupil_id=pupil.id or 0, contact_id=turn.contact_for(pupil).id,
        inbound_id=turn.source_inbound_id or turn.msg.inbound_id, intent=intent,
        reason_text=None if turn.sensitive else stated_reason(proposal.evidence),
        first_day=first, last_day=last, sessions=proposal.sessions or "ALL", proposed_code=code,
        confidence=float(proposal.confidence), evidence=list(proposal.evidence), sensitive=turn.sensitive, created_at=turn.now,
    )
    turn.session.add(report)
    turn.session.flush()
    return report


def record_absence(turn: Turn, proposal: Any, pupils: list[Pupil]) -> None:
    """A report and provisional marks per child (or the repeat merged into the one held); one reply; a reason asked once."""
    code = proposal.code if proposal.code in ABSENCE_CODES else "N"
    new: list[tuple[Pupil, AbsenceReport, list[dt.date]]] = []
    again: list[tuple[Pupil, list[dt.date]]] = []
    guidance: AbsenceReport | None = None
    for pupil in pupils:
        days, first = covered_days(turn, turn.school_of(pupil), proposal.first_day, proposal.last_day)
        if not days:
            turn.say(replies.school_closed(turn.contact, first, pupil, turn.lang))
            continue
        last = days[-1] if proposal.last_day is not None else None
        held = open_report(turn.session, pupil_id=pupil.id or 0, intent="absence", days=days)
        if held is not None:
            merge_absence(turn, held, pupil, proposal, days, last, code)
            again.append((pupil, days))
            continue
        report = new_report(turn, pupil, proposal, "absence", days[0], last, code)
        guidance = return_guidance(turn, report, turn.school_of(pupil), proposal, code) or guidance
        flag_whole_day_appointment(turn, report, turn.school_of(pupil), code)
        write_marks(turn, pupil, report)
        turn.out += card_message(turn.session, report, turn.school_of(pupil))
        new.append((pupil, report, days))
    if new:
        when = replies.when_text(turn.today, new[0][2], turn.lang)
        text = replies.recorded_absence(turn.contact, [p for p, _, _ in new], sessions=proposal.sessions, when=when, code=code, lang=turn.lang)
        found = exclusion(guidance.illness) if guidance is not None and guidance.illness else None
        if found is not None and guidance is not None:
            text += " " + replies.return_advice(found.name, found.exclusion, guidance.expected_return, turn.lang)
        turn.say(text)
        turn.out += cluster_notes(turn, [r for _, r, _ in new if r.illness])
    if again:
        turn.say(replies.already_recorded(turn.contact, [p for p, _ in again], when=replies.when_text(turn.today, again[0][1], turn.lang), lead=not new, lang=turn.lang))
    if new and code == "N" and stated_reason(proposal.evidence) is None:
        ask_reason(turn, [r for _, r, _ in new], [p for p, _, _ in new])


def flag_whole_day_appointment(turn: Turn, report: AbsenceReport, school: SchoolSettings, code: str) -> None:
    """An appointment with a known time taking the whole day, where the policy says appointments never do (AFMAT)."""
    if code != "M" or report.sessions != "ALL" or not school.resolved_policy().appointment_not_whole_day:
        return
    hours = [h for h in times_in(turn.msg.text.lower()) if 7.5 <= h <= 16]
    if hours:
        at = f"{int(hours[0]):02d}:{round(hours[0] % 1 * 60):02d}"
        report.evidence = [*report.evidence, f"whole day for an appointment at {at}: the policy expects the pupil in before or after it"]
        turn.session.add(report)
        turn.session.flush()


def return_guidance(turn: Turn, report: AbsenceReport, school: SchoolSettings, proposal: Any, code: str) -> AbsenceReport | None:
    """An illness of UKHSA's exclusion table: noted on the report with the earliest day back.

    The marks stay those of the days the parent gave: the expected return is
    shown to the parent and on the card, and the office decides the rest.
    """
    found = illness_in(turn.msg.text) if code == "I" and not turn.sensitive else None
    if found is None:
        return None
    report.illness = found.key
    report.expected_return = return_day(found, report.first_day, turn.closed(school, report.first_day))
    turn.session.add(report)
    turn.session.flush()
    return report


def merge_absence(turn: Turn, report: AbsenceReport, pupil: Pupil, proposal: Any, days: list[dt.date], last: dt.date | None, code: str) -> None:
    """Fold a repeated report into the one held: days widened, a reason taken while undecided, staff told."""
    extend(report, days[0], last or days[-1], proposal.sessions, open_ended=last is None)
    suggests = code if code != current_code(report) and code != "N" else None
    if not decided(report) and report.proposed_code == "N" and code in ("I", "M"):
        report.proposed_code, report.confidence = code, max(report.confidence, float(proposal.confidence))
        suggests = None
    if report.reason_text is None and not turn.sensitive:
        report.reason_text = stated_reason(proposal.evidence)
    report.follow_ups = [*report.follow_ups, turn.follow_up("repeat", suggests)]
    turn.session.add(report)
    turn.session.flush()
    write_marks(turn, pupil, report)
    tell_staff(turn, report, pupil, suggests, edit=f"repeat:{turn.msg.inbound_id}")


def extend(report: AbsenceReport, first: dt.date, last: dt.date, sessions: str | None, *, open_ended: bool) -> None:
    """Widen a report to also cover first..last (the first day's sessions become the whole day when they differ)."""
    end = report.last_day or report.first_day
    if first < report.first_day:
        report.first_day, report.sessions = first, sessions or "ALL"
    elif first == report.first_day and (sessions or "ALL") != report.sessions:
        report.sessions = "ALL"
    if last > end or (report.last_day is None and not open_ended):
        report.last_day = max(last, end)


def tell_staff(turn: Turn, report: AbsenceReport, pupil: Pupil, suggests: str | None, *, edit: str) -> None:
    """Re-render the card; after a decision, also post what is new to the staff chat (an edit does not notify)."""
    school = turn.school_of(pupil)
    turn.out += card_message(turn.session, report, school, edit=edit)
    if decided(report):
        text = new_information_note(report, pupil, text=turn.msg.text, contact=turn.contact_for(pupil), suggests=suggests, sensitive=turn.sensitive)
        turn.out += staff_note(school, f"new-info:{turn.msg.inbound_id}:{report.id}", text)


#: A stated arrival time counts when it falls in the school morning (07:00 to 12:30).
MORNING = (7.0, 12.5)


def stated_arrival(text: str | None, school: SchoolSettings, day: dt.date) -> dt.datetime | None:
    """The arrival time a parent gave ("she'll be in for 10.15"), as a local time on `day`, or None."""
    times = [t for t in times_in(" ".join((text or "").lower().split())) if MORNING[0] <= t <= MORNING[1]]
    if not times:
        return None
    hour, minutes = divmod(round(times[0] * 60), 60)
    return dt.datetime.combine(day, dt.time(hour, minutes), tzinfo=school.tz)


def lateness(turn: Turn, school: SchoolSettings, day: dt.date) -> tuple[bool, str]:
    """Whether the arrival counts as U, and the staff note saying why, in minutes from the register close.

    The arrival is the time the parent gave, else (for today) when the message came; U when it is
    later than the register close plus the policy's `late_unauthorised_after_minutes`, else L.
    """
    policy = school.resolved_policy()
    closes = dt.datetime.combine(day, policy.register_closes, tzinfo=school.tz)
    limit = closes + dt.timedelta(minutes=policy.late_unauthorised_after_minutes)
    grace = f" plus {policy.late_unauthorised_after_minutes} minutes" if policy.late_unauthorised_after_minutes else ""
    stated = stated_arrival(turn.msg.text, school, day)
    local = turn.msg.received_at.astimezone(school.tz)
    if stated is not None:
        arrival, basis = stated, f"Expected at {stated:%H:%M}"
    elif day == local.date():
        arrival, basis = local, f"No arrival time given; told at {local:%H:%M}"
    else:
        return False, "Expected late on a later day, before the register closes: L when confirmed."
    minutes = int((arrival - closes).total_seconds() // 60)
    if arrival > limit:
        return True, (f"{basis}, {minutes} minutes after the register closed ({closes:%H:%M}{grace}): "
                      "counts as U (unauthorised) unless a reason changes it. Confirm when the pupil arrives; the AM mark is written then.")
    when = f"{-minutes} minutes before" if minutes < 0 else (f"{minutes} minutes after" if minutes else "as")
    return False, f"Expected late: {basis[0].lower()}{basis[1:]}, {when} the register closes ({closes:%H:%M}{grace}): L. Confirm when the pupil arrives; the AM mark is written then."


def record_late(turn: Turn, proposal: Any, pupils: list[Pupil]) -> None:
    day = proposal.first_day or turn.today
    new, again = [], []
    for pupil in pupils:
        school = turn.school_of(pupil)
        held = open_report(turn.session, pupil_id=pupil.id or 0, intent="late", days=[day])
        if held is not None:
            held.follow_ups = [*held.follow_ups, turn.follow_up("late")]
            turn.session.add(held)
            tell_staff(turn, held, pupil, None, edit=f"late:{turn.msg.inbound_id}")
            again.append(pupil)
            continue
        late, note = lateness(turn, school, day)
        report = new_report(turn, pupil, proposal, "late", day, day, "U" if late else "L")
        turn.out += card_message(turn.session, report, school, note=note)
        new.append((pupil, late))
    when = "today" if day == turn.today else f"on {day_label(day)}"
    if turn.lang != "en":
        when = replies.when_text(turn.today, [day], turn.lang)
    if new:
        turn.say(replies.late_noted(turn.contact, [p for p, _ in new], when=when, after_close=any(late for _, late in new), lang=turn.lang))
    if again:
        turn.say(replies.late_already(turn.contact, again, when=when, lang=turn.lang))


def record_leave(turn: Turn, proposal: Any, pupils: list[Pupil]) -> None:
    first = proposal.first_day or turn.today
    for pupil in pupils:
        held = open_report(turn.session, pupil_id=pupil.id or 0, intent="leave_request", days=[first])
        if held is not None:
            held.follow_ups = [*held.follow_ups, turn.follow_up("leave")]
            turn.session.add(held)
            tell_staff(turn, held, pupil, None, edit=f"leave:{turn.msg.inbound_id}")
            continue
        report = new_report(turn, pupil, proposal, "leave_request", first, proposal.last_day, None)
        school = turn.school_of(pupil)
        lines = ["Leave request: an admin approves or refuses it; no marks until then.",
                 *leave_lines(turn.session, school, report, pupil, turn.msg.text)]
        turn.out += card_message(turn.session, report, school, note="\n".join(lines))
    process = turn.school_of(pupils[0]).resolved_policy().leave_of_absence_process if pupils else None
    turn.say(replies.leave_requested(turn.contact, process, turn.lang))
