"""`absence-bot check`: does this set-up work? (DESIGN §4.9)

Exit 0 when the configuration loads, the database answers at the current
schema, and every configured provider accepts its credentials and knows the
configured groups and numbers; else 1, with one line per problem naming the
setting to fix. Warnings (an http public_url, an unconfigured channel) are
printed but do not change the exit status. Nothing secret is ever printed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from sqlalchemy import text

from bot.provider_checks import Findings, run_live_checks
from store.bootstrap import head_revision
from store.db import current_revision, make_engine
from store.settings import ConfigError, Settings, load_settings, setup_warnings


def check_database(settings: Settings) -> Findings:
    """The database answers and its schema is the one this version needs."""
    found = Findings()
    engine = make_engine(settings.database.url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current, head = current_revision(engine), head_revision()
    except Exception as exc:  # any driver error: name its type, never the URL (it may hold a password)
        found.problems.append(f"database.url: the database does not answer ({type(exc).__name__})")
        return found
    finally:
        engine.dispose()
    if current != head:
        found.problems.append(f"database.url: schema is at {current or 'nothing'}, this version needs {head}: run `absence-bot db upgrade`")
    else:
        found.ok.append(f"database: answers, schema {head}")
    return found


def run_check(config: Path, *, live: bool = True, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        settings = load_settings(config)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"problem: {problem}", file=out)
        return 1
    findings = Findings(warnings=setup_warnings(settings))
    findings.extend(check_database(settings))
    if live:
        findings.extend(run_live_checks(settings))
    for line in findings.ok:
        print(f"ok: {line}", file=out)
    for line in findings.warnings:
        print(f"warning: {line}", file=out)
    for line in findings.problems:
        print(f"problem: {line}", file=out)
    verdict = "works" if not findings.problems else f"has {len(findings.problems)} problem(s)"
    print(f"{config}: this set-up {verdict}", file=out)
    return 0 if not findings.problems else 1
