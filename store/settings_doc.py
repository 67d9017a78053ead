"""The configuration reference (docs/configuration.md), generated from the settings models.

Run `python -m store.settings_doc > docs/configuration.md`; a test keeps the
file equal to this output, so the reference cannot drift from the code.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo

from store.policies import Policy, presets
from store.settings import ENV_PREFIX, SchoolSettings, Settings, StaffSettings

SECRET_NOTE = "secret: set it in the environment"


def _type_name(field: FieldInfo) -> str:
    text = str(field.annotation).replace("typing.", "").replace("datetime.", "")
    text = text.replace("<class '", "").replace("'>", "").replace("pydantic.types.", "")
    text = text.replace("store.policies.", "").replace("store.settings.", "")
    return text.replace("PolicyOverrides", "table of policy values").replace("|", "\\|")


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    if field.default_factory is not None:
        value: Any = field.default_factory()  # type: ignore[call-arg]
    else:
        value = field.default
    if isinstance(value, BaseModel) or value is None:
        return "—" if value is None else ""
    if isinstance(value, SecretStr):
        return "—"
    return f"`{json.dumps(value, default=str)}`"


def _rows(model: type[BaseModel], section: str | None) -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        notes = field.description or ""
        if "SecretStr" in _type_name(field):
            notes = (notes + "; " if notes else "") + SECRET_NOTE
        if section:
            notes = (notes + "; " if notes else "") + f"env `{ENV_PREFIX}{section.upper()}_{name.upper()}`"
        example = f"`{json.dumps(field.examples[0], default=str)}`" if field.examples else ""
        rows.append(f"| `{name}` | {_type_name(field)} | {_default(field)} | {example} | {notes} |")
    return rows


def _table(title: str, model: type[BaseModel], section: str | None) -> list[str]:
    head = ["", f"## {title}", "", "| key | type | default | example | notes |", "|---|---|---|---|---|"]
    return head + _rows(model, section)


def render() -> str:
    lines = [
        "# Configuration reference",
        "",
        "Generated from `store/settings.py` and `store/policies.py` by `python -m store.settings_doc`;",
        "do not edit by hand. The file is TOML (`--config`, `$ABSENCE_BOT_CONFIG` or `./config.toml`);",
        "`config.example.toml` is a commented example. Any key of the top-level sections may also be",
        f"set in the environment as `{ENV_PREFIX}<SECTION>_<KEY>`; secrets belong there.",
    ]
    for name, field in Settings.model_fields.items():
        factory = field.default_factory
        if isinstance(factory, type) and issubclass(factory, BaseModel):
            lines += _table(f"[{name}]", factory, name)
    lines += _table("[[schools]] (one per school)", SchoolSettings, None)
    lines += _table("[[staff]] (who may act in the staff and safeguarding groups)", StaffSettings, None)
    lines += _table("Policy values (presets, and [schools.policy_overrides])", Policy, None)
    lines += ["", "## Policy presets", ""]
    for preset, policy in sorted(presets().items()):
        lines.append(f"- `{preset}`: {policy.description}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
