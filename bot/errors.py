"""Errors the command line maps to exit codes (DESIGN §4.1), shared by the CLI and the commands."""

from __future__ import annotations

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """The user's input (a file, an argument) cannot be used; the message says why."""


class Failed(Exception):
    """The command could not do its work for a reason outside the user's input (exit 1); the message says why."""
