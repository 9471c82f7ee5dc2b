"""CSV: the long rows, one per answer, streamed; what a row may show is
decided in consult.export.rows (docs/privacy.md#rule-5).

UTF-8 with a byte-order mark, so Excel opens Arabic, Chinese and Russian text
correctly; every text cell goes through the formula neutraliser.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from typing import BinaryIO

from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.export.cells import neutralise
from consult.export.rows import COLUMNS, row_batches


def write(session: Session, consultation: Consultation, out: BinaryIO, lang: str,
          progress: Callable[[int, int], None] | None = None) -> None:
    # Each batch of rows is formatted by the C csv writer into a text buffer
    # and written to `out` in one piece: memory stays flat whatever the size.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    out.write(codecs.BOM_UTF8)
    writer.writerow(COLUMNS)
    for rows in row_batches(session, consultation, progress, clean=neutralise, lang=lang):
        writer.writerows(rows)
        out.write(buffer.getvalue().encode("utf-8", "replace"))
        buffer.seek(0)
        buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8", "replace"))
