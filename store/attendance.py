"""Attendance figures computed from marks: possible sessions, rate, persistent and severe absence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from store.codes import CODES, NO_MARK, PENALTY_CODES, Category

PERSISTENT_ABSENCE = 0.10
SEVERE_ABSENCE = 0.50


@dataclass(frozen=True)
class AttendanceSummary:
    possible: int
    attended: int
    authorised: int
    unauthorised: int

    @property
    def missed(self) -> int:
        return self.authorised + self.unauthorised

    @property
    def rate(self) -> float | None:
        """Attendance as a percentage of possible sessions (None when nothing was possible)."""
        return None if self.possible == 0 else 100.0 * self.attended / self.possible

    @property
    def absence_rate(self) -> float | None:
        return None if self.possible == 0 else 100.0 * self.missed / self.possible

    @property
    def persistent(self) -> bool:
        """Missed 10% or more of possible sessions."""
        return self.possible > 0 and self.missed >= PERSISTENT_ABSENCE * self.possible

    @property
    def severe(self) -> bool:
        """Missed 50% or more of possible sessions."""
        return self.possible > 0 and self.missed >= SEVERE_ABSENCE * self.possible


def summarise(codes: Iterable[str]) -> AttendanceSummary:
    """Count sessions by statistical meaning; '-' (no mark yet) and unknown codes are left out."""
    possible = attended = authorised = unauthorised = 0
    for raw in codes:
        code = CODES.get(raw)
        if raw == NO_MARK or code is None or not code.possible:
            continue
        possible += 1
        if code.attended:
            attended += 1
        elif code.category is Category.AUTHORISED:
            authorised += 1
        else:
            unauthorised += 1
    return AttendanceSummary(possible, attended, authorised, unauthorised)


def penalty_sessions(codes: Iterable[str], *, n_counts_as_o: bool = True) -> int:
    """Unauthorised sessions counting towards a penalty notice (G, O, U; N when left unresolved)."""
    counted = PENALTY_CODES | ({"N"} if n_counts_as_o else set())
    return sum(1 for c in codes if c in counted)
