"""Roll import: the bundled sample, every error reported, all-or-nothing, re-import in place, phones."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.db import session_scope
from store.imports import ImportRejected, import_roll
from store.imports.phones import normalise_phone
from store.imports.roll import derived_contact_id, priority_key
from store.models import Contact, ImportRun, Pupil, PupilContact

KNOWN = "hillcrest, meadowbank, oakfield, riverside"
SAMPLE = Path(__file__).resolve().parents[2] / "store" / "data" / "sample_roll.csv"
HEADER = [
    "school_id",
    "pupil_id",
    "first_name",
    "last_name",
    "year_group",
    "preferred_name",
    "social_worker",
    "contact_id",
    "contact_name",
    "relationship",
    "phone",
    "priority",
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, bom: bool = False) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def counts(engine: Engine) -> tuple[int, int, int, int]:
    with Session(engine) as s:
        return tuple(
            s.exec(select(func.count()).select_from(m)).one() for m in (Pupil, Contact, PupilContact, ImportRun)
        )  # type: ignore[return-value]


def pupil(engine: Engine, mis_id: str, school: str = "oakfield") -> Pupil:
    with Session(engine) as s:
        return s.exec(select(Pupil).where(Pupil.school_id == school, Pupil.mis_id == mis_id)).one()


def contact(engine: Engine, mis_id: str, school: str = "oakfield") -> Contact:
    with Session(engine) as s:
        return s.exec(select(Contact).where(Contact.school_id == school, Contact.mis_id == mis_id)).one()


def links(engine: Engine, pupil_mis_id: str, *, active: bool = True) -> list[tuple[str, int | None]]:
    """(contact MIS id, priority) of a pupil's links, in the order contacts are tried."""
    with Session(engine) as s:
        rows = s.exec(
            select(Contact.mis_id, PupilContact.priority)
            .join(PupilContact, PupilContact.contact_id == Contact.id)  # type: ignore[arg-type]
            .join(Pupil, Pupil.id == PupilContact.pupil_id)  # type: ignore[arg-type]
            .where(Pupil.mis_id == pupil_mis_id, PupilContact.active == active)
        ).all()
    return sorted(((m, p) for m, p in rows), key=lambda r: priority_key(r[1], r[0]))


# --- the sample roll, on both backends ---------------------------------------------------------


def test_sample_roll_imports_with_summary(engine: Engine) -> None:
    summary = import_roll(engine=engine, path=SAMPLE)
    assert (summary.pupils_on_roll, summary.pupils_added, summary.pupils_off_roll) == (59, 59, 0)
    assert summary.contacts_added == summary.contacts_in_file == 84
    assert summary.unusable_phones == 4 and summary.missing_phones == 1
    assert summary.no_usable_contact == 3
    assert {e.split()[0] for e in summary.no_usable_contact_examples} == {
        "oakfield/OAK0012",
        "oakfield/OAK0021",
        "hillcrest/HC0009",
    }
    assert counts(engine) == (59, 84, 101, 1)
    with Session(engine) as s:
        run = s.exec(select(ImportRun)).one()
    assert run.kind == "roll" and run.summary["pupils_added"] == 59


def test_sample_roll_values(engine: Engine) -> None:
    import_roll(engine=engine, path=SAMPLE)
    ollie = pupil(engine, "OAK0001")
    assert (ollie.first_name, ollie.preferred_name, ollie.year_group, ollie.reg_group) == (
        "Oliver",
        "Ollie",
        "3",
        "3 Kestrels",
    )
    mia = pupil(engine, "OAK0008")
    assert (mia.first_name, mia.social_worker, mia.looked_after) == ("Mia", True, True)
    assert pupil(engine, "HC0022", "hillcrest").last_name == "Yılmaz"  # UTF-8 names survive
    mother = contact(engine, "OAKC001")
    assert (mother.name, mother.phone, mother.phone_status, mother.phone_raw) == (
        "Sarah Bennett",
        "+447700900501",
        "ok",
        "07700 900501",
    )
    typo = contact(engine, "OAKC010")
    assert (typo.phone, typo.phone_status, typo.phone_raw) == (None, "invalid", "07700 90051")
    assert contact(engine, "OAKC029").phone_status == "missing"
    assert contact(engine, "OAKC003").parental_responsibility is True
    assert contact(engine, "OAKC005").parental_responsibility is False


