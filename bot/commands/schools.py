"""The school a command's `--school` names, or bad input listing the configured ones."""

from __future__ import annotations

from bot.errors import BadInput
from store.settings import SchoolSettings, Settings


def named_school(settings: Settings, school_id: str, *, option: str = "--school: ") -> SchoolSettings:
    try:
        return settings.school(school_id)
    except KeyError:
        known = ", ".join(s.id for s in settings.schools) or "none configured"
        raise BadInput(f"{option}unknown school {school_id!r} (schools in the configuration: {known})") from None
