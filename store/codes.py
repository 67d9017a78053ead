"""The national attendance codes (School Attendance (Pupil Registration) (England) Regulations 2024).

Codes are data: each has a meaning and a statistical meaning, which decides
whether a session counts as possible, attended, or missed (authorised or not).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """Statistical meaning of a code, as the DfE counts it."""

    PRESENT = "present"
    APPROVED_ACTIVITY = "approved educational activity"
    AUTHORISED = "authorised absence"
    UNAUTHORISED = "unauthorised absence"
    NOT_POSSIBLE = "not a possible session"


@dataclass(frozen=True)
class AttendanceCode:
    code: str
    meaning: str
    category: Category

    @property
    def possible(self) -> bool:
        """Whether the session counts towards possible sessions."""
        return self.category is not Category.NOT_POSSIBLE

    @property
    def attended(self) -> bool:
        """Whether the session counts as attendance (present or approved activity)."""
        return self.category in (Category.PRESENT, Category.APPROVED_ACTIVITY)

    @property
    def absent(self) -> bool:
        return self.category in (Category.AUTHORISED, Category.UNAUTHORISED)


_P, _A, _AU, _U, _X = (
    Category.PRESENT,
    Category.APPROVED_ACTIVITY,
    Category.AUTHORISED,
    Category.UNAUTHORISED,
    Category.NOT_POSSIBLE,
)

_TABLE: tuple[tuple[str, str, Category], ...] = (
    ("/", "Present (AM)", _P),
    ("\\", "Present (PM)", _P),
    ("L", "Late arrival before the register has closed", _P),
    ("K", "Attending education provision arranged by the local authority", _A),
    ("V", "Attending an educational visit or trip", _A),
    ("P", "Participating in a supervised sporting activity", _A),
    ("W", "Attending work experience", _A),
    ("B", "Attending any other approved educational activity", _A),
    ("D", "Attending another school at which the pupil is also registered (dual registration)", _X),
    ("C1", "Leave of absence for a regulated performance or regulated employment abroad", _AU),
    ("M", "Leave of absence for a medical or dental appointment", _AU),
    ("J1", "Leave of absence for an interview for employment or admission to another educational institution", _AU),
    ("S", "Leave of absence to study for a public examination", _AU),
    ("X", "Non-compulsory school age pupil not required to attend school", _X),
    ("C2", "Leave of absence for a compulsory school age pupil subject to a part-time timetable", _AU),
    ("C", "Leave of absence for exceptional circumstances", _AU),
    ("T", "Parent travelling for occupational purposes (Gypsy, Roma and Traveller)", _AU),
    ("Q", "Unable to attend because of a lack of access arrangements", _X),
    ("Y1", "Unable to attend: transport normally provided not available", _X),
    ("Y2", "Unable to attend: widespread disruption to travel", _X),
    ("Y3", "Unable to attend: part of the school premises closed", _X),
    ("Y4", "Unable to attend: whole school site unexpectedly closed", _X),
    ("Y5", "Unable to attend: pupil in criminal justice detention", _X),
    ("Y6", "Unable to attend: public health guidance or law", _X),
    ("Y7", "Unable to attend: any other unavoidable cause", _X),
    ("E", "Suspended or permanently excluded, no alternative provision made", _AU),
    ("I", "Illness (not medical or dental appointment)", _AU),
    ("R", "Religious observance", _AU),
    ("G", "Holiday not granted by the school", _U),
    ("U", "Arrived in school after registration closed", _U),
    ("O", "Absent in other or unknown circumstances", _U),
    ("N", "Reason for absence not yet established", _U),
    ("Z", "Prospective pupil not on admission register", _X),
    ("#", "Planned whole school closure", _X),
)

CODES: dict[str, AttendanceCode] = {c: AttendanceCode(c, m, cat) for c, m, cat in _TABLE}

#: Codes that record the pupil as present in school for the session.
PRESENT_CODES = frozenset(c for c, v in CODES.items() if v.category is Category.PRESENT)
#: Approved educational activity: off site but attending; never chased.
APPROVED_ACTIVITY_CODES = frozenset(c for c, v in CODES.items() if v.category is Category.APPROVED_ACTIVITY)
UNAUTHORISED_CODES = frozenset(c for c, v in CODES.items() if v.category is Category.UNAUTHORISED)
#: Unauthorised codes that count towards the penalty-notice threshold (N left unresolved becomes O).
PENALTY_CODES = frozenset({"G", "O", "U"})
#: Register marks meaning "present"; "-" means no mark yet.
NO_MARK = "-"


class UnknownCode(ValueError):
    pass


def lookup(code: str) -> AttendanceCode:
    """Return the national code, accepting any case for letters ("i" -> "I")."""
    key = code.strip()
    key = key if key in CODES else key.upper()
    try:
        return CODES[key]
    except KeyError:
        raise UnknownCode(f"{code!r} is not a national attendance code") from None


def normalise(code: str) -> str:
    """Return the canonical spelling of a code, raising UnknownCode if it is not one."""
    return lookup(code).code
