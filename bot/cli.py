"""The `absence-bot` command line (DESIGN §4.1, §4.9).

Exit status: 0 success, 2 bad input or configuration (message on stderr),
1 any other failure. Each command's work lives in its own module under
`bot/commands/`; this file only parses arguments, loads settings and maps
errors to exit codes. `--config` and `-v` are accepted before or after the
subcommand; every subcommand has its own `--help` with examples.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, BadInput, Failed
from bot.logs import configure_logging
from store.settings import ConfigError, Settings, load_settings

log = logging.getLogger(__name__)


def config_path(arg: str | None) -> Path:
    """--config, else $ABSENCE_BOT_CONFIG, else ./config.toml."""
    return Path(arg or os.environ.get("ABSENCE_BOT_CONFIG") or "config.toml")


def _settings(args: argparse.Namespace) -> Settings:
    from bot.logscrub import install_log_scrubbing

    settings = load_settings(config_path(args.config))
    install_log_scrubbing(settings)
    configure_logging(args.verbose, settings.logging)
    return settings


def _cmd_db(args: argparse.Namespace) -> int:
    from bot.commands import db

    settings = _settings(args)
    if args.action == "upgrade":
        return db.db_upgrade(settings)
    if args.action == "backup":
        return db.db_backup(settings, Path(args.file), force=args.force)
    return db.db_restore(settings, Path(args.file))


def _cmd_import(args: argparse.Namespace) -> int:
    if args.kind == "watch":
        from bot.commands.watch import watch_folder

        return watch_folder(_settings(args), Path(args.folder), kind=args.watch_kind, interval=args.interval, once=args.once)
    from bot.commands.imports import import_file

    return import_file(
        _settings(args), kind=args.kind, path=Path(args.file), dry_run=args.dry_run,
        confirm_off_roll=getattr(args, "confirm_off_roll", False),
    )


def _cmd_export(args: argparse.Namespace) -> int:
    from bot.commands.export import export_marks

    return export_marks(_settings(args), start=args.date_from, end=args.date_to, out=args.out, school_id=args.school, what=args.what)


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
    from bot.commands.jobs import list_jobs, run_job

    if args.action == "list":
        return list_jobs()
    return run_job(_settings(args), job=args.job, school_id=args.school, at=args.at)


def _cmd_outbox(args: argparse.Namespace) -> int:
    from bot.commands.outbox import list_outbox, retry_outbox

    if args.action == "list":
        return list_outbox(_settings(args), status=args.status, as_json=args.format == "json")
    return retry_outbox(_settings(args), message_id=args.id, failed=args.failed)


def _cmd_tasks(args: argparse.Namespace) -> int:
    from bot.commands.tasks import close_from_shell, show_tasks, write_letter

    if args.action == "list":
        return show_tasks(_settings(args), school_id=args.school, status=args.status, as_json=args.format == "json")
    if args.action == "letter":
        return write_letter(_settings(args), task_id=args.id, out=args.out)
    status = "done" if args.action == "done" else "dismissed"
    return close_from_shell(_settings(args), task_id=args.id, by=args.by, note=args.note, status=status)


def _cmd_attendance(args: argparse.Namespace) -> int:
    from bot.commands.attendance import show_attendance

    return show_attendance(_settings(args), school_id=args.school, pupil=args.pupil, start=args.date_from, end=args.date_to, output=args.format)


def _cmd_today(args: argparse.Namespace) -> int:
    from bot.commands.today import show_today

    return show_today(_settings(args), school_id=args.school, day=args.date, as_json=args.format == "json")


def _cmd_config(args: argparse.Namespace) -> int:
    from bot.commands.config import print_example

    return print_example(sys.stdout)


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.service import run_service

    return run_service(_settings(args), config=config_path(args.config))


def _cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo.run import run_demo

    return run_demo(interactive=args.interactive)


def _cmd_check(args: argparse.Namespace) -> int:
    from bot.commands.check import run_check

    configure_logging(args.verbose)
    return run_check(config_path(args.config), live=not args.offline)


EXAMPLES = {
    "db upgrade": "absence-bot db upgrade",
    "db backup": "absence-bot db backup /backups/absence-$(date +%F).db\n  absence-bot --config /etc/absence-bot/config.toml db backup /backups/absence.dump   # PostgreSQL: pg_dump",
    "db restore": "absence-bot --config restored.toml db restore /backups/absence-2026-11-23.db",
    "import roll": "absence-bot import roll roll.csv --dry-run     # what would change\n  absence-bot import roll roll.csv\n  absence-bot import roll september-roll.csv --confirm-off-roll   # year-end leavers",
    "import watch": "absence-bot import watch /var/lib/absence-bot/drop            # register CSVs, checked every 5 s\n  absence-bot import watch /srv/mis-export --once               # what is there now, then exit",
    "import register": "absence-bot import register register-2026-11-23.csv",
    "import attendance": "absence-bot import attendance summary.csv\n  (columns school_id, pupil_id, as_of, possible, present, authorised, unauthorised: figures this school year up to as_of)",
    "import calendar": "absence-bot import calendar calendar.csv\n  (columns school_id, date, kind  or  school_id, start_date, end_date, kind; kind remove deletes days)",
    "export amendments": "absence-bot export amendments --from 2026-09-01 --to 2026-12-18 --out audit.csv",
    "export marks": "absence-bot export marks                                  # today, every school, to stdout\n  absence-bot export marks --school oakfield --from 2026-11-23 --to 2026-11-27 --out week.csv",
    "nlu parse": "absence-bot nlu parse < cases.jsonl > predictions.jsonl   (the case format: docs/cli.md)",
    "nlu train": "absence-bot nlu train --output /tmp/pipeline",
    "jobs run": "absence-bot jobs run register-close --school oakfield --at 09:30      # today, school time\n  absence-bot jobs run weekly-n-list --school oakfield --at 2026-11-23T08:20",
    "outbox list": "absence-bot outbox list --status failed\n  absence-bot outbox list --format json",
    "outbox retry": "absence-bot outbox retry 42\n  absence-bot outbox retry --failed      # after fixing a chat id or a credential",
    "tasks list": "absence-bot tasks list --school oakfield\n  absence-bot tasks list --school oakfield --status all --format json",
    "tasks done": "absence-bot tasks done 17 --by 'Ms A. Okafor' --note 'letter posted'",
    "tasks letter": "absence-bot tasks letter 19 --out letter.pdf",
    "tasks dismiss": "absence-bot tasks dismiss 18 --by 'Ms A. Okafor' --note 'pupil back in school'",
    "attendance": "absence-bot attendance --school oakfield --format json\n  absence-bot attendance --school oakfield --pupil OAK0001 --from 2026-09-03 --to 2026-12-18",
    "today": "absence-bot today --school oakfield\n  absence-bot today --school oakfield --date 2026-11-23 --format json",
    "config example": "absence-bot config example > /etc/absence-bot/config.toml",
    "jobs list": "absence-bot jobs list",
    "run": "absence-bot --config /etc/absence-bot/config.toml run",
    "demo": "absence-bot demo --interactive",
    "check": "absence-bot check              # configuration, database, Telegram, Twilio, public URL\n  absence-bot check --offline    # configuration and database only",
}


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose epilog may be computed when help is shown (e.g. the list of jobs)."""

    epilog_factory: Callable[[], str] | None = None

    def format_help(self) -> str:
        if self.epilog_factory is not None:
            self.epilog = self.epilog_factory()
        return super().format_help()