def test_siblings_share_one_contact(engine: Engine) -> None:
    import_roll(engine=engine, path=SAMPLE)
    assert links(engine, "OAK0001") == links(engine, "OAK0002") == [("OAKC001", 1), ("OAKC002", 2)]
    with Session(engine) as s:
        assert len(s.exec(select(Contact).where(Contact.phone == "+447700900501")).all()) == 1
    mensah = [links(engine, p) for p in ("OAK0018", "OAK0019", "OAK0020")]
    assert mensah[0] == mensah[1] == mensah[2] and len(mensah[0]) == 3


def test_priority_order_ties_by_contact_id_blank_last(engine: Engine) -> None:
    import_roll(engine=engine, path=SAMPLE)
    assert links(engine, "OAK0009") == [("OAKC013", 1), ("OAKC014", 1)]  # Patels: both 1, by contact_id
    assert links(engine, "OAK0014") == [("OAKC018", 1), ("OAKC019", None)]  # blank priority last
    assert sorted([(None, "A"), (2, "B"), (1, "C"), (1, "B")], key=lambda r: priority_key(*r)) == [
        (1, "B"),
        (1, "C"),
        (2, "B"),
        (None, "A"),
    ]


# --- errors: every one reported, nothing changed ---------------------------------------------


def test_malformed_file_reports_every_error_and_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    import_roll(engine=engine, path=SAMPLE)
    before = counts(engine)
    bad = write_csv(
        tmp_path / "bad.csv",
        HEADER,
        [
            ["oakfield", "N1", "Ada", "Lovelace", "4", "", "no", "K1", "Ann", "Mother", "07700 900111", "1"],  # fine
            ["oakfield", "N2", "", "Byron", "4", "", "maybe", "", "", "", "", ""],
            ["nowhere", "N3", "Alan", "Turing", "5", "", "no", "", "", "", "", ""],
            ["oakfield", "N1", "Ada", "King", "4", "", "no", "K2", "Bob", "Father", "07700 900112", "first"],
            ["oakfield", "N4", "Mary", "Shelley", "", "", "", "", "", "Aunt", "", "2"],
        ],
    )
    with pytest.raises(ImportRejected) as exc:
        import_roll(engine=engine, path=bad)
    assert exc.value.errors == [
        f"{bad}:3: first_name: a value is required",
        f"{bad}:3: social_worker: 'maybe' is not yes or no",
        f"{bad}:4: school_id: 'nowhere' is not a school in the configuration ({KNOWN})",
        f"{bad}:5: priority: 'first' is not a whole number from 1 (1 is tried first)",
        f"{bad}:5: last_name: 'King' conflicts with 'Lovelace' for pupil N1 on line 2",
        f"{bad}:6: year_group: a value is required",
        f"{bad}:6: contact_id: contact details given without a contact_id, contact_name or phone",
    ]
    assert counts(engine) == before


def test_missing_required_columns_are_all_reported(sqlite_engine: Engine, tmp_path: Path) -> None:
    bad = write_csv(tmp_path / "bad.csv", ["school_id", "pupil_id", "surname"], [["oakfield", "1", "X"]])
    with pytest.raises(ImportRejected) as exc:
        import_roll(engine=sqlite_engine, path=bad)
    assert exc.value.errors == [
        f"{bad}:1: first_name: required column is missing from the header row",
        f"{bad}:1: last_name: required column is missing from the header row",
        f"{bad}:1: year_group: required column is missing from the header row",
    ]
    assert counts(sqlite_engine) == (0, 0, 0, 0)


