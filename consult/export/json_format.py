"""JSON: the protected summary itself, versioned by its `$schema` and
`schema_version` and described by docs/summary.schema.json."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import BinaryIO

from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.summarize.service import build


def write(session: Session, consultation: Consultation, out: BinaryIO,
          progress: Callable[[int, int], None] | None = None) -> None:
    # Every number has been through disclosure control in build() (docs/privacy.md#rule-5).
    summary = build(session, consultation)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
    try:
        json.dump(summary, text, ensure_ascii=False, indent=2)
        text.write("\n")
        text.flush()
    finally:
        text.detach()
    if progress is not None:
        progress(1, 1)
