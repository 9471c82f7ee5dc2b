"""One door for every export and report: `export_audited(...)`, used alike by
the chairs' download and report buttons, `consult export` and `consult report
...`. It records the audit event (docs/privacy.md#rule-9), writes the file
through `export` (or, for a `Report`, consult.reports.service) and commits
the event only once the file is written: a failed export leaves no event
claiming it happened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.consultations.models import Consultation
from consult.export import csv_format, json_format
from consult.export.rows import snapshot
from consult.i18n import LANGUAGES
from consult.reports import service as reports
from consult.reports.service import Report

FORMATS = ("csv", "json", "xlsx", "docx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

Progress = Callable[[int, int], None]


class ExportError(ValueError):
    pass


class UnknownFormatError(ExportError):
    pass


class UnknownLanguageError(ExportError):
    pass


def export_audited(session: Session, target: Consultation | Report, fmt: str,
                   out: BinaryIO, *, lang: str | None = None, actor_id: int | None = None,
                   actor_label: str | None = None, progress: Progress | None = None,
                   written: Callable[[], None] | None = None) -> None:
    """Audit and write one export of `target` as `fmt` to `out`, then commit.

    `actor_id` is the staff member who asked (web), `actor_label` names a
    command line. `written()` is called once the file is complete and before
    the event is committed (a command syncs the file to disk there). On any
    error the session is rolled back and the error raised.
    """
    detail: dict[str, Any] = {"format": fmt}
    if lang:
        detail["lang"] = lang
    try:
        if isinstance(target, Report):
            lang = lang or "en"
            try:
                reports.check(target, fmt, lang)
            except reports.ReportError as exc:
                raise ExportError(str(exc)) from None
            object_type, object_id, more = target.audit()
            record(session, "export", actor_id=actor_id, actor_label=actor_label,
                   object_type=object_type, object_id=object_id,
                   detail={**detail, "lang": lang, **more})
            reports.write(session, target, fmt, out, lang)
        else:
            record(session, "export", actor_id=actor_id, actor_label=actor_label,
                   object_type="consultation", object_id=target.id, detail=detail)
            export(session, target, fmt, out, lang=lang, progress=progress)
        if written is not None:
            written()
        session.commit()
    except BaseException:
        session.rollback()
        raise


def export(session: Session, consultation: Consultation, fmt: str, out: BinaryIO,
           lang: str | None = None, progress: Progress | None = None) -> None:
    """Write `consultation` as `fmt` to the binary file `out`.

    `lang` is the language of labels, headings and charts (default: the
    consultation's first language). `progress(done, total)` is called as the
    export advances.
    """
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt)
    lang = lang or consultation.languages[0]
    if lang not in LANGUAGES:
        raise UnknownLanguageError(lang)
    # One consistent view of the data for every query of the export, so group
    # sizes counted first still hold when the rows are written (docs/privacy.md#rule-5).
    with snapshot(session) as s:
        c = s.get(Consultation, consultation.id) if s is not session else consultation
        if c is None:
            raise LookupError(consultation.id)
        # The office formats' libraries (rvgsrust-xlsxwriter, python-docx, matplotlib) load
        # only when used: the app, its workers and its other commands never pay for them.
        if fmt == "csv":
            csv_format.write(s, c, out, lang, progress)
        elif fmt == "json":
            json_format.write(s, c, out, progress)
        elif fmt == "xlsx":
            from consult.export import xlsx_format

            xlsx_format.write(s, c, out, lang, progress)
        else:
            # The consultation report (consult.reports.consultation) is the DOCX.
            from consult.reports import consultation as report

            report.write(s, c, out, lang, progress)
