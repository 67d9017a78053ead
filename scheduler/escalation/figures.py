"""Rules on this year's figures: national persistent and severe absence, the policy's thresholds, unauthorised days, lateness.

Figures count possible sessions from every mark held (register, parents,
staff). A pupil is judged only with enough register data: at least
`MIN_SESSIONS` possible sessions, and sessions with no mark at all no more
than `MAX_UNKNOWN_SHARE` of the sessions the school held; otherwise the
pupil is "not enough register data" and no figure task is raised.
"""

from __future__ import annotations

from sqlmodel import Session

from scheduler.calendar import school_days_after, school_days_back
from scheduler.context import JobContext
from scheduler.escalation.marks import code_counts, marks
from scheduler.policy_tasks import Task
from store.attendance import AttendanceSummary, baseline_summary, plus, usable_baselines
from store.codes import CODES, NO_MARK, Category
from store.models import AttendanceBaseline, Pupil
from store.schools import academic_year_start, non_school_days, school_days

MIN_SESSIONS = 20
MAX_UNKNOWN_SHARE = 0.10
LATENESS_WINDOW_DAYS = 20


def summary_of(counts: dict[str, int]) -> AttendanceSummary:
    """`store.attendance.summarise` over code counts rather than one code per session."""
    possible = attended = authorised = unauthorised = 0
    for code, n in counts.items():
        info = CODES.get(code)
        if code == NO_MARK or info is None or not info.possible:
            continue
        possible += n
        if info.attended:
            attended += n
        elif info.category is Category.AUTHORISED:
            authorised += n
        else:
            unauthorised += n
    return AttendanceSummary(possible, attended, authorised, unauthorised)


def year_figures(
    session: Session, ctx: JobContext, pupils: dict[int, Pupil], counts_by_pupil: dict[int, dict[str, int]] | None = None,
) -> dict[int, AttendanceSummary]:
    """This academic year's figures for pupils with enough register data (`counts_by_pupil`: this year's code counts)."""
    year = academic_year_start(ctx.today)
    held = 2 * len(school_days(year, ctx.today, non_school_days(session, school_id=ctx.school.id, start=year, end=ctx.today)))
    figures = {}
    counts_by_pupil = dict(code_counts(session, ctx, year) if counts_by_pupil is None else counts_by_pupil)
    base = usable_baselines(session, pupil_ids=sorted(pupils), start=year, end=ctx.today)
    counts_by_pupil.update(_counts_after(session, ctx, base))
    for pid, counts in counts_by_pupil.items():
        if pid not in pupils:
            continue
        summary, expected = summary_of(counts), held
        if pid in base:
            summary = plus(baseline_summary(base[pid]), summary)
            expected = 2 * school_days_after(session, school_id=ctx.school.id, start=base[pid].as_of, end=ctx.today)
        marked = sum(n for code, n in counts.items() if code != NO_MARK)
        unknown = max(expected - marked, 0)
        if summary.possible >= MIN_SESSIONS and unknown <= MAX_UNKNOWN_SHARE * max(expected, 1):
            figures[pid] = summary
    return figures


def _counts_after(session: Session, ctx: JobContext, base: dict[int, AttendanceBaseline]) -> dict[int, dict[str, int]]:
    """Code counts of pupils with an MIS summary, from the day after its `as_of` (the summary holds the rest)."""
    if not base:
        return {}
    counts: dict[int, dict[str, int]] = {pid: {} for pid in base}
    for pid, day, _session, code in marks(session, ctx, None, min(b.as_of for b in base.values())):
        if pid in base and day > base[pid].as_of:
            counts[pid][code] = counts[pid].get(code, 0) + 1
    return counts


def figure_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    """Persistent absence (10% or more missed), severe (50% or more), each threshold the policy sets, unauthorised days."""
    counts = code_counts(session, ctx, academic_year_start(ctx.today))
    return _rate_tasks(session, ctx, pupils, counts) + _la_unauthorised_tasks(ctx, pupils, counts)


def _rate_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil], counts: dict[int, dict[str, int]]) -> list[Task]:
    year = academic_year_start(ctx.today).year
    tasks = []
    for pid, s in year_figures(session, ctx, pupils, counts).items():
        rate = s.rate or 0.0
        figures = f"{rate:.1f}% attendance this school year ({s.attended} of {s.possible} possible sessions; {s.missed} missed)."
        if s.severe:
            tasks.append(Task(pupils[pid], "severe_absence", f"{figures} Agree a joint approach with the local authority.", f"severe_absence:{pid}:{year}", due_in_days=7))
        if s.persistent:
            tasks.append(Task(pupils[pid], "persistent_absence", f"{figures} Meet the family and put support in place.", f"persistent_absence:{pid}:{year}", due_in_days=7))
        for threshold in ctx.policy.thresholds:
            if rate < threshold.below:
                kind = "letter" if threshold.letter else "threshold"
                details = f"{figures} Below {threshold.below:g}%: {threshold.action}."
                tasks.append(Task(pupils[pid], kind, details, f"threshold:{pid}:{year}:{threshold.below:g}", due_in_days=7, title=threshold.action))
    return tasks


def _la_unauthorised_tasks(ctx: JobContext, pupils: dict[int, Pupil], counts_by_pupil: dict[int, dict[str, int]]) -> list[Task]:
    """The local authority told of unauthorised absence reaching the policy's sessions, consecutive or not."""
    limit = ctx.policy.la_unauthorised_sessions
    if not limit:
        return []
    year = academic_year_start(ctx.today)
    tasks = []
    for pid, counts in counts_by_pupil.items():
        n = sum(counts.get(code, 0) for code in ("G", "O", "U", "N"))
        if n >= limit and pid in pupils:
            details = f"{n} unauthorised sessions this school year ({n / 2:g} days, consecutive or not)."
            tasks.append(Task(pupils[pid], "la_no_contact", details, f"la_unauthorised:{pid}:{year.year}", title="Tell the local authority: unauthorised absence"))
    return tasks


def lateness_tasks(session: Session, ctx: JobContext, pupils: dict[int, Pupil]) -> list[Task]:
    """Persistent lateness: the policy's number of L or U sessions in the last 20 school days (once a month)."""
    limit = ctx.policy.persistent_lateness_sessions
    if not limit:
        return []
    days = school_days_back(session, school_id=ctx.school.id, end=ctx.today, count=LATENESS_WINDOW_DAYS)
    if not days:
        return []
    late: dict[int, int] = {}
    for pid, _day, _session, _code in marks(session, ctx, ("L", "U"), days[0]):
        late[pid] = late.get(pid, 0) + 1
    return [
        Task(pupils[pid], "lateness", f"Late {n} times in the last {len(days)} school days.", f"lateness:{pid}:{ctx.today:%Y-%m}", due_in_days=7)
        for pid, n in late.items()
        if n >= limit and pid in pupils
    ]
