"""Attendance codes and figures, on examples worked out by hand."""

from __future__ import annotations

import pytest

from store.attendance import penalty_sessions, summarise
from store.codes import CODES, Category, UnknownCode, lookup, normalise


def sessions(**counts: int) -> list[str]:
    """A pupil's marks from code counts; PRESENT_AM/PRESENT_PM stand for / and \\."""
    names = {"PRESENT_AM": "/", "PRESENT_PM": "\\"}
    return [names.get(code, code) for code, n in counts.items() for _ in range(n)]


def test_half_term_with_illness_and_holiday() -> None:
    # 6 weeks = 30 days = 60 sessions; ill 3 days (6 x I), term-time holiday 2 days (4 x G),
    # late after the register closed once (U); everything else present.
    marks = sessions(PRESENT_AM=25, PRESENT_PM=24, I=6, G=4, U=1)
    s = summarise(marks)
    assert (s.possible, s.attended, s.authorised, s.unauthorised, s.missed) == (60, 49, 6, 5, 11)
    assert s.rate == pytest.approx(100 * 49 / 60)  # 81.67%
    assert s.absence_rate == pytest.approx(100 * 11 / 60)  # 18.33%
    assert s.persistent and not s.severe
    assert penalty_sessions(marks) == 5  # G x4 + U


def test_persistent_threshold_is_ten_percent_inclusive() -> None:
    at_ten = summarise(sessions(PRESENT_AM=18, O=2))  # 2 of 20 = 10%
    below = summarise(sessions(PRESENT_AM=19, O=1))  # 1 of 20 = 5%
    assert at_ten.persistent and not below.persistent
    assert summarise(sessions(PRESENT_AM=181, I=19)).persistent is False  # 9.5%


def test_severe_threshold_is_fifty_percent_inclusive() -> None:
    half = summarise(sessions(PRESENT_AM=5, N=3, I=2))  # 5 of 10 missed
    under = summarise(sessions(PRESENT_AM=6, N=4))  # 4 of 10
    assert half.severe and half.persistent
    assert not under.severe and under.persistent
    assert half.rate == 50.0


def test_not_possible_sessions_are_left_out() -> None:
    # 2 present, 1 ill; a planned closure (#), a site closure (Y4), dual registration (D),
    # non-compulsory age (X), not yet on roll (Z), lack of access arrangements (Q).
    s = summarise(["/", "\\", "I", "#", "#", "Y4", "D", "X", "Z", "Q", "Y1", "Y7"])
    assert (s.possible, s.attended, s.authorised, s.unauthorised) == (3, 2, 1, 0)
    assert s.rate == pytest.approx(200 / 3)
    assert s.persistent  # 1 of 3 missed


def test_approved_activity_counts_as_attended_and_late_as_present() -> None:
    s = summarise(["V", "P", "B", "K", "W", "L", "N"])
    assert (s.possible, s.attended, s.unauthorised) == (7, 6, 1)


def test_no_mark_and_unknown_codes_are_not_counted() -> None:
    s = summarise(["/", "-", "??", "\\"])
    assert (s.possible, s.attended) == (2, 2)
    empty = summarise([])
    assert (empty.rate, empty.absence_rate, empty.persistent, empty.severe) == (None, None, False, False)
    all_closed = summarise(["#", "#"])
    assert all_closed.possible == 0 and all_closed.rate is None


def test_penalty_sessions_count_unresolved_n_as_o() -> None:
    marks = ["G", "O", "U", "N", "I", "/", "M"]
    assert penalty_sessions(marks) == 4
    assert penalty_sessions(marks, n_counts_as_o=False) == 3


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("/", Category.PRESENT),
        ("\\", Category.PRESENT),
        ("L", Category.PRESENT),
        ("K", Category.APPROVED_ACTIVITY),
        ("V", Category.APPROVED_ACTIVITY),
        ("P", Category.APPROVED_ACTIVITY),
        ("W", Category.APPROVED_ACTIVITY),
        ("B", Category.APPROVED_ACTIVITY),
        ("C1", Category.AUTHORISED),
        ("M", Category.AUTHORISED),
        ("J1", Category.AUTHORISED),
        ("S", Category.AUTHORISED),
        ("C2", Category.AUTHORISED),
        ("C", Category.AUTHORISED),
        ("T", Category.AUTHORISED),
        ("E", Category.AUTHORISED),
        ("I", Category.AUTHORISED),
        ("R", Category.AUTHORISED),
        ("G", Category.UNAUTHORISED),
        ("U", Category.UNAUTHORISED),
        ("O", Category.UNAUTHORISED),
        ("N", Category.UNAUTHORISED),
        ("D", Category.NOT_POSSIBLE),
        ("X", Category.NOT_POSSIBLE),
        ("Q", Category.NOT_POSSIBLE),
        ("Y1", Category.NOT_POSSIBLE),
        ("Y2", Category.NOT_POSSIBLE),
        ("Y3", Category.NOT_POSSIBLE),
        ("Y4", Category.NOT_POSSIBLE),
        ("Y5", Category.NOT_POSSIBLE),
        ("Y6", Category.NOT_POSSIBLE),
        ("Y7", Category.NOT_POSSIBLE),
        ("Z", Category.NOT_POSSIBLE),
        ("#", Category.NOT_POSSIBLE),
    ],
)
def test_2024_code_set(code: str, category: Category) -> None:
    assert CODES[code].category is category
    assert CODES[code].meaning


def test_code_set_is_complete_and_lookup_is_case_insensitive() -> None:
    assert len(CODES) == 34
    assert normalise("i") == "I" and normalise(" y4 ") == "Y4" and lookup("c1").code == "C1"
    with pytest.raises(UnknownCode):
        lookup("QQ")
