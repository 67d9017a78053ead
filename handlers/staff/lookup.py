"""Finding a pupil from what staff type: an MIS id, a full name, or a near spelling (rapidfuzz)."""

from __future__ import annotations

from rapidfuzz import fuzz, utils
from sqlalchemy import select
from sqlmodel import Session

from store.models import Pupil

MIN_SCORE = 75.0
CLEAR_LEAD = 8.0


def _names(pupil: Pupil) -> list[str]:
    firsts = [pupil.first_name] + ([pupil.preferred_name] if pupil.preferred_name else [])
    return [f"{f} {pupil.last_name}" for f in firsts] + firsts + [pupil.last_name]


def _score(query: str, pupil: Pupil) -> float:
    return max(fuzz.WRatio(query, name, processor=utils.default_process) for name in _names(pupil))


def match_pupils(session: Session, *, school_id: str, query: str, limit: int = 6, on_roll_only: bool = True) -> list[Pupil]:
    """One pupil when the query identifies one; several (best first) when it is ambiguous; none when nothing fits.

    `on_roll_only=False` also finds pupils who have left (for a case history).
    """
    wanted = " ".join(query.split())
    if not wanted:
        return []
    stmt = select(Pupil).where(Pupil.school_id == school_id).order_by(Pupil.last_name, Pupil.first_name, Pupil.id)
    if on_roll_only:
        stmt = stmt.where(Pupil.on_roll)
    pupils = list(session.execute(stmt).scalars())
    by_id = [p for p in pupils if p.mis_id.casefold() == wanted.casefold()]
    if by_id:
        return by_id
    exact = [p for p in pupils if wanted.casefold() in (n.casefold() for n in _names(p)[:2])]
    if exact:
        return exact[:limit]
    scored = sorted(((s, p) for p in pupils if (s := _score(wanted, p)) >= MIN_SCORE), key=lambda sp: -sp[0])
    if not scored:
        return []
    if len(scored) == 1 or scored[0][0] - scored[1][0] >= CLEAR_LEAD:
        return [scored[0][1]]
    return [p for _, p in scored[:limit]]
