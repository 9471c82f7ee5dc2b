"""CSV: the long rows, one per answer, streamed.

UTF-8 with a byte-order mark, so Excel opens Arabic, Chinese and Russian text
correctly; every text cell goes through the formula neutraliser.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from itertools import islice
from typing import BinaryIO

from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.export.cells import neutralise
from consult.export.rows import COLUMNS, iter_rows

CHUNK_ROWS = 5_000


def write(session: Session, consultation: Consultation, out: BinaryIO,
          progress: Callable[[int, int], None] | None = None) -> None:
    # Rows are formatted by the C csv writer into a text buffer and written to
    # `out` a chunk at a time: memory stays flat whatever the size.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    out.write(codecs.BOM_UTF8)
    writer.writerow(COLUMNS)
    rows = iter_rows(session, consultation, progress, clean=neutralise)
    while True:
        writer.writerows(islice(rows, CHUNK_ROWS))
        if not buffer.tell():
            break
        out.write(buffer.getvalue().encode("utf-8", "replace"))
        buffer.seek(0)
        buffer.truncate()
