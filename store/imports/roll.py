"""Importing the roll (DESIGN §4.2): pupils, their contacts and the order contacts are tried in.

One row per pupil–contact pair. The whole file is checked first (pure Python)
and rejected with every problem listed; only then is it written, in one
transaction, with bulk statements.

Re-importing updates pupils and contacts in place:
- a pupil of a school in the file who is no longer in it is set `on_roll=False`
  (never deleted; marks and messages still refer to them);
- a pupil–contact link no longer in the file is kept with `active=False`, so
  earlier chase attempts still make sense; readers use active links only;
- a contact's Telegram link, SMS opt-out and delivery status ('undeliverable')
  survive unless the file gives the contact a different phone number, which
  resets the opt-out and the phone status (the Telegram link is kept: it
  belongs to the person, not the number);
- contacts no longer in the file are left as they are (their links go inactive).

A contact without a contact_id gets a stable id derived from the pupil and the
contact's name (or phone, when there is no name), so re-importing the same file
updates rather than duplicates it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from store.imports.common import execute_batches, import_session, merge, record_run, table
from store.imports.csvread import ImportRejected, Problems, ProgressFn, Row, parse_flag, read_csv, required_values
from store.imports.phones import Phone, normalise_phone
from store.languages import roll_language
from store.models import Contact, Pupil, PupilContact, School, utcnow

REQUIRED = ("school_id", "pupil_id", "first_name", "last_name", "year_group")
OPTIONAL = (
    "preferred_name",
    "reg_group",
    "social_worker",
    "looked_after",
    "contact_id",
    "contact_name",
    "relationship",
    "phone",
    "priority",
    "parental_responsibility",
    "language",
)
#: Pupil fields compared across a pupil's rows, with the CSV column each is read from.
PUPIL_FIELDS = {
    name: name
    for name in ("first_name", "last_name", "year_group", "preferred_name", "reg_group")
    + ("social_worker", "looked_after")
}
CONTACT_FIELDS = {
    "name": "contact_name",
    "relationship": "relationship",
    "phone": "phone",
    "parental_responsibility": "parental_responsibility",
}
EXAMPLES = 20

Key = tuple[str, str]  # (school_id, MIS id)
LinkKey = tuple[str, str, str]  # (school_id, pupil MIS id, contact MIS id)


def priority_key(priority: int | None, contact_mis_id: str) -> tuple[bool, int, str]:
    """Order in which a pupil's contacts are tried: priority 1 first, ties by contact_id, blank last."""
    return (priority is None, priority or 0, contact_mis_id)


@dataclass
class ParsedRoll:
    rows: int = 0
    pupils: dict[Key, dict[str, Any]] = field(default_factory=dict)
    contacts: dict[Key, dict[str, Any]] = field(default_factory=dict)
    links: dict[LinkKey, dict[str, Any]] = field(default_factory=dict)


@dataclass
class RollSummary:
    """What a roll import did; also stored on the ImportRun row."""

    file: str
    rows: int = 0
    schools: list[str] = field(default_factory=list)
    pupils_on_roll: int = 0
    pupils_added: int = 0
    pupils_updated: int = 0
    pupils_off_roll: int = 0
    contacts_in_file: int = 0
    contacts_added: int = 0
    contacts_updated: int = 0
    links_added: int = 0
    links_deactivated: int = 0
    unusable_phones: int = 0
    missing_phones: int = 0
    no_usable_contact: int = 0
    one_usable_contact: int = 0
    no_usable_contact_examples: list[str] = field(default_factory=list)
    unusable_phone_examples: list[str] = field(default_factory=list)
    leavers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- checking the file -------------------------------------------------------------------------


def _optional(value: str) -> str | None:
    return value or None


def _pupil(row: Row, problems: Problems) -> dict[str, Any]:
    return {
        "school_id": row["school_id"],
        "mis_id": row["pupil_id"],
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "year_group": row["year_group"],
        "preferred_name": _optional(row["preferred_name"]),
        "reg_group": _optional(row["reg_group"]),
        "social_worker": parse_flag(row, "social_worker", problems),
        "looked_after": parse_flag(row, "looked_after", problems),
        "_line": row.line,
    }


