"""Static checks that catch real mistakes (undefined names, unused imports, syntax errors)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_no_errors() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "F,E9", "--exclude", ".venv", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
