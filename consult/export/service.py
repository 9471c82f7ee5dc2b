"""One door for every export: `export(session, consultation, fmt, out)`.

Used by the `consult export` command and by the chairs' download pages. The
caller records the audit event (rule 9): it knows who asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.export.rows import snapshot
from consult.i18n import LANGUAGES

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
    # sizes counted first still hold when the rows are written (rule 5).
    with snapshot(session) as s:
        c = s.get(Consultation, consultation.id) if s is not session else consultation
        if c is None:
            raise LookupError(consultation.id)
        # Each format's libraries (openpyxl, python-docx, matplotlib) load only
        # when used: the app, its workers and its other commands never pay for them.
        if fmt == "csv":
            from consult.export import csv_format

            csv_format.write(s, c, out, progress)
        elif fmt == "json":
            from consult.export import json_format

            json_format.write(s, c, out, progress)
        elif fmt == "xlsx":
            from consult.export import xlsx_format

            xlsx_format.write(s, c, out, lang, progress)
        else:
            from consult.export import docx_format

            docx_format.write(s, c, out, lang, progress)
