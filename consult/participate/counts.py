"""The one door for "which submissions count" and for counting them by group.

Only approved submissions count, in every output (docs/privacy.md#rule-5):
pending, rejected, escalated and withdrawn ones never do. Summaries, exports,
the annual report and the themes all take their submissions through
`counted()`, and their band/language/region counts through `group_counts()`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.participate.models import Answer, Submission

GroupKey = tuple[str, str, "str | None"]


def counted(consultation_id: int) -> Any:
    """The WHERE clause of every query that counts or exports answers."""
    return (Submission.consultation_id == consultation_id) & (Submission.status == "approved")


def text_shown() -> Any:
    """An answer whose written text leaves moderation: its redacted copy, not empty.
    Summaries count what the row-level files show, so the two always agree."""
    return Answer.text_redacted.is_not(None) & (Answer.text_redacted != "")


def group_counts(session: Session, consultation_id: int) -> dict[GroupKey, int]:
    """Counted submissions per (band, language, region); region None if not given."""
    rows = session.execute(
        select(Submission.band, Submission.language, Submission.region, func.count())
        .where(counted(consultation_id))
        .group_by(Submission.band, Submission.language, Submission.region))
    return {(band, lang, region): int(n) for band, lang, region, n in rows}
