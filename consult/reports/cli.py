"""`consult report ...`: the reports for the working group and Council, each
written through the one audited door (consult.export.service.export_audited).

    consult report consultation SLUG --lang fr -o report.docx
    consult report meeting "CWG-COP 22" --lang ar -o meeting.docx
    consult report annual 2026 -o annual.docx      (or --year 2026; JSON on stdout)
    consult report final 2022 2026 --lang es -o final.docx
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.export.cli import write_file
from consult.export.service import ExportError, export_audited
from consult.extensions import db
from consult.i18n import LANGUAGES
from consult.reports.service import DATA_FORMATS, FORMATS, Report, pdf_converter

_LANG = click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
                     help="Language of the report.")
_OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                       help="The file to write (replaced only once the report is complete).")
_FORMAT = click.option("--format", "fmt", type=click.Choice([*FORMATS, *DATA_FORMATS]),
                       help="docx (default with -o FILE.docx), pdf (only where LibreOffice is "
                            "installed) or, for the annual and final reports, json (the "
                            "figures; the default without -o).")
_BASE_URL = click.option("--base-url", default="", help="The public site's address, for the "
                         "addresses of the public outputs (e.g. https://consult.example.org).")


@click.group("report", help="Reports for the working group and Council. Every one is audited.")
def report_group() -> None:
    pass


@report_group.command("consultation")
@click.argument("slug")
@_LANG
@_FORMAT
@_OUTPUT
@with_appcontext
def report_consultation(slug: str, lang: str, fmt: str | None, output: Path | None) -> None:
    """The consultation report of SLUG (DOCX)."""
    consultation = db().scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None:
        raise click.ClickException(f"no consultation with slug {slug!r}")
    _run(Report("consultation", _k(), consultation=consultation), fmt, lang, output)


@report_group.command("meeting")
@click.argument("meeting")
@_LANG
@_FORMAT
@_OUTPUT
@with_appcontext
def report_meeting(meeting: str, lang: str, fmt: str | None, output: Path | None) -> None:
    """The meeting report: every consultation and live session of MEETING (its key,
    or its name in any language)."""
    _run(Report("meeting", _k(), meeting=meeting), fmt, lang, output)


@report_group.command("annual")
@click.argument("year", type=int, required=False)
@click.option("--year", "year_option", type=int, help="The year (same as YEAR).")
@_LANG
@_FORMAT
@_OUTPUT
@_BASE_URL
@with_appcontext
def report_annual(year: int | None, year_option: int | None, lang: str, fmt: str | None,
                  output: Path | None, base_url: str) -> None:
    """The annual report to Council for YEAR: DOCX with -o FILE, the figures as JSON
    on stdout otherwise."""
    chosen = year if year is not None else year_option
    if chosen is None:
        raise click.UsageError("which year? consult report annual YEAR")
    _run(Report("annual", _k(), year=chosen, base_url=base_url), fmt, lang, output)


@report_group.command("final")
@click.argument("first", type=int)
@click.argument("last", type=int)
@_LANG
@_FORMAT
@_OUTPUT
@_BASE_URL
@with_appcontext
def report_final(first: int, last: int, lang: str, fmt: str | None, output: Path | None,
                 base_url: str) -> None:
    """The final report over the years FIRST to LAST (e.g. 2022 2026)."""
    _run(Report("final", _k(), year=first, last_year=last, base_url=base_url), fmt, lang,
         output)


def _k() -> int:
    return int(current_app.config["K_THRESHOLD"])


def _run(report: Report, fmt: str | None, lang: str, output: Path | None) -> None:
    if fmt is None:
        suffix = output.suffix.lstrip(".").lower() if output else ""
        fmt = suffix if suffix in (*FORMATS, *DATA_FORMATS) else (
            "json" if output is None and report.kind in ("annual", "final") else "docx")
    if fmt == "pdf" and pdf_converter() is None:
        raise click.ClickException(
            "PDF is not available: no converter (LibreOffice's soffice) is installed on this "
            "machine. Write the DOCX instead (--format docx).")
    if output is None:
        if fmt != "json":
            raise click.UsageError(f"--format {fmt} needs -o FILE")
        buffer = io.BytesIO()
        try:
            _audited(report, fmt, lang)(buffer, lambda: None)
        except ExportError as exc:
            raise click.ClickException(f"cannot write the report: {exc}") from None
        click.echo(buffer.getvalue().decode("utf-8"), nl=False)
        return
    write_file(output, _audited(report, fmt, lang))
    click.echo(f"wrote {output} ({fmt}, {lang})")


def _audited(report: Report, fmt: str, lang: str) -> Callable[[BinaryIO, Callable[[], None]],
                                                               None]:
    def produce(fh: BinaryIO, synced: Callable[[], None]) -> None:
        # docs/privacy.md#rule-9: audited through the one door every export uses.
        export_audited(db(), report, fmt, fh, lang=lang, actor_label="cli", written=synced)
    return produce
