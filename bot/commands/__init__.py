"""The work behind each `absence-bot` subcommand that is not the long-running service: one module per command."""
