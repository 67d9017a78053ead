"""Dependencies point inward: bot → scheduler → handlers → store, handlers → nlu; no transport below bot."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = {"bot", "scheduler", "handlers", "store", "nlu"}
TRANSPORTS = {"telegram", "twilio", "fastapi", "starlette", "uvicorn", "apscheduler"}
ALLOWED = {
    "bot": PROJECT - {"bot"},
    "scheduler": {"handlers", "store", "nlu"},
    "handlers": {"store", "nlu"},
    "store": set(),
    "nlu": set(),
}
#: The only module below bot/ that may touch APScheduler: it wires the plain job functions to triggers.
EXCEPTIONS = {("scheduler/wiring.py", "apscheduler")}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _modules() -> list[tuple[str, Path]]:
    return [(pkg, p) for pkg in sorted(ALLOWED) for p in sorted((ROOT / pkg).rglob("*.py"))]


@pytest.mark.parametrize(("package", "path"), _modules(), ids=lambda v: str(v).replace(str(ROOT) + "/", ""))
def test_imports_point_inward(package: str, path: Path) -> None:
    rel = str(path.relative_to(ROOT))
    imported = _imports(path)
    wrong_project = (imported & PROJECT) - ALLOWED[package] - {package}
    assert not wrong_project, f"{rel} imports {sorted(wrong_project)}"
    if package != "bot":
        wrong_transport = {m for m in imported & TRANSPORTS if (rel, m) not in EXCEPTIONS}
        assert not wrong_transport, f"{rel} imports transport {sorted(wrong_transport)}: return plain data instead"


def test_commands_do_not_import_the_cli() -> None:
    """The CLI imports the commands, never the other way round (errors live in `bot.errors`)."""
    importers = [str(p.relative_to(ROOT)) for p in (ROOT / "bot").rglob("*.py") if "bot.cli" in _imports_full(p)]
    assert importers == ["bot/__main__.py"], importers


def _imports_full(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found
