"""The review page before sending: each answer read back, and a warning where
an answer looks as if it holds personal data, so that the participant can take
it out before anyone sees it (docs/privacy.md#rule-4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from consult.consultations.models import TEXT_KINDS
from consult.detect.pii import KINDS, find_personal_data
from consult.participate.forms import answer_label
from consult.participate.service import AnyConsultation


@dataclass
class ReviewRow:
    n: int
    prompt: str
    shown: str
    # Kinds of personal data the detector found in a text answer, in KINDS order.
    personal: list[str] = field(default_factory=list)


def review_rows(consultation: AnyConsultation, answers: dict[str, Any], country: str | None,
                band: str, lang: str, fallback: str) -> list[ReviewRow]:
    # The country, when given, says how local phone numbers are written; it is
    # used here and forgotten (docs/privacy.md#rule-2).
    hint = country or None
    rows = []
    for n, question in enumerate(consultation.questions, start=1):
        value = answers.get(question.key)
        personal: list[str] = []
        if question.kind in TEXT_KINDS and value:
            found = {span.kind for span in find_personal_data(str(value), lang, hint)}
            personal = [kind for kind in KINDS if kind in found]
        rows.append(ReviewRow(n, question.wording("prompt", band, lang, fallback),
                              answer_label(question, value, band, lang, fallback), personal))
    return rows