def _priority(row: Row, problems: Problems) -> int | None:
    value = row["priority"]
    if not value:
        return None
    if value.isdigit() and int(value) >= 1:
        return int(value)
    problems.add(row.line, "priority", f"{value!r} is not a whole number from 1 (1 is tried first)")
    return None


def derived_contact_id(pupil_id: str, name: str, phone: str) -> str:
    """A stable id for a contact the MIS gave no contact_id: from the pupil and the name (else phone)."""
    basis = f"{pupil_id}|{' '.join(name.lower().split()) or phone}"
    return "auto-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def _contact(row: Row, problems: Problems) -> dict[str, Any] | None:
    """The contact named on a row, or None for a pupil row without a contact."""
    name, phone_raw = row["contact_name"], row["phone"]
    extras = row["relationship"] or row["priority"] or row["parental_responsibility"]
    if not (row["contact_id"] or name or phone_raw):
        if extras:
            problems.add(row.line, "contact_id", "contact details given without a contact_id, contact_name or phone")
        return None
    phone = normalise_phone(phone_raw)
    return {
        "school_id": row["school_id"],
        "mis_id": row["contact_id"] or derived_contact_id(row["pupil_id"], name, phone.e164 or phone_raw),
        "name": _optional(name),
        "relationship": _optional(row["relationship"]),
        "phone": phone if phone.status != "missing" else None,
        "parental_responsibility": parse_flag(row, "parental_responsibility", problems),
        "language": roll_language(row["language"]),
        "priority": _priority(row, problems),
        "_line": row.line,
    }


#: Longest value accepted per column: a name this long is a broken export, and would not fit a card or an SMS.
MAX_CHARS = {
    "pupil_id": 64, "first_name": 100, "last_name": 100, "preferred_name": 100, "year_group": 20, "reg_group": 40,
    "contact_id": 128, "contact_name": 150, "relationship": 60,
}


def _check_lengths(row: Row, problems: Problems) -> bool:
    fine = True
    for column, limit in MAX_CHARS.items():
        value = row[column]
        if value and len(value) > limit:
            problems.add(row.line, column, f"{len(value)} characters; at most {limit}")
            fine = False
    return fine


def _check_row(row: Row, parsed: ParsedRoll, schools: set[str], problems: Problems) -> None:
    complete = required_values(row, REQUIRED, problems) & _check_lengths(row, problems)
    school = row["school_id"]
    if school and school not in schools:
        known = ", ".join(sorted(schools))
        problems.add(row.line, "school_id", f"{school!r} is not a school in the configuration ({known})")
        complete = False
    pupil, contact = _pupil(row, problems), _contact(row, problems)
    if not complete:
        return
    key = (school, row["pupil_id"])
    if key in parsed.pupils:
        merge(parsed.pupils[key], pupil, columns=PUPIL_FIELDS, line=row.line, what=f"pupil {key[1]}", problems=problems)
    else:
        parsed.pupils[key] = pupil
    if contact is not None:
        _add_contact(parsed, key, contact, row.line, problems)


def _add_contact(parsed: ParsedRoll, pupil: Key, contact: dict[str, Any], line: int, problems: Problems) -> None:
    ckey = (pupil[0], contact["mis_id"])
    if ckey in parsed.contacts:
        what = f"contact {ckey[1]}"
        merge(parsed.contacts[ckey], contact, columns=CONTACT_FIELDS, line=line, what=what, problems=problems)
    else:
        parsed.contacts[ckey] = contact
    lkey = (pupil[0], pupil[1], contact["mis_id"])
    link = {"priority": contact["priority"], "_line": line}
    if lkey in parsed.links:
        what = f"pupil {pupil[1]} and contact {ckey[1]}"
        merge(parsed.links[lkey], link, columns={"priority": "priority"}, line=line, what=what, problems=problems)
    else:
        parsed.links[lkey] = link


def parse_roll(path: Path, *, schools: set[str], progress: ProgressFn | None = None) -> ParsedRoll:
    """Check a roll file completely; raise ImportRejected listing every problem."""
    rows = read_csv(path, required=REQUIRED, optional=OPTIONAL)
    problems = Problems(str(path))
    parsed = ParsedRoll(rows=len(rows))
    for i, row in enumerate(rows, 1):
        _check_row(row, parsed, schools, problems)
        if progress and i % 5000 == 0:
            progress("checking rows", i, len(rows))
    problems.raise_if_any()
    return parsed


