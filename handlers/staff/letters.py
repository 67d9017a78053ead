"""Letters home for letter tasks (issue 12 point 7): a PDF from the school's template, with the pupil's figures.

The template is plain text (`store/data/letters/attendance_letter.txt`, or
the school's own copy named by `letter_template`) with `$placeholders`
filled by `string.Template`; an unknown placeholder is left as written, so a
school's edit never breaks a letter. The PDF is set in DejaVu Sans (bundled)
so any name on the roll prints. Staff download it with /letter <task> or
`absence-bot tasks letter ID`; the task's Done button records it as sent.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from string import Template

from fpdf import FPDF
from sqlmodel import Session

from store.attendance import pupil_attendance
from store.models import PolicyTask, Pupil
from store.roster import contacts_for_pupil
from store.schools import academic_year_start
from store.settings import SchoolSettings

LETTER_KINDS = frozenset({"letter"})


class LetterTemplateError(ValueError):
    """The school's letter template cannot be read."""


def template_text(school: SchoolSettings) -> str:
    if school.letter_template:
        path = Path(school.letter_template)
        try:
            return path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LetterTemplateError(f"{path}: cannot read the letter template ({exc.__class__.__name__})") from None
    return resources.files("store").joinpath("data/letters/attendance_letter.txt").read_text("utf-8")


def letter_values(session: Session, task: PolicyTask, pupil: Pupil, school: SchoolSettings, today: dt.date) -> dict[str, str]:
    """What the placeholders stand for: the school, the pupil, the first contact, this year's figures."""
    start = academic_year_start(today)
    rows = pupil_attendance(session, school_id=school.id, start=start, end=today, pupil_mis_id=pupil.mis_id)
    f = rows[0].as_dict() if rows else {}
    contacts = [c for c, _ in contacts_for_pupil(session, pupil_id=pupil.id or 0) if c.parental_responsibility]
    rate = f.get("rate")
    return {
        "school_name": school.name,
        "today": f"{today.day} {today:%B %Y}",
        "parent_name": contacts[0].name if contacts and contacts[0].name else "Parent or Carer",
        "pupil_name": f"{pupil.preferred_name or pupil.first_name} {pupil.last_name}",
        "pupil_first_name": pupil.preferred_name or pupil.first_name,
        "reg_group": pupil.reg_group or "",
        "year_group": pupil.year_group,
        "mis_id": pupil.mis_id,
        "rate": "no sessions recorded" if rate is None else f"{100 * float(rate):.1f}%",  # type: ignore[arg-type]
        "possible": str(f.get("possible", 0)),
        "present": str(f.get("present", 0)),
        "authorised": str(f.get("authorised", 0)),
        "unauthorised": str(f.get("unauthorised", 0)),
        "period_start": f"{start.day} {start:%B %Y}",
        "period_end": f"{today.day} {today:%B %Y}",
        "stage": task.title,
        "details": task.details,
        "signed_by": "The Attendance Team",
    }


def letter_text(session: Session, task: PolicyTask, pupil: Pupil, school: SchoolSettings, today: dt.date) -> tuple[str, list[str]]:
    """The subject and the paragraphs of the letter."""
    lines = [line for line in template_text(school).splitlines() if not line.startswith("#")]
    filled = Template("\n".join(lines)).safe_substitute(letter_values(session, task, pupil, school, today)).strip()
    subject, _, body = filled.partition("\n")
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    return subject.strip(), paragraphs


def render_letter(session: Session, task: PolicyTask, pupil: Pupil, school: SchoolSettings, today: dt.date) -> bytes:
    """The letter as a one- or two-page A4 PDF."""
    subject, paragraphs = letter_text(session, task, pupil, school, today)
    fonts = resources.files("store").joinpath("data/fonts")
    pdf = FPDF(format="A4")
    pdf.set_title(subject)
    pdf.set_author(school.name)
    with resources.as_file(fonts.joinpath("DejaVuSans.ttf")) as regular, resources.as_file(fonts.joinpath("DejaVuSans-Bold.ttf")) as bold:
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_margins(22, 20, 22)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(0, 7, school.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, f"{today.day} {today:%B %Y}", new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, subject, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def letter_filename(task: PolicyTask, pupil: Pupil) -> str:
    return f"letter-{task.school_id}-{pupil.mis_id}-task{task.id}.pdf"
