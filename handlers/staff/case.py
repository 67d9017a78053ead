"""/case <pupil>: one pupil's whole history this school year, for the staff member who picks up the case.

Figures (from possible sessions), parent reports, chases, tasks and notices
(penalty and letter tasks with what was recorded when they were closed),
and, in the safeguarding chat only, the safeguarding alerts and the tasks
the DSL owns: safeguarding detail never reaches the staff chat.
"""

from __future__ import annotations

import datetime as dt
import html

from sqlalchemy import select
from sqlmodel import Session

from handlers.alerts import pupil_label
from handlers.staff.digest import report_line
from handlers.staff.tasks import STATUS_WORDS
from store.attendance import pupil_attendance
from store.models import AbsenceReport, ChaseAttempt, Pupil, SafeguardingFlag
from store.schools import academic_year_start
from store.settings import SchoolSettings
from store.tasks import KINDS, list_tasks, owner_chat

LIMIT = 15


def case_lines(session: Session, *, school: SchoolSettings, pupil: Pupil, today: dt.date, safeguarding: bool) -> list[str]:
    assert pupil.id is not None
    esc = html.escape
    start = academic_year_start(today)
    lines = [f"<b>Case: {esc(pupil_label(pupil))}</b>" + ("" if pupil.on_roll else " — left the roll")]
    figures = pupil_attendance(session, school_id=school.id, start=start, end=today, pupil_mis_id=pupil.mis_id)
    if figures:
        f = figures[0].as_dict()
        if f["rate"] is None:
            lines.append(f"Attendance since {start:%d %b %Y}: no marks held ({f['unknown']} sessions with no information).")
        else:
            flags = " · persistent absence" if f["persistent_absence"] else ""
            flags += " · severe absence" if f["severe_absence"] else ""
            lines.append(
                f"Attendance since {start:%d %b %Y}: {100 * float(f['rate']):.1f}% ({f['present']} of {f['possible']} possible; "  # type: ignore[arg-type]
                f"{f['authorised']} authorised, {f['unauthorised']} unauthorised absent; {f['unknown']} unknown){flags}"
            )
    reports = session.execute(
        select(AbsenceReport).where(AbsenceReport.pupil_id == pupil.id, AbsenceReport.first_day >= start)
        .order_by(AbsenceReport.first_day.desc()).limit(LIMIT)  # type: ignore[attr-defined]
    ).scalars().all()
    lines.append(f"<b>Reports</b> ({len(reports)}{'+' if len(reports) == LIMIT else ''})")
    lines += [report_line(r, pupil) for r in reports] or ["• none"]
    chases = session.execute(
        select(ChaseAttempt).where(ChaseAttempt.pupil_id == pupil.id, ChaseAttempt.date >= start)
        .order_by(ChaseAttempt.date.desc(), ChaseAttempt.session, ChaseAttempt.step).limit(LIMIT)  # type: ignore[attr-defined]
    ).scalars().all()
    lines.append("<b>Chases</b>")
    lines += [f"• {c.date:%a %d %b} {c.session} step {c.step}: {esc(c.outcome.replace('_', ' '))}" for c in chases] or ["• none"]
    tasks = [(t, p) for t, p in list_tasks(session, school_id=school.id, status="all", pupil_id=pupil.id)
             if safeguarding or owner_chat(t.owner_role) == "staff"]
    lines.append("<b>Tasks, letters and notices</b>")
    for task, _ in tasks[-LIMIT:]:
        title = task.title or KINDS.get(task.kind, (task.kind, ""))[0]
        state = "open" if task.status == "open" else f"{STATUS_WORDS.get(task.status, task.status)} by {task.done_by}"
        note = f" — {task.note}" if task.note else ""
        lines.append(f"• #{task.id} {task.raised_on or task.raised_at.date():%d %b}: {esc(title)} ({esc(state)}{esc(note)})")
    if not tasks:
        lines.append("• none")
    if safeguarding:
        flags = session.execute(
            select(SafeguardingFlag).where(SafeguardingFlag.pupil_id == pupil.id).order_by(SafeguardingFlag.raised_at.desc()).limit(LIMIT)  # type: ignore[attr-defined]
        ).scalars().all()
        lines.append("<b>Safeguarding alerts</b>")
        lines += [
            f"• {f.raised_at:%d %b}: {esc(f.kind.replace('_', ' '))}" + (f" (acknowledged by {esc(f.acknowledged_by)})" if f.acknowledged_by else " (not acknowledged)")
            for f in flags
        ] or ["• none"]
    else:
        lines.append("Safeguarding alerts and DSL tasks are shown by /case in the safeguarding chat.")
    return lines