# --- writing -----------------------------------------------------------------------------------


def _pupil_values(p: dict[str, Any]) -> dict[str, Any]:
    values = {k: p.get(k) for k in ("school_id", "mis_id", *PUPIL_FIELDS)}
    values["social_worker"] = bool(values["social_worker"])
    values["looked_after"] = bool(values["looked_after"])
    return values


class OffRollRefused(ImportRejected):
    """The roll would take too large a share of a school's pupils off roll (a partial export, most likely)."""


def _off_roll_stop(path: Path, existing: dict[Key, Any], leavers: list[Key], limit: float) -> None:
    """Refuse (nothing written) when a school would lose more than `limit` of its pupils on roll."""
    errors = []
    for school in sorted({k[0] for k in leavers}):
        on_roll = sum(1 for k, r in existing.items() if k[0] == school and r.on_roll)
        leaving = [k for k in leavers if k[0] == school]
        if on_roll and len(leaving) / on_roll > limit:
            errors.append(
                f"{path}: {school}: this roll would take {len(leaving)} of {on_roll} pupils ({len(leaving) / on_roll:.0%}) off roll, "
                f"more than imports.max_off_roll_share ({limit:.0%}); check the file is the whole roll, or confirm with --confirm-off-roll"
            )
            errors += [f"  leaving: {_pupil_label(_row_values(existing[k]))}" for k in leaving]
    if errors:
        raise OffRollRefused(errors)


def _row_values(row: Any) -> dict[str, Any]:
    return {"school_id": row.school_id, "mis_id": row.mis_id, "first_name": row.first_name, "last_name": row.last_name}


def _write_pupils(
    conn: Connection, parsed: ParsedRoll, summary: RollSummary, *, at: dt.datetime, progress: ProgressFn | None,
    off_roll_limit: float | None = None, path: Path = Path("roll.csv"),
) -> dict[Key, int]:
    """Insert new pupils, update changed ones, take leavers off roll; return ids by (school, MIS id)."""
    t = table(Pupil)
    schools = {k[0] for k in parsed.pupils}
    existing = {(r.school_id, r.mis_id): r for r in conn.execute(select(t).where(t.c.school_id.in_(schools)))}
    leaving = sorted(k for k, r in existing.items() if k not in parsed.pupils and r.on_roll)
    if off_roll_limit is not None:
        _off_roll_stop(path, existing, leaving, off_roll_limit)
    summary.leavers = [_pupil_label(_row_values(existing[k])) for k in leaving]
    inserts, updates, rejoined = [], [], []
    #: A school's first roll import adds its pupils; only later imports record joiners and leavers.
    had_roll = {k[0] for k in existing}
    for key, pupil in parsed.pupils.items():
        values = _pupil_values(pupil) | {"on_roll": True, "updated_at": at}
        old = existing.get(key)
        if old is None:
            inserts.append(values | {"joined_on": at.date() if key[0] in had_roll else None, "left_on": None})
        elif not old.on_roll:
            rejoined.append(values | {"b_id": old.id, "joined_on": at.date(), "left_on": None})
        elif any(getattr(old, k) != v for k, v in values.items() if k != "updated_at"):
            updates.append(values | {"b_id": old.id})
    leavers = [{"b_id": existing[k].id, "on_roll": False, "left_on": at.date(), "updated_at": at} for k in leaving]
    execute_batches(conn, insert(t), inserts, stage="adding pupils", progress=progress)
    by_id = update(t).where(t.c.id == bindparam("b_id"))
    execute_batches(conn, by_id, updates, stage="updating pupils", progress=progress)
    execute_batches(conn, by_id, rejoined, stage="pupils back on roll", progress=progress)
    execute_batches(conn, by_id, leavers, stage="pupils off roll", progress=progress)
    summary.pupils_on_roll, summary.pupils_added = len(parsed.pupils), len(inserts)
    summary.pupils_updated, summary.pupils_off_roll = len(updates) + len(rejoined), len(leavers)
    rows = conn.execute(select(t.c.id, t.c.school_id, t.c.mis_id).where(t.c.school_id.in_(schools)))
    return {(r.school_id, r.mis_id): r.id for r in rows}


