"""Register marks: creating them, and the one way to change a mark's code (with its audit row).

`amend_mark` is the only function allowed to change `AttendanceMark.code` or
`.status` on a stored mark. A guard on those attributes raises
`AmendmentRequired` for any other change, so no code path can skip the audit.
The amendment's `reason` says why the entry changed (the audit trail); the
mark's own `reason` is the reason given for the absence (the parent's words or
what staff typed) and changes only when a new one is given.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event, inspect
from sqlmodel import Session, select

from store.codes import normalise
from store.models import AttendanceMark, MarkAmendment, utcnow

_amending: ContextVar[bool] = ContextVar("_amending", default=False)


class AmendmentRequired(RuntimeError):
    """A stored mark's code or status was changed outside `amend_mark`."""


def _guard(target: AttendanceMark, value: Any, oldvalue: Any, _initiator: Any) -> Any:
    state = inspect(target)
    if state.persistent and not _amending.get() and value != oldvalue:
        raise AmendmentRequired("change a mark's code only through store.marks.amend_mark")
    return value


event.listen(AttendanceMark.code, "set", _guard, retval=True)
event.listen(AttendanceMark.status, "set", _guard, retval=True)


def get_mark(session: Session, *, pupil_id: int, date: dt.date, sess: str) -> AttendanceMark | None:
    stmt = select(AttendanceMark).where(
        AttendanceMark.pupil_id == pupil_id, AttendanceMark.date == date, AttendanceMark.session == sess
    )
    return session.exec(stmt).first()


def create_mark(
    session: Session,
    *,
    pupil_id: int,
    date: dt.date,
    sess: str,
    code: str,
    source: str,
    status: str = "provisional",
    reason: str | None = None,
    report_id: int | None = None,
    updated_by: str | None = None,
    at: dt.datetime | None = None,
) -> AttendanceMark:
    """Record the original entry for a session that has no mark yet."""
    mark = AttendanceMark(
        pupil_id=pupil_id,
        date=date,
        session=sess,
        code=normalise(code),
        status=status,
        source=source,
        reason=reason,
        report_id=report_id,
        updated_by=updated_by or source,
        updated_at=at or utcnow(),
    )
    session.add(mark)
    session.flush()
    return mark


def amend_mark(
    session: Session,
    *,
    mark: AttendanceMark,
    code: str,
    reason: str,
    who: str,
    role: str,
    status: str | None = None,
    source: str | None = None,
    report_id: int | None = None,
    at: dt.datetime | None = None,
    given_reason: str | None = None,
) -> MarkAmendment | None:
    """Change a mark's code and/or status, keeping original, new, reason, when, who and role.

    `reason` is why the entry was amended; `given_reason`, when set, replaces
    the reason given for the absence that the mark keeps. Returns None (and
    writes nothing) when neither code nor status would change.
    """
    if not reason.strip() or not who.strip() or not role.strip():
        raise ValueError("an amendment needs a reason, who made it and their role")
    new_code = normalise(code)
    new_status = status or mark.status
    if new_code == mark.code and new_status == mark.status:
        return None
    when = at or utcnow()
    amendment = MarkAmendment(
        mark_id=mark.id,
        original_code=mark.code,
        original_status=mark.status,
        amended_code=new_code,
        amended_status=new_status,
        reason=reason,
        amended_at=when,
        amended_by=who,
        role=role,
    )
    token = _amending.set(True)
    try:
        mark.code = new_code
        mark.status = new_status
    finally:
        _amending.reset(token)
    if given_reason is not None:
        mark.reason = given_reason
    mark.updated_by = who
    mark.updated_at = when
    if source:
        mark.source = source
    if report_id is not None:
        mark.report_id = report_id
    session.add(mark)
    session.add(amendment)
    session.flush()
    return amendment


def amendments_for(session: Session, *, mark_id: int) -> list[MarkAmendment]:
    stmt = select(MarkAmendment).where(MarkAmendment.mark_id == mark_id).order_by(MarkAmendment.id)
    return list(session.exec(stmt))
