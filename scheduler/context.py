"""What a job knows when it runs: the settings, the school, its policy and the time (passed in, never read)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

from store.policies import Policy
from store.settings import SchoolSettings, Settings


@dataclass(frozen=True)
class JobContext:
    """One run of one job for one school at one instant."""

    settings: Settings
    school: SchoolSettings
    now: dt.datetime

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("JobContext.now must be timezone-aware")

    @cached_property
    def policy(self) -> Policy:
        return self.school.resolved_policy()

    @property
    def tz(self) -> ZoneInfo:
        return self.school.tz

    @property
    def local(self) -> dt.datetime:
        return self.now.astimezone(self.tz)

    @property
    def today(self) -> dt.date:
        return self.local.date()

    def at(self, clock: dt.time, day: dt.date | None = None) -> dt.datetime:
        """The instant `clock` local time on `day` (today by default)."""
        return dt.datetime.combine(day or self.today, clock, tzinfo=self.tz)
