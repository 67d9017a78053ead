"""`absence-bot config example`: the commented example configuration shipped inside the package."""

from __future__ import annotations

from importlib import resources
from typing import TextIO


def example_text() -> str:
    """config.example.toml as installed with the package (the same file as at the top of a checkout)."""
    return resources.files("store").joinpath("data/config.example.toml").read_text("utf-8")


def print_example(out: TextIO) -> int:
    out.write(example_text())
    return 0
