"""What publishing now would leave out or lack, said before a chair publishes:
submissions still in moderation or with safeguarding, free-text answers no
theme covers, missing "what we did" texts, no quotes chosen, and the day the
purge will delete the raw text (docs/privacy.md#rule-6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from consult.consultations.models import TEXT_KINDS, Consultation, Question
from consult.participate.counts import counted, text_shown
from consult.participate.models import Answer, Submission
from consult.progress.service import Cell, statuses
from consult.results.models import Feedback, Publication
from consult.themes.models import answer_themes


@dataclass
class Untagged:
    question: Question
    # True when no answer of the question has a theme; False when only some lack one.
    none_tagged: bool


@dataclass
class Readiness:
    k: int
    pending: Cell
    escalated: Cell
    untagged: list[Untagged]
    missing_feedback: list[tuple[str, list[str]]]  # (language, its bands without a text)
    quotes_chosen: bool
    purge_on: date
    published: bool

    @property
    def left_out(self) -> bool:
        return any(c["count"] != 0 for c in (self.pending, self.escalated))


def readiness(session: Session, consultation: Consultation, now: datetime) -> Readiness:
    status = statuses(session, consultation)
    pub = session.scalar(select(Publication).where(
        Publication.consultation_id == consultation.id))
    return Readiness(
        k=status.k, pending=status.cells["pending"], escalated=status.cells["escalated"],
        untagged=_untagged(session, consultation),
        missing_feedback=_missing_feedback(session, consultation),
        quotes_chosen=_quotes_chosen(session, consultation),
        purge_on=purge_on(consultation, pub, now), published=pub is not None)


def purge_on(consultation: Consultation, pub: Publication | None, now: datetime) -> date:
    """The day `consult purge` deletes the raw free text: retention_days after
    the publication, or after today for a first publication now."""
    published_at = now if pub is None else pub.published_at
    if published_at.tzinfo is None:  # SQLite hands back naive UTC datetimes
        published_at = published_at.replace(tzinfo=UTC)
    return (published_at + timedelta(days=consultation.retention_days)).date()


def _untagged(session: Session, consultation: Consultation) -> list[Untagged]:
    """Free-text questions with approved answers that no theme covers."""
    questions = {q.id: q for q in consultation.questions if q.kind in TEXT_KINDS}
    if not questions:
        return []
    tagged = exists().where(answer_themes.c.answer_id == Answer.id)
    rows = session.execute(
        select(Answer.question_id, func.count(), func.count().filter(~tagged))
        .join(Submission, Submission.id == Answer.submission_id)
        .where(counted(consultation.id), text_shown(), Answer.question_id.in_(questions))
        .group_by(Answer.question_id))
    out = [Untagged(questions[q], none_tagged=untagged == total)
           for q, total, untagged in rows if untagged]
    return sorted(out, key=lambda u: u.question.position)


def _missing_feedback(session: Session,
                      consultation: Consultation) -> list[tuple[str, list[str]]]:
    written = {(band, lang) for band, lang in session.execute(
        select(Feedback.band, Feedback.language)
        .where(Feedback.consultation_id == consultation.id))}
    missing = [(lang, [b for b in consultation.bands if (b, lang) not in written])
               for lang in consultation.languages]
    return [(lang, bands) for lang, bands in missing if bands]


def _quotes_chosen(session: Session, consultation: Consultation) -> bool:
    """Whether any quote would be published (as consult.moderate.service.quote_ready
    decides: marked, approved, consented, confirmed where the consultation asks)."""
    stmt = (select(Answer.id).join(Submission, Submission.id == Answer.submission_id)
            .where(counted(consultation.id), Submission.quote_consent.is_(True),
                   Answer.quotable.is_(True), text_shown()))
    if consultation.quotes_need_confirmation:
        stmt = stmt.where(Answer.quote_confirmed_by_id.is_not(None))
    return session.scalar(stmt.limit(1)) is not None
