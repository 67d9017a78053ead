"""`python -m bot` runs the absence-bot command line."""

from bot.cli import main

raise SystemExit(main())
