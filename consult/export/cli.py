"""`consult export SLUG --format csv|json|xlsx|docx -o FILE [--lang xx]`."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.export.service import FORMATS, ExportError, export_audited
from consult.extensions import db
from consult.i18n import LANGUAGES


@click.command("export")
@click.argument("slug")
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS),
              help="csv: one row per answer; json: the summary; xlsx: both; docx: the report.")
@click.option("-o", "--output", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (replaced only once the export is complete).")
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of labels and headings (default: the consultation's first).")
@with_appcontext
def export_command(slug: str, fmt: str, output: Path, lang: str | None) -> None:
    """Export consultation SLUG for the working group. Every export is audited."""
    session = db()
    # Any status: a chair exports closed and published consultations too.
    consultation = session.scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None:
        raise click.ClickException(f"no consultation with slug {slug!r}")
    bar = _ProgressBar(f"exporting {slug} as {fmt}")

    def produce(fh: BinaryIO, synced: Callable[[], None]) -> None:
        # docs/privacy.md#rule-9: audited through the one door every export uses.
        export_audited(session, consultation, fmt, fh, lang=lang, actor_label="cli",
                       progress=bar, written=synced)

    try:
        write_file(output, produce)
    finally:
        bar.close()
    click.echo(f"wrote {output} ({fmt})")


def write_file(output: Path, produce: Callable[[BinaryIO, Callable[[], None]], None]) -> None:
    """Call `produce(file, synced)` on a file beside `output`, renamed to it once
    complete. A failed export leaves no half-written file, and a reader never
    sees one. mkstemp makes it 0600: an export holds children's answers."""
    try:
        fd, temp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    except OSError as exc:
        raise click.ClickException(
            f"cannot write to {output}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:

            def synced() -> None:
                fh.flush()
                os.fsync(fh.fileno())

            produce(fh, synced)
        os.replace(temp, output)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, ExportError):
            raise click.ClickException(f"cannot export: {exc}") from None
        if isinstance(exc, OSError):
            raise click.ClickException(
                f"cannot write to {output}: {exc.strerror or exc}") from None
        raise


class _ProgressBar:
    """click's progress bar on stderr, shown only on a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.done = 0
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=max(total, 1), label=self.label,
                                         file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(max(0, done - self.done))
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