def _phone_values(phone: Phone | None) -> dict[str, Any]:
    if phone is None:
        return {"phone": None, "phone_raw": None, "phone_status": "missing", "phone_status_detail": None}
    return {
        "phone": phone.e164,
        "phone_raw": phone.raw,
        "phone_status": phone.status,
        "phone_status_detail": phone.detail,
    }


def _phone_changed(old: Any, phone: Phone | None) -> bool:
    if phone is None or phone.e164 is None:
        return old.phone is not None or (old.phone_raw or None) != (phone.raw if phone else None)
    return bool(old.phone != phone.e164)


def _contact_values(c: dict[str, Any], old: Any) -> dict[str, Any]:
    """Column values for a contact; delivery state survives unless the phone number changed."""
    pr = c["parental_responsibility"]
    values = {
        "school_id": c["school_id"],
        "mis_id": c["mis_id"],
        "name": c["name"] or "",
        "relationship": c["relationship"],
        "parental_responsibility": True if pr is None else pr,
        # a roll without the column (or a blank) keeps the language learned from the parent's messages
        "language": c["language"] or (old.language if old is not None else None),
    }
    if old is None or _phone_changed(old, c["phone"]):
        return values | _phone_values(c["phone"]) | {"sms_opted_out": False}
    kept = ("phone", "phone_raw", "phone_status", "phone_status_detail", "sms_opted_out")
    return values | {k: getattr(old, k) for k in kept}


def _usable(values: dict[str, Any], telegram_user_id: int | None) -> bool:
    sms = values["phone"] is not None and values["phone_status"] == "ok" and not values["sms_opted_out"]
    return sms or telegram_user_id is not None


def _write_contacts(
    conn: Connection, parsed: ParsedRoll, summary: RollSummary, *, at: dt.datetime, progress: ProgressFn | None
) -> tuple[dict[Key, int], dict[Key, bool]]:
    """Insert or update the file's contacts; return their ids and whether each can be reached."""
    t = table(Contact)
    schools = {k[0] for k in parsed.pupils}
    existing = {(r.school_id, r.mis_id): r for r in conn.execute(select(t).where(t.c.school_id.in_(schools)))}
    inserts, updates, usable = [], [], {}
    for key, contact in parsed.contacts.items():
        old = existing.get(key)
        values = _contact_values(contact, old)
        usable[key] = _usable(values, old.telegram_user_id if old is not None else None)
        if old is None:
            inserts.append(values | {"updated_at": at})
        elif any(getattr(old, k) != v for k, v in values.items()):
            updates.append(values | {"b_id": old.id, "updated_at": at})
    execute_batches(conn, insert(t), inserts, stage="adding contacts", progress=progress)
    by_id = update(t).where(t.c.id == bindparam("b_id"))
    execute_batches(conn, by_id, updates, stage="updating contacts", progress=progress)
    summary.contacts_in_file, summary.contacts_added, summary.contacts_updated = len(usable), len(inserts), len(updates)
    rows = conn.execute(select(t.c.id, t.c.school_id, t.c.mis_id).where(t.c.school_id.in_(schools)))
    return {(r.school_id, r.mis_id): r.id for r in rows}, usable


