"""CSV: the long rows, one per answer, streamed.

UTF-8 with a byte-order mark, so Excel opens Arabic, Chinese and Russian text
correctly; every text cell goes through the formula neutraliser.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import BinaryIO

from sqlalchemy.orm import Session

from consult.consultations.models import TEXT_KINDS, Consultation
from consult.export.cells import neutralise
from consult.export.rows import COLUMNS, iter_rows


def write(session: Session, consultation: Consultation, out: BinaryIO,
          progress: Callable[[int, int], None] | None = None) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
    try:
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        # Question keys, kinds, option keys and demographics repeat on every row:
        # neutralise each distinct value once. Free text is neutralised per row.
        seen: dict[str, str] = {}

        def inert(value: str) -> str:
            done = seen.get(value)
            if done is None:
                done = neutralise(value)
                if len(seen) < 10_000:
                    seen[value] = done
            return done

        writerow = writer.writerow
        for number, question, kind, band, lang, region, answer in iter_rows(
                session, consultation, progress):
            writerow((number, inert(question), inert(kind), inert(band), inert(lang),
                      inert(region),
                      neutralise(answer) if kind in TEXT_KINDS else inert(answer)))
        text.flush()
    finally:
        # Hand the caller's file back open; the wrapper must not close it.
        text.detach()