def test_conflicting_contact_and_link_rows(sqlite_engine: Engine, tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "bad.csv",
        HEADER,
        [
            ["oakfield", "A1", "Ann", "Lee", "2", "", "", "C1", "Kim Lee", "Mother", "07700 900111", "1"],
            ["oakfield", "A2", "Ben", "Lee", "4", "", "", "C1", "Kim Lee", "Mother", "+447700900222", "1"],
            ["oakfield", "A1", "Ann", "Lee", "2", "", "", "C1", "Kim Lee", "Mother", "07700900111", "2"],
        ],
    )
    with pytest.raises(ImportRejected) as exc:
        import_roll(engine=sqlite_engine, path=bad)
    assert exc.value.errors == [
        f"{bad}:3: phone: '+447700900222' conflicts with '07700 900111' for contact C1 on line 2",
        f"{bad}:4: priority: 2 conflicts with 1 for pupil A1 and contact C1 on line 2",
    ]


def test_not_utf8_and_empty_files(sqlite_engine: Engine, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"school_id,pupil_id,first_name,last_name,year_group\noakfield,1,Jos\xe9,X,1\n")
    with pytest.raises(ImportRejected) as exc:
        import_roll(engine=sqlite_engine, path=latin)
    assert exc.value.errors == [f"{latin}:2: -: is not UTF-8 text (save the file as CSV UTF-8)"]
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(ImportRejected, match="empty"):
        import_roll(engine=sqlite_engine, path=empty)


def test_bom_extra_columns_and_header_case(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "roll.csv",
        ["School_ID", "Pupil_ID", "First_Name", "Last_Name", "Year_Group", "UPN"],
        [["oakfield", "Z1", "Zara", "Ali", "R", "A123"]],
        bom=True,
    )
    summary = import_roll(engine=sqlite_engine, path=path)
    assert summary.pupils_added == 1 and summary.no_usable_contact == 1
    assert pupil(sqlite_engine, "Z1").first_name == "Zara"


# --- re-import ---------------------------------------------------------------------------------


def _roll(tmp_path: Path, rows: list[list[str]], name: str = "roll.csv") -> Path:
    return write_csv(tmp_path / name, HEADER, rows)


FIRST = [
    ["oakfield", "A1", "Ann", "Lee", "2", "", "no", "C1", "Kim Lee", "Mother", "07700 900111", "1"],
    ["oakfield", "A1", "Ann", "Lee", "2", "", "no", "C2", "Sam Lee", "Father", "07700 900112", "2"],
    ["oakfield", "B1", "Ben", "Cole", "5", "", "no", "C3", "Jo Cole", "Mother", "07700 900113", "1"],
    ["hillcrest", "H1", "Hal", "Moss", "9", "", "no", "", "", "", "", ""],
]


def test_reimport_updates_in_place_and_marks_leavers(engine: Engine, tmp_path: Path) -> None:
    import_roll(engine=engine, path=_roll(tmp_path, FIRST))
    ann_id = pupil(engine, "A1").id
    second = [
        ["oakfield", "A1", "Ann", "Lee", "3", "Annie", "yes", "C1", "Kim Lee", "Mother", "07700 900111", "1"],
        ["oakfield", "N1", "Nia", "Page", "1", "", "no", "C3", "Jo Cole", "Mother", "07700 900113", "1"],
    ]
    summary = import_roll(engine=engine, path=_roll(tmp_path, second, "roll2.csv"))
    assert (summary.pupils_added, summary.pupils_updated, summary.pupils_off_roll) == (1, 1, 1)
    ann = pupil(engine, "A1")
    assert (ann.id, ann.year_group, ann.preferred_name, ann.social_worker, ann.on_roll) == (
        ann_id,
        "3",
        "Annie",
        True,
        True,
    )
    assert pupil(engine, "B1").on_roll is False  # left: kept, off roll
    assert pupil(engine, "H1", "hillcrest").on_roll is True  # another school's pupils are untouched
    assert links(engine, "A1") == [("C1", 1)]
    assert links(engine, "A1", active=False) == [("C2", 2)]
    assert links(engine, "B1") == [] and summary.links_deactivated == 2
    assert counts(engine)[:2] == (4, 3)  # nobody and no contact deleted
    assert pupil(engine, "A1").joined_on is None, "the first roll import adds pupils; it records no joiners"
    assert pupil(engine, "N1").joined_on is not None and pupil(engine, "N1").left_on is None
    assert pupil(engine, "B1").left_on is not None
    back = import_roll(engine=engine, path=_roll(tmp_path, FIRST, "roll3.csv"))
    assert pupil(engine, "B1").on_roll is True and back.pupils_off_roll == 1  # N1 left in turn
    assert pupil(engine, "B1").left_on is None and pupil(engine, "B1").joined_on is not None, "back on roll: a joiner again"
    assert pupil(engine, "N1").left_on is not None