def _write_links(
    conn: Connection,
    parsed: ParsedRoll,
    summary: RollSummary,
    *,
    pupil_ids: dict[Key, int],
    contact_ids: dict[Key, int],
    progress: ProgressFn | None,
) -> None:
    """Make the pupil–contact links match the file; links no longer in it become inactive."""
    t = table(PupilContact)
    wanted = {(pupil_ids[(s, p)], contact_ids[(s, c)]): link["priority"] for (s, p, c), link in parsed.links.items()}
    pupils = table(Pupil)
    schools = {k[0] for k in parsed.pupils}
    own = select(pupils.c.id).where(pupils.c.school_id.in_(schools))
    existing = {(r.pupil_id, r.contact_id): r for r in conn.execute(select(t).where(t.c.pupil_id.in_(own)))}
    inserts = [
        {"pupil_id": p, "contact_id": c, "priority": prio, "active": True}
        for (p, c), prio in wanted.items()
        if (p, c) not in existing
    ]
    changes = [
        {"b_p": p, "b_c": c, "priority": prio, "active": True}
        for (p, c), prio in wanted.items()
        if (p, c) in existing and (existing[(p, c)].priority, existing[(p, c)].active) != (prio, True)
    ]
    gone = [
        {"b_p": p, "b_c": c, "priority": r.priority, "active": False}
        for (p, c), r in existing.items()
        if (p, c) not in wanted and r.active
    ]
    execute_batches(conn, insert(t), inserts, stage="linking contacts", progress=progress)
    stmt = update(t).where(t.c.pupil_id == bindparam("b_p"), t.c.contact_id == bindparam("b_c"))
    execute_batches(conn, stmt, changes + gone, stage="updating links", progress=progress)
    summary.links_added, summary.links_deactivated = len(inserts), len(gone)


def _pupil_label(pupil: dict[str, Any]) -> str:
    return f"{pupil['school_id']}/{pupil['mis_id']} {pupil['first_name']} {pupil['last_name']}"


def _reachability(parsed: ParsedRoll, usable: dict[Key, bool], summary: RollSummary) -> None:
    """Count pupils with no reachable contact, or only one, and phones that cannot be used."""
    reachable = {key: 0 for key in parsed.pupils}
    for school, pupil, contact in parsed.links:
        reachable[(school, pupil)] += usable[(school, contact)]
    none = [_pupil_label(parsed.pupils[key]) for key, n in reachable.items() if n == 0]
    summary.no_usable_contact, summary.no_usable_contact_examples = len(none), none[:EXAMPLES]
    summary.one_usable_contact = sum(1 for n in reachable.values() if n == 1)
    bad = [c for c in parsed.contacts.values() if c["phone"] is not None and c["phone"].status == "invalid"]
    summary.unusable_phones = len(bad)
    summary.unusable_phone_examples = [f"{c['school_id']}/{c['mis_id']} {c['phone'].raw!r}" for c in bad[:EXAMPLES]]
    summary.missing_phones = sum(1 for c in parsed.contacts.values() if c["phone"] is None)


def write_roll(
    conn: Connection, parsed: ParsedRoll, *, path: Path, at: dt.datetime, progress: ProgressFn | None = None,
    off_roll_limit: float | None = None,
) -> RollSummary:
    """Write a checked roll on an open connection (the caller owns the transaction).

    With `off_roll_limit`, OffRollRefused is raised (before anything is written) when a
    school would lose more than that share of its pupils on roll.
    """
    summary = RollSummary(file=str(path), rows=parsed.rows, schools=sorted({key[0] for key in parsed.pupils}))
    pupil_ids = _write_pupils(conn, parsed, summary, at=at, progress=progress, off_roll_limit=off_roll_limit, path=path)
    contact_ids, usable = _write_contacts(conn, parsed, summary, at=at, progress=progress)
    _write_links(conn, parsed, summary, pupil_ids=pupil_ids, contact_ids=contact_ids, progress=progress)
    _reachability(parsed, usable, summary)
    record_run(conn, kind="roll", path=path, at=at, summary=summary.as_dict())
    return summary


def import_roll(
    *, engine: Engine, path: Path, progress: ProgressFn | None = None, at: dt.datetime | None = None,
    dry_run: bool = False, off_roll_limit: float | None = None,
) -> RollSummary:
    """Check and import a roll CSV in one transaction; ImportRejected (nothing written) if it has problems.

    `dry_run` reports what would change and writes nothing; `off_roll_limit` is the safety stop
    (a share of each school's pupils on roll; None: no limit, as when the import is confirmed).
    """
    with import_session(engine, dry_run=dry_run) as session:
        conn = session.connection()
        schools = set(conn.execute(select(table(School).c.id)).scalars())
        parsed = parse_roll(path, schools=schools, progress=progress)
        return write_roll(conn, parsed, path=path, at=at or utcnow(), progress=progress, off_roll_limit=off_roll_limit)
