"""CSV imports of the roll, the register, the school calendar (DESIGN §4.2) and the MIS attendance summary.

Each importer checks the whole file first and raises `ImportRejected` with every
problem as `file:line: column: problem`; only a clean file is written, in one
transaction. Each returns a summary and records an `ImportRun`.
"""

from __future__ import annotations

from store.imports.attendance import AttendanceSummaryImport, import_attendance
from store.imports.calendar import CalendarSummary, import_calendar
from store.imports.csvread import ImportRejected, ProgressFn
from store.imports.register import RegisterSummary, import_register
from store.imports.roll import RollSummary, import_roll

__all__ = [
    "AttendanceSummaryImport",
    "CalendarSummary",
    "ImportRejected",
    "ProgressFn",
    "RegisterSummary",
    "RollSummary",
    "import_attendance",
    "import_calendar",
    "import_register",
    "import_roll",
]