def test_reimport_keeps_telegram_optout_and_delivery_state(engine: Engine, tmp_path: Path) -> None:
    import_roll(engine=engine, path=_roll(tmp_path, FIRST))
    with session_scope(engine) as s:
        for mis_id, tg in (("C1", 5551), ("C2", 5552)):
            c = s.exec(select(Contact).where(Contact.mis_id == mis_id)).one()
            c.telegram_user_id, c.sms_opted_out, c.phone_status = tg, True, "undeliverable"
            s.add(c)
    changed = [list(r) for r in FIRST]
    changed[0][8] = "Kim Lee-Wong"  # C1: new name, same number written differently
    changed[0][10] = "+44 7700 900111"
    changed[1][10] = "07700 900199"  # C2: a new number
    import_roll(engine=engine, path=_roll(tmp_path, changed, "roll2.csv"))
    c1, c2 = contact(engine, "C1"), contact(engine, "C2")
    assert (c1.name, c1.telegram_user_id, c1.sms_opted_out, c1.phone_status) == (
        "Kim Lee-Wong",
        5551,
        True,
        "undeliverable",
    )
    assert (c2.phone, c2.phone_status, c2.sms_opted_out, c2.telegram_user_id) == ("+447700900199", "ok", False, 5552)


def test_unchanged_reimport_writes_nothing_new(sqlite_engine: Engine) -> None:
    import_roll(engine=sqlite_engine, path=SAMPLE)
    again = import_roll(engine=sqlite_engine, path=SAMPLE)
    assert (again.pupils_added, again.pupils_updated, again.contacts_added, again.contacts_updated) == (0, 0, 0, 0)
    assert (again.links_added, again.links_deactivated, again.pupils_off_roll) == (0, 0, 0)
    assert counts(sqlite_engine) == (59, 84, 101, 2)


def test_contact_without_id_gets_a_stable_derived_id(sqlite_engine: Engine, tmp_path: Path) -> None:
    rows = [["oakfield", "A1", "Ann", "Lee", "2", "", "", "", "Kim Lee", "Mother", "07700 900111", "1"]]
    import_roll(engine=sqlite_engine, path=_roll(tmp_path, rows))
    rows[0][10] = "07700 900222"  # the number changes: still the same contact
    import_roll(engine=sqlite_engine, path=_roll(tmp_path, rows, "roll2.csv"))
    derived = derived_contact_id("A1", "Kim Lee", "+447700900111")
    assert derived == derived_contact_id("A1", "kim  lee", "")
    assert contact(sqlite_engine, derived).phone == "+447700900222"
    assert counts(sqlite_engine)[1] == 1


# --- phone numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "e164", "status"),
    [
        ("07700 900123", "+447700900123", "ok"),
        ("+44 7700 900123", "+447700900123", "ok"),
        ("447700900123", "+447700900123", "ok"),
        ("(0)7700-900-123", "+447700900123", "ok"),
        ("0044 7700 900123", "+447700900123", "ok"),
        ("+44 (0)7700 900123", "+447700900123", "ok"),
        ("01632 960123", "+441632960123", "ok"),  # drama landline range
        ("0161 496 0123", "+441614960123", "ok"),  # a real-format Manchester number
        ("+1 202 555 0143", "+12025550143", "ok"),  # international
        ("07700 90012", None, "invalid"),  # too short
        ("01632 96012", None, "invalid"),  # landline typo
        ("07700 900 1234", None, "invalid"),  # too long
        ("garbage", None, "invalid"),
        ("n/a", None, "invalid"),
        ("", None, "missing"),
        ("   ", None, "missing"),
    ],
)
def test_phone_normalisation(raw: str, e164: str | None, status: str) -> None:
    phone = normalise_phone(raw)
    assert (phone.e164, phone.status) == (e164, status)
    assert phone.raw == (raw.strip() or None)