def _common() -> argparse.ArgumentParser:
    """--config and -v, accepted after any subcommand too (not set there unless given)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS, help="configuration file (default $ABSENCE_BOT_CONFIG or ./config.toml)")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log debug messages")
    return common


def _add(sub: Any, name: str, help_text: str, func: Callable[[argparse.Namespace], int] | None, *, path: str | None = None, **kw: Any) -> Parser:
    example = EXAMPLES.get(path or name)
    parser: Parser = sub.add_parser(
        name, help=help_text, description=help_text, parents=[_common()], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"example:\n  {example}" if example else None, **kw,
    )
    if func is not None:
        parser.set_defaults(func=func)
    return parser


def _subcommands(parser: Parser, dest: str) -> Any:
    return parser.add_subparsers(dest=dest, required=True, metavar="ACTION", parser_class=Parser)


def _db_parsers(sub: Any) -> None:
    db = _subcommands(_add(sub, "db", "database schema, backup and restore", _cmd_db), "action")
    _add(db, "upgrade", "create or upgrade the schema (Alembic), then load schools and staff", None, path="db upgrade")
    backup = _add(db, "backup", "a consistent copy of the store: SQLite online backup, PostgreSQL pg_dump", None, path="db backup")
    backup.add_argument("file", help="where to write the backup")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    restore = _add(db, "restore", "restore a backup into the configured (empty) database", None, path="db restore")
    restore.add_argument("file", help="a file written by `absence-bot db backup`")


def _import_parsers(sub: Any) -> None:
    imp = _subcommands(_add(sub, "import", "import a roll, register, calendar or attendance summary CSV, or watch a drop folder", _cmd_import), "kind")
    for kind, what in (("roll", "pupils and contacts"), ("register", "marks from the MIS register"), ("calendar", "holidays, closures and INSET days"),
                       ("attendance", "the MIS attendance summary, for a school that cannot export daily registers")):
        one = _add(imp, kind, f"import a {kind} CSV ({what}); a file with any problem is rejected whole", None, path=f"import {kind}")
        one.add_argument("file")
        one.add_argument("--dry-run", action="store_true", help="check the file and report what would change; change nothing")
        if kind == "roll":
            one.add_argument("--confirm-off-roll", "--force", dest="confirm_off_roll", action="store_true",
                             help="allow taking more than imports.max_off_roll_share of a school's pupils off roll")
    watch = _add(imp, "watch", "import every CSV dropped in a folder (default: register files), then move it aside", None, path="import watch")
    watch.add_argument("folder")
    watch.add_argument("--kind", dest="watch_kind", choices=["register", "roll", "calendar", "attendance"], default="register")
    watch.add_argument("--interval", type=float, default=5.0, help="seconds between looks at the folder (default 5)")
    watch.add_argument("--once", action="store_true", help="import what is in the folder now, then exit (2 if a file was rejected)")


def _misc_parsers(sub: Any) -> None:
    exp = _subcommands(_add(sub, "export", "export marks, or their amendments (the audit trail), as CSV", _cmd_export), "what")
    for what, help_text in (
        ("marks", "the marks the service holds, one row per session (DESIGN §4.2)"),
        ("amendments", "every change to a register entry: original and new code, reason, who, role and when"),
    ):
        one = _add(exp, what, help_text, None, path=f"export {what}")
        one.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="first day (default today)")
        one.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="last day (default --from)")
        one.add_argument("--school", help=f"only this school's {what}")
        one.add_argument("--out", help="file to write (default stdout)")

    nlu = _subcommands(_add(sub, "nlu", "message understanding", _cmd_nlu), "action")
    _add(nlu, "parse", "read cases as JSON lines on stdin, write one prediction per line", None, path="nlu parse")
    train = _add(nlu, "train", "train the text classifiers", None, path="nlu train")
    train.add_argument("--output", help="where to write the pipeline (default: the packaged model)")
    train.add_argument("--seed", type=int, default=0)

    outbox = _subcommands(_add(sub, "outbox", "messages waiting or failed, and sending failed ones again", _cmd_outbox), "action")
    listing = _add(outbox, "list", "outbox messages, newest first (texts never shown)", None, path="outbox list")
    listing.add_argument("--status", choices=["queued", "failed", "sent"])
    listing.add_argument("--format", choices=["text", "json"], default="text")
    retry = _add(outbox, "retry", "queue failed messages again, to the recipient the configuration names now", None, path="outbox retry")
    retry.add_argument("id", nargs="?", type=int, help="the message id (from outbox list)")
    retry.add_argument("--failed", action="store_true", help="every failed message")

    cfg = _subcommands(_add(sub, "config", "configuration helpers", _cmd_config), "action")
    _add(cfg, "example", "print the commented example configuration shipped with the package", None, path="config example")

    jobs = _subcommands(_add(sub, "jobs", "run one scheduled job now, or list the jobs", _cmd_jobs), "action")
    jobs_run = _add(jobs, "run", "run one job for one school exactly as the scheduler would, then deliver what it queued", None, path="jobs run")
    jobs_run.epilog_factory = lambda: f"jobs:\n{_jobs_text()}\n\nexample:\n  {EXAMPLES['jobs run']}"
    jobs_run.add_argument("job", help="job name (see below)")
    jobs_run.add_argument("--school", required=True)
    jobs_run.add_argument("--at", help="HH:MM (today) or an ISO date-time; no offset means the school's local time (default now)")
    jobs_list = _add(jobs, "list", "the jobs the scheduler runs", None, path="jobs list")
    jobs_list.epilog_factory = lambda: f"jobs:\n{_jobs_text()}"


def build_parser() -> Parser:
    parser = Parser(prog="absence-bot", description="School absence reporting by SMS and Telegram.", formatter_class=argparse.RawDescriptionHelpFormatter,
                    epilog="Run `absence-bot COMMAND --help` for a command's options and examples.")
    parser.add_argument("--config", default=None, help="configuration file (default $ABSENCE_BOT_CONFIG or ./config.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", default=False, help="log debug messages")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = _subcommands(parser, "command")
    sub.metavar = "COMMAND"
    check = _add(sub, "check", "check the configuration and that the database, Telegram and Twilio work (exit 0, else 1)", _cmd_check)
    check.add_argument("--offline", action="store_true", help="skip the live checks of Telegram, Twilio and the public URL")
    _db_parsers(sub)
    _import_parsers(sub)
    _misc_parsers(sub)
    att = _add(sub, "attendance", "attendance figures per pupil from possible sessions (DESIGN §4.8)", _cmd_attendance)
    att.add_argument("--school", required=True)
    att.add_argument("--pupil", help="one pupil's MIS id")
    att.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="first day (default: 1 September of this academic year)")
    att.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="last day (default today)")
    att.add_argument("--format", choices=["text", "json", "csv"], default="text")
    tasks = _subcommands(_add(sub, "tasks", "casework the school's attendance policy raised: list, close (DESIGN §4.8)", _cmd_tasks), "action")
    tasks_list = _add(tasks, "list", "a school's tasks, by due date", None, path="tasks list")
    tasks_list.add_argument("--school", required=True)
    tasks_list.add_argument("--status", choices=["open", "done", "dismissed", "all"], default="open")
    tasks_list.add_argument("--format", choices=["text", "json"], default="text")
    for action, text in (("done", "record that a task was done"), ("dismiss", "record that a task was not needed")):
        closing = _add(tasks, action, text, None, path=f"tasks {action}")
        closing.add_argument("id", type=int, help="the task id (from tasks list)")
        closing.add_argument("--by", required=True, help="the name of the person who did it")
        closing.add_argument("--note", help="what was done (kept with the task)")
    letter = _add(tasks, "letter", "write the PDF letter of a letter task (from the school's template)", None, path="tasks letter")
    letter.add_argument("id", type=int, help="the task id (from tasks list)")
    letter.add_argument("--out", help="file to write (default letter-<school>-<pupil>-task<id>.pdf)")
    today = _add(sub, "today", "the day's board for one school: reported, being chased, late, alerts and tasks open", _cmd_today)
    today.add_argument("--school", required=True)
    today.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help="another day (default today, school time)")
    today.add_argument("--format", choices=["text", "json"], default="text")
    _add(sub, "run", "run the service: webhooks, Telegram, workers and the scheduler (stops cleanly on SIGTERM; SIGHUP reloads staff and school chats)", _cmd_run)
    demo = _add(sub, "demo", "a scripted school morning on a temporary database", _cmd_demo)
    demo.add_argument("--interactive", action="store_true")
    return parser


def _jobs_text() -> str:
    from scheduler.jobs import JOBS

    lines = []
    for name, job in JOBS.items():
        doc = (job.__doc__ or sys.modules[job.__module__].__doc__ or "").strip().splitlines()
        lines.append(f"  {name:<20} {doc[0] if doc else ''}")
    return "\n".join(lines)


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
    except Failed as exc:
        print(f"absence-bot: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as exc:  # the last resort: say what failed, exit 1
        log.exception("absence-bot %s failed", args.command)
        from bot.logscrub import scrub

        print(f"absence-bot: {type(exc).__name__}: {scrub(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
