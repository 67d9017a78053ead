"""School attendance policies: the presets of DESIGN §5, kept as data in `store/data/policies.toml`."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Threshold(BaseModel):
    """An action the policy takes when attendance falls below a percentage."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    below: float = Field(gt=0, le=100, description="attendance percentage below which the action is due")
    action: str = Field(min_length=1, description="what the school does, e.g. 'Attendance letter to parents'")
    letter: bool = Field(False, description="the stage sends a letter home, rendered for staff with the task")


class AbsenceStage(BaseModel):
    """An action the policy takes after a number of school days of absence (any reason but attendance)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    days: int = Field(ge=1, le=200, description="school days of absence that make the stage due")
    consecutive: bool = Field(description="true: days in a row up to today; false: days this school year")
    action: str = Field(min_length=1, description="what the school does")


def parse_clock(value: Any) -> dt.time:
    """Accept 'HH:MM' (or a TOML time) and return a time."""
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        try:
            hours, minutes = value.strip().split(":")
            return dt.time(int(hours), int(minutes))
        except ValueError:
            pass
    raise ValueError("expected a 24-hour clock time like \"09:20\"")


class Policy(BaseModel):
    """One school's attendance policy; every value may be overridden per school."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = ""
    register_closes: dt.time = Field(description="when the morning register closes (local time)")
    pm_register_closes: dt.time = Field(dt.time(13, 30), description="when the afternoon register closes (local time); PM-only absences are chased from then")
    report_by: dt.time = Field(description="time parents are asked to report an absence by")
    chase_interval_minutes: int = Field(30, ge=1, le=24 * 60, description="wait for a reply before trying the next contact")
    chase_every_day: bool = Field(True, description="chase on every day of an unexplained absence, not only the first")
    unexplained_days_referral: int = Field(2, ge=0, description="consecutive days of unexplained absence before a safeguarding referral (0: off)")
    teacher_call_day: int = Field(0, ge=0, description="day of unexplained absence on which the class teacher calls home (0: off)")
    n_resolve_school_days: int = Field(5, ge=1, le=5, description="school days an N may stay unresolved (the regulations allow at most 5)")
    la_notification_days_without_contact: int = Field(10, ge=0, description="school days of absence without contact before the local authority is told (0: off)")
    late_unauthorised_after_minutes: int = Field(0, ge=0, description="arrival this long after register close counts as U (0: any arrival after close)")
    illness_days_la_notification: int = Field(15, ge=0, description="school days of illness, missed or reported ahead, at which the local authority is told (0: off)")
    la_unauthorised_sessions: int = Field(0, ge=0, description="unauthorised sessions this school year, consecutive or not, at which the local authority is told (0: off)")
    no_contact_letter_day: int = Field(0, ge=0, description="day of absence without contact on which a letter goes home and a home visit is considered (0: off)")
    persistent_lateness_sessions: int = Field(0, ge=0, description="late sessions (L or U) in the last 20 school days that raise a lateness task (0: off)")
    leave_notice_days: int = Field(0, ge=0, description="calendar days' notice the policy asks for a leave of absence request; a later one is flagged on its card (0: none)")
    religious_notice_days: int = Field(0, ge=0, description="calendar days' notice for religious observance (0: as leave_notice_days)")
    traveller_notice_days: int = Field(0, ge=0, description="calendar days' notice for Traveller occupational travel (0: as leave_notice_days)")
    attendance_report_cadence: Literal["half-termly", "termly", "off"] = Field("half-termly", description="how often parents are sent their child's attendance: at the end of each half-term, each term, or never")
    appointment_not_whole_day: bool = Field(False, description="flag on the card a medical appointment with a known time proposed for the whole day")
    tell_parent_unauthorised: bool = Field(False, description="tell the reporting parent when staff change an absence to an unauthorised code (G, O, U)")
    illness_cluster_pupils: int = Field(3, ge=0, description="pupils of one class or year reported off with the same infectious illness within illness_cluster_days that the admin is told of, to call the UKHSA health protection team (0: off)")
    illness_cluster_days: int = Field(5, ge=1, le=14, description="calendar days over which reports of one illness count towards a cluster")
    min_contacts: int = Field(2, ge=0, description="usable contacts each pupil should have")
    penalty_notice_sessions: int = Field(10, ge=1, description="unauthorised sessions in the window that trigger penalty-notice consideration")
    penalty_notice_weeks: int = Field(10, ge=1, description="rolling window, in school weeks, for the penalty-notice threshold")
    alert_reraise_minutes: int = Field(60, ge=5, description="re-raise an unacknowledged safeguarding alert after this long")
    thresholds: tuple[Threshold, ...] = Field(default=(), description="the school's own attendance thresholds and the action each triggers (national persistent and severe absence apply anyway)")
    absence_stages: tuple[AbsenceStage, ...] = Field(default=(), description="stages triggered by days of absence, e.g. a meeting in week two")
    leave_of_absence_process: str = Field("", description="what parents are told when they ask for leave in term time")

    _clock = field_validator("register_closes", "pm_register_closes", "report_by", mode="before")(lambda v: parse_clock(v))

    @model_validator(mode="after")
    def _afternoon_after_morning(self) -> Policy:
        if self.pm_register_closes <= self.register_closes:
            raise ValueError(
                f"pm_register_closes {self.pm_register_closes:%H:%M} is not after register_closes {self.register_closes:%H:%M}"
            )
        return self


@lru_cache(maxsize=1)
def presets() -> dict[str, Policy]:
    """The bundled policy presets by name."""
    raw = tomllib.loads(resources.files("store").joinpath("data/policies.toml").read_text("utf-8"))
    return {name: Policy.model_validate(values) for name, values in raw.items()}


def resolve(preset: str, overrides: dict[str, Any] | None = None) -> Policy:
    """A preset with a school's overrides applied and validated."""
    base = presets()[preset].model_dump()
    base.update(overrides or {})
    return Policy.model_validate(base)
