"""The `absence-bot` command line (DESIGN §4.1).

Exit status: 0 success, 2 bad input or configuration (message on stderr),
1 any other failure. Each command's work lives in its own module; this file
only parses arguments, loads settings and maps errors to exit codes.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, BadInput
from store.settings import ConfigError, Settings, load_settings

log = logging.getLogger(__name__)


def config_path(arg: str | None) -> Path:
    """--config, else $ABSENCE_BOT_CONFIG, else ./config.toml."""
    return Path(arg or os.environ.get("ABSENCE_BOT_CONFIG") or "config.toml")


def _settings(args: argparse.Namespace) -> Settings:
    from bot.logscrub import install_log_scrubbing

    settings = load_settings(config_path(args.config))
    install_log_scrubbing(settings)
    return settings


def _cmd_db_upgrade(args: argparse.Namespace) -> int:
    from bot.commands.db import db_upgrade

    return db_upgrade(_settings(args))


def _cmd_import(args: argparse.Namespace) -> int:
    from bot.commands.imports import import_file

    return import_file(_settings(args), kind=args.kind, path=Path(args.file))


def _cmd_export(args: argparse.Namespace) -> int:
    from bot.commands.export import export_marks

    return export_marks(_settings(args), start=args.date_from, end=args.date_to or args.date_from, out=args.out)


def _cmd_nlu(args: argparse.Namespace) -> int:
    if args.action == "parse":
        from nlu.cli import parse_jsonl

        parse_jsonl(sys.stdin, sys.stdout)
        return EXIT_OK
    from nlu.cli import train

    path = train(Path(args.output) if args.output else None, seed=args.seed)
    print(f"trained pipeline written to {path}")
    return EXIT_OK


def _cmd_jobs(args: argparse.Namespace) -> int:
    from bot.commands.jobs import run_job

    return run_job(_settings(args), job=args.job, school_id=args.school, at=args.at)


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.service import run_service

    return run_service(_settings(args))


def _cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo.run import run_demo

    return run_demo(interactive=args.interactive)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="absence-bot", description="School absence reporting by SMS and Telegram.")
    parser.add_argument("--config", help="configuration file (default $ABSENCE_BOT_CONFIG or ./config.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade"])
    db.set_defaults(func=_cmd_db_upgrade)

    imp = sub.add_parser("import", help="import a roll, register or calendar CSV")
    imp.add_argument("kind", choices=["roll", "register", "calendar"])
    imp.add_argument("file")
    imp.set_defaults(func=_cmd_import)

    exp = sub.add_parser("export", help="export marks as CSV")
    exp.add_argument("what", choices=["marks"])
    exp.add_argument("--from", dest="date_from", required=True, type=_iso_date, metavar="YYYY-MM-DD")
    exp.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD")
    exp.add_argument("--out", help="file to write (default stdout)")
    exp.set_defaults(func=_cmd_export)

    nlu = sub.add_parser("nlu", help="message understanding")
    nlu.add_argument("action", choices=["parse", "train"])
    nlu.add_argument("--output", help="train: where to write the pipeline (default: the packaged model)")
    nlu.add_argument("--seed", type=int, default=0)
    nlu.set_defaults(func=_cmd_nlu)

    jobs = sub.add_parser("jobs", help="run one scheduled job now")
    jobs.add_argument("action", choices=["run"])
    jobs.add_argument("job")
    jobs.add_argument("--school", required=True)
    jobs.add_argument("--at", help="ISO date-time (default now; no offset means the school's local time)")
    jobs.set_defaults(func=_cmd_jobs)

    run = sub.add_parser("run", help="run the service (webhooks, Telegram, scheduler)")
    run.set_defaults(func=_cmd_run)

    demo = sub.add_parser("demo", help="a scripted school morning on a temporary database")
    demo.add_argument("--interactive", action="store_true")
    demo.set_defaults(func=_cmd_demo)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("absence-bot")
    except PackageNotFoundError:
        return "unknown"


def _iso_date(value: str) -> object:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-23") from None


def configure_logging(verbose: bool) -> None:
    from bot.logscrub import install_log_scrubbing

    install_log_scrubbing()
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # httpx logs every request URL at INFO, and a Telegram Bot API URL contains the token.
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler.executors.default", "apscheduler.scheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_BAD_INPUT if exc.code else EXIT_OK
    configure_logging(args.verbose)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except ConfigError as exc:
        print(exc.render(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BadInput as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as exc:  # the last resort: say what failed, exit 1
        log.exception("absence-bot %s failed", args.command)
        from bot.logscrub import scrub

        print(f"absence-bot: {scrub(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
