"""What a report is and how its file is written: the consultation report, the
meeting report, the annual report to Council and the final report over
several years, in any of the six languages, as DOCX (and PDF where a converter
is installed; `pdf_converter()` says which).

The one audited door is consult.export.service.export_audited: the chairs'
page and `consult report ...` both pass it a `Report`, and it records the
event (docs/privacy.md#rule-9) and calls `write` here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.i18n import LANGUAGES
from consult.meetings.service import list_meetings
from consult.results import annual

KINDS = ("consultation", "meeting", "annual", "final")
FORMATS = ("docx", "pdf")
# The annual report's figures as JSON (what `consult report annual` printed first).
DATA_FORMATS = ("json",)
MEDIA_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "pdf": "application/pdf", "json": "application/json"}
CONVERTERS = ("soffice", "libreoffice")
FIRST_YEAR = 2022
PDF_TIMEOUT = 300


class ReportError(ValueError):
    pass


class PdfUnavailableError(ReportError):
    def __init__(self) -> None:
        super().__init__("no PDF converter (LibreOffice: soffice) is installed on this machine; "
                         "download the DOCX instead")


@dataclass(frozen=True)
class Report:
    """One report to write. `consultation` for a consultation report, `meeting`
    (its key, or its name in any language) for a meeting report, `year` (and
    `last_year`) for the annual and final reports; `k` is the default threshold
    (never below 5)."""

    kind: str
    k: int
    consultation: Consultation | None = None
    meeting: str | None = None
    year: int | None = None
    last_year: int | None = None
    base_url: str = ""

    def audit(self) -> tuple[str, int | None, dict[str, Any]]:
        """What the audit log records: object type, id, detail."""
        if self.kind == "consultation" and self.consultation is not None:
            return "consultation", self.consultation.id, {"report": self.kind}
        if self.kind == "meeting":
            return "meeting", None, {"report": self.kind, "meeting": self.meeting}
        if self.kind == "final":
            return "final_report", self.year, {"report": self.kind, "years": [
                self.year, self.last_year]}
        return "annual_report", self.year, {"report": self.kind}

    def filename(self, lang: str, fmt: str) -> str:
        if self.kind == "consultation" and self.consultation is not None:
            stem = f"{self.consultation.slug}-report"
        elif self.kind == "meeting":
            stem = "meeting-report"
        elif self.kind == "final":
            stem = f"final-report-{self.year}-{self.last_year}"
        else:
            stem = f"annual-report-{self.year}"
        return f"{stem}-{lang}.{fmt}"


def check(report: Report, fmt: str, lang: str) -> None:
    """Refuse what cannot be written, before anything is recorded."""
    if report.kind not in KINDS:
        raise ReportError(f"unknown report {report.kind!r}")
    if lang not in LANGUAGES:
        raise ReportError(f"unknown language {lang!r}")
    allowed = FORMATS + (DATA_FORMATS if report.kind in ("annual", "final") else ())
    if fmt not in allowed:
        raise ReportError(f"a {report.kind} report cannot be written as {fmt!r}")
    if fmt == "pdf" and pdf_converter() is None:
        raise PdfUnavailableError
    if report.kind == "consultation" and report.consultation is None:
        raise ReportError("which consultation?")
    if report.kind == "meeting" and not (report.meeting or "").strip():
        raise ReportError("which meeting?")
    if report.kind in ("annual", "final") and report.year is None:
        raise ReportError("which year?")
    if report.kind == "final" and (report.last_year is None or report.last_year < report.year):
        raise ReportError("a final report needs a first and a last year, in that order")


def write(session: Session, report: Report, fmt: str, out: BinaryIO, lang: str,
          now: datetime | None = None) -> None:
    """Write `report` as `fmt` in `lang` to `out` (no audit: see the docstring)."""
    check(report, fmt, lang)
    if fmt == "pdf":
        _pdf(session, report, out, lang, now)
        return
    if fmt == "json":
        data = annual.build(session, report.year or 0, report.k, report.last_year)
        out.write((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        return
    # python-docx and matplotlib load only when a report is asked for.
    if report.kind == "consultation":
        from consult.reports import consultation

        consultation.write(session, report.consultation, out, lang,  # type: ignore[arg-type]
                           now=now)
    elif report.kind == "meeting":
        from consult.reports import meeting

        found = meeting.find(session, report.meeting or "")
        if found is None:
            raise ReportError(f"no meeting {report.meeting!r}")
        meeting.write(session, found, out, lang, now=now)
    else:
        from consult.reports import period

        period.write(session, report.year or 0, report.last_year, report.k, out, lang,
                     report.base_url, now=now)


def reportable(session: Session) -> list[Consultation]:
    """Consultations a report can be made of (not drafts), newest first."""
    return list(session.scalars(select(Consultation).where(Consultation.status != "draft")
                                .order_by(Consultation.opens_at.desc(), Consultation.id)))


def meeting_choices(session: Session, lang: str) -> list[tuple[str, str]]:
    """(key, name in `lang`) of every meeting, newest first."""
    return [(m.key, m.name(lang) or m.key) for m in list_meetings(session)]


def pdf_converter() -> str | None:
    """The LibreOffice binary that turns a DOCX into a PDF, or None."""
    for name in CONVERTERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def _pdf(session: Session, report: Report, out: BinaryIO, lang: str,
         now: datetime | None) -> None:
    converter = pdf_converter()
    if converter is None:
        raise PdfUnavailableError
    with tempfile.TemporaryDirectory(prefix="consult-report-") as work:
        source = Path(work) / "report.docx"
        with source.open("wb") as fh:
            write(session, report, "docx", fh, lang, now)
        # A profile of its own, so a running LibreOffice is never disturbed.
        profile = Path(work, "profile").as_uri()
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [converter, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", work, str(source)],
            check=True, timeout=PDF_TIMEOUT, capture_output=True,
            env={**os.environ, "HOME": work})
        with (Path(work) / "report.pdf").open("rb") as fh:
            shutil.copyfileobj(fh, out)