def test_unusable_phones_are_counted_and_kept_raw(sqlite_engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["oakfield", "A1", "Ann", "Lee", "2", "", "", "C1", "Kim Lee", "Mother", "garbage", "1"],
        ["oakfield", "A1", "Ann", "Lee", "2", "", "", "C2", "Sam Lee", "Father", "07700 900112", "2"],
        ["oakfield", "B1", "Ben", "Cole", "5", "", "", "C3", "Jo Cole", "Mother", "", "1"],
    ]
    summary = import_roll(engine=sqlite_engine, path=_roll(tmp_path, rows))
    assert (summary.unusable_phones, summary.missing_phones) == (1, 1)
    assert (summary.no_usable_contact, summary.one_usable_contact) == (1, 1)
    assert summary.unusable_phone_examples == ["oakfield/C1 'garbage'"]
    c1 = contact(sqlite_engine, "C1")
    assert (c1.phone, c1.phone_raw, c1.phone_status, c1.phone_status_detail) == (
        None,
        "garbage",
        "invalid",
        "not a phone number",
    )


def _school_of_ten(tmp_path: Path, keep: int, name: str) -> Path:
    rows = [["oakfield", f"T{i}", f"Pupil{i}", "Test", "2", "", "no", f"TC{i}", f"Carer {i}", "Mother", f"07700 9004{i:02d}", "1"] for i in range(keep)]
    return _roll(tmp_path, rows, name)


def test_dry_run_reports_and_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    import_roll(engine=engine, path=_school_of_ten(tmp_path, 10, "full.csv"))
    before = counts(engine)
    summary = import_roll(engine=engine, path=_school_of_ten(tmp_path, 9, "short.csv"), dry_run=True, off_roll_limit=0.2)
    assert summary.pupils_off_roll == 1 and summary.leavers == ["oakfield/T9 Pupil9 Test"]
    assert counts(engine) == before  # no pupil changed, no import run recorded
    assert pupil(engine, "T9").on_roll is True


def test_a_roll_taking_most_pupils_off_roll_is_refused_unless_confirmed(engine: Engine, tmp_path: Path) -> None:
    from store.imports.roll import OffRollRefused

    import_roll(engine=engine, path=_school_of_ten(tmp_path, 10, "full.csv"))
    before = counts(engine)
    with pytest.raises(OffRollRefused) as refused:
        import_roll(engine=engine, path=_school_of_ten(tmp_path, 1, "one.csv"), off_roll_limit=0.2)
    first, *leaving = refused.value.errors
    assert "oakfield: this roll would take 9 of 10 pupils (90%) off roll" in first and "--confirm-off-roll" in first
    assert leaving == [f"  leaving: oakfield/T{i} Pupil{i} Test" for i in range(1, 10)]
    assert counts(engine) == before and pupil(engine, "T5").on_roll is True
    # Two of ten (20%) is within the limit; confirming (no limit) lets the rest through.
    assert import_roll(engine=engine, path=_school_of_ten(tmp_path, 8, "eight.csv"), off_roll_limit=0.2).pupils_off_roll == 2
    confirmed = import_roll(engine=engine, path=_school_of_ten(tmp_path, 1, "one.csv"), off_roll_limit=None)
    assert confirmed.pupils_off_roll == 7 and pupil(engine, "T5").on_roll is False


def test_names_too_long_for_a_card_or_an_sms_are_refused_with_their_line(sqlite_engine: Engine, tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "long.csv",
        HEADER,
        [
            ["oakfield", "A1", "Ann" * 1000, "Lee", "2", "", "", "C1", "Kim Lee", "Mother", "07700 900111", "1"],
            ["oakfield", "A2", "Ben", "Lee", "4", "", "", "C2", "K" * 151, "Mother", "+447700900222", "1"],
        ],
    )
    with pytest.raises(ImportRejected) as exc:
        import_roll(engine=sqlite_engine, path=bad)
    assert exc.value.errors == [
        f"{bad}:2: first_name: 3000 characters; at most 100",
        f"{bad}:3: contact_name: 151 characters; at most 150",
    ]
    assert counts(sqlite_engine)[0] == 0
