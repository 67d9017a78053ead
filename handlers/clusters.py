"""Clusters of one infectious illness in a class or year: the admin is told, with the list.

UKHSA's guidance asks settings to contact their local health protection team
"if an outbreak or cluster occurs". When a report names an illness of the
exclusion table, the reports of that illness in the pupil's class (and year)
over the policy's `illness_cluster_days` are counted; at
`illness_cluster_pupils` different pupils the staff chat gets one notice for
the head or admin. The notice is keyed on the group, the illness and the
cluster's first day, so it is posted once however many reports follow.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from sqlmodel import Session, col, select

from handlers.outbox import Outgoing
from handlers.staff.card import day_label, staff_note
from handlers.turn import Turn
from store.exclusions import exclusion, table
from store.models import AbsenceReport, Pupil
from store.settings import SchoolSettings


def cluster_notes(turn: Turn, reports: Sequence[AbsenceReport]) -> list[Outgoing]:
    out: list[Outgoing] = []
    for report in reports:
        pupil = turn.session.get(Pupil, report.pupil_id)
        if pupil is None or not report.illness:
            continue
        out += cluster_note(turn.session, turn.school_of(pupil), pupil, report)
    return out


def cluster_note(session: Session, school: SchoolSettings, pupil: Pupil, report: AbsenceReport) -> list[Outgoing]:
    """The notice for the smallest group (class, then year) of `pupil` that now has a cluster of the report's illness."""
    policy = school.resolved_policy()
    if not policy.illness_cluster_pupils or not report.illness:
        return []
    since = report.first_day - dt.timedelta(days=policy.illness_cluster_days - 1)
    for label, column, value in (("class", Pupil.reg_group, pupil.reg_group), ("year", Pupil.year_group, pupil.year_group)):
        if not value:
            continue
        rows = session.exec(
            select(AbsenceReport, Pupil).join(Pupil, col(Pupil.id) == AbsenceReport.pupil_id).where(
                AbsenceReport.school_id == school.id, AbsenceReport.illness == report.illness,
                AbsenceReport.intent == "absence", AbsenceReport.status != "cancelled",
                col(AbsenceReport.first_day) >= since, col(AbsenceReport.first_day) <= report.first_day, column == value,
            ).order_by(col(AbsenceReport.first_day), col(AbsenceReport.id))
        ).all()
        pupils = {p.id: (p, r.first_day) for r, p in reversed(rows)}
        if len(pupils) >= policy.illness_cluster_pupils:
            first = min(day for _, day in pupils.values())
            key = f"cluster:{school.id}:{report.illness}:{label}:{value}:{first.isoformat()}"
            return staff_note(school, key, _text(report.illness, f"{label} {value}", sorted(pupils.values(), key=lambda x: x[1]), first))
    return []


def _text(illness: str, group: str, pupils: list[tuple[Pupil, dt.date]], first: dt.date) -> str:
    found = exclusion(illness)
    name = found.name if found else illness
    source, _ = table()
    lines = [
        f"<b>Possible outbreak: {html.escape(name)} in {html.escape(group)}</b> (for the head or admin)",
        f"{len(pupils)} pupils reported off with {html.escape(name)} since {day_label(first)}:",
        *(f"• {html.escape(p.first_name)} {html.escape(p.last_name)} ({html.escape(p.reg_group or p.year_group or '')}), from {day_label(day)}"
          for p, day in pupils),
        f"{html.escape(source.publisher)} asks settings to contact their local health protection team if an outbreak or "
        f"cluster occurs ({html.escape(source.title)}, updated {source.updated}).",
    ]
    return "\n".join(lines)
