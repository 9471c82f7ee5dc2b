"""Moderation: the queue, claims, decisions, redaction and quotes.

Two moderators never decide the same submission at once: a claim with an
expiry is taken by a conditional UPDATE (atomic on SQLite and PostgreSQL), and
on PostgreSQL the next item is picked with SELECT ... FOR UPDATE SKIP LOCKED so
concurrent moderators are handed different submissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, or_, select, update
from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.consultations.models import TEXT_KINDS, Consultation, Question
from consult.detect.pii import Span, masked_spans, redact
from consult.participate.models import Answer, Submission
from consult.safeguarding.service import open_case

CLAIM_MINUTES = 15
PAGE_SIZE = 50
REJECT_REASONS = ("off_topic", "abusive", "personal_data", "spam", "duplicate", "other")
FLAGS = ("pii", "disclosure", "abuse")


class ModerationError(Exception):
    pass


class ClaimedError(ModerationError):
    """Another moderator holds the claim."""


class AlreadyDecidedError(ModerationError):
    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


class NotPendingError(ModerationError):
    """Escalated, withdrawn or otherwise out of the moderators' hands."""


class RedactionError(ModerationError):
    """A hand-edited copy that does not only mask the original text."""


class SelectionError(RedactionError):
    """Text selected in the page that is not the original's at the offsets sent."""


@dataclass
class QueueFilter:
    consultation_id: int | None = None
    question_id: int | None = None
    flag: str | None = None
    band: str | None = None
    language: str | None = None


def queue_page(session: Session, filters: QueueFilter, after_id: int = 0,
               limit: int = PAGE_SIZE) -> tuple[list[Submission], int | None]:
    """Pending submissions, oldest first, a page at a time by id (keyset)."""
    stmt = _pending(filters).where(Submission.id > after_id).order_by(Submission.id)
    rows = list(session.scalars(stmt.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def _pending(filters: QueueFilter):  # type: ignore[no-untyped-def]
    stmt = select(Submission).where(Submission.status == "pending")
    if filters.consultation_id:
        stmt = stmt.where(Submission.consultation_id == filters.consultation_id)
    if filters.band:
        stmt = stmt.where(Submission.band == filters.band)
    if filters.language:
        stmt = stmt.where(Submission.language == filters.language)
    if filters.flag in FLAGS:
        stmt = stmt.where(getattr(Submission, f"flag_{filters.flag}").is_(True))
    if filters.question_id:
        stmt = stmt.where(exists().where(Answer.submission_id == Submission.id,
                                         Answer.question_id == filters.question_id))
    return stmt


def _free_for(user_id: int, now: datetime) -> ColumnElement[bool]:
    """Nobody else holds the submission: unclaimed, claimed by this user, or expired."""
    return or_(Submission.claimed_by_id.is_(None), Submission.claimed_by_id == user_id,
               Submission.claimed_until < now)


def _update_pending(session: Session, submission_id: int, user_id: int, now: datetime,
                    **values: Any) -> Submission:
    """Set `values` on a pending submission nobody else holds, in one conditional
    UPDATE (so two moderators never both win), or raise why not."""
    result = session.execute(
        update(Submission)
        .where(Submission.id == submission_id, Submission.status == "pending",
               _free_for(user_id, now))
        .values(**values)
        .execution_options(synchronize_session=False))
    submission = session.get(Submission, submission_id, populate_existing=True)
    if submission is None:
        raise LookupError(submission_id)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        _refuse(submission)
    return submission


def claim(session: Session, submission_id: int, user_id: int, now: datetime) -> Submission:
    """Claim a pending submission for CLAIM_MINUTES, or raise why not."""
    return _update_pending(session, submission_id, user_id, now, claimed_by_id=user_id,
                           claimed_until=now + timedelta(minutes=CLAIM_MINUTES))


def claim_next(session: Session, user_id: int, filters: QueueFilter,
               now: datetime) -> Submission | None:
    """The oldest pending submission nobody holds, claimed for this moderator."""
    stmt = (_pending(filters).where(_free_for(user_id, now))
            .order_by(Submission.id).limit(1).with_for_update(skip_locked=True))
    for _ in range(5):  # a rival may take it between the pick and the claim
        submission = session.scalar(stmt)
        if submission is None:
            return None
        try:
            return claim(session, submission.id, user_id, now)
        except ModerationError:
            continue
    return None


def _refuse(submission: Submission) -> None:
    if submission.status == "pending":
        raise ClaimedError(submission.claimed_by_id)
    if submission.status in ("approved", "rejected"):
        raise AlreadyDecidedError(submission.status)
    raise NotPendingError(submission.status)


def release(session: Session, submission_id: int, user_id: int) -> None:
    session.execute(update(Submission)
                    .where(Submission.id == submission_id, Submission.claimed_by_id == user_id)
                    .values(claimed_by_id=None, claimed_until=None)
                    .execution_options(synchronize_session=False))


def _transition(session: Session, submission_id: int, user_id: int, now: datetime,
                status: str, **values: Any) -> Submission:
    """Move a pending submission to `status`, only if nobody else decided or holds it."""
    return _update_pending(session, submission_id, user_id, now, status=status,
                           decided_by_id=user_id, claimed_by_id=None, claimed_until=None,
                           **values)


def approve(session: Session, submission_id: int, user_id: int, now: datetime,
            redactions: dict[int, list[Span]] | None = None,
            edited: dict[int, str] | None = None,
            selected: dict[int, list[Span]] | None = None) -> Submission:
    """Approve; text answers keep the redaction the moderator confirmed (rule 4).

    `redactions` maps an answer id to the detected spans the moderator kept.
    Answers not named keep every detected span masked. `edited` maps an answer
    id to a hand-redacted copy, accepted only if it masks text of the original
    and adds none. `selected` maps an answer id to spans the moderator selected
    in the page, each carrying the text they saw there: masked as well, and
    refused unless the original holds exactly that text at those offsets.
    """
    submission = _transition(session, submission_id, user_id, now, "approved")
    changed = []
    for answer in submission.answers:
        if answer.text_original is None:
            continue
        original = answer.text_original
        if edited and answer.id in edited and edited[answer.id] != answer.text_redacted:
            spans = masked_spans(original, edited[answer.id])
            if spans is None:
                raise RedactionError(answer.id)
        elif redactions is not None and answer.id in redactions:
            spans = _clip(redactions[answer.id], original)
        else:
            spans = detected_spans(answer)
        spans = _union(spans + _verified((selected or {}).get(answer.id, []), original),
                       original)
        answer.redactions = [{"kind": s.kind, "start": s.start, "end": s.end} for s in spans]
        redacted = redact(original, spans)
        if redacted != answer.text_redacted:
            changed.append(answer.id)
        answer.text_redacted = redacted
    record(session, "approve", actor_id=user_id, object_type="submission",
           object_id=submission.id, detail={"redaction_changed": changed} if changed else None)
    return submission


def _verified(spans: list[Span], original: str) -> list[Span]:
    """Selected spans whose text is the original's at their offsets (counted in
    characters, line breaks as one), or SelectionError: a mask placed by
    offsets alone would hide the wrong characters if the page counted otherwise."""
    for span in spans:
        if not (0 <= span.start < span.end <= len(original)) \
                or original[span.start:span.end] != span.text:
            raise SelectionError(span.text)
    return spans


def _union(spans: list[Span], text: str) -> list[Span]:
    """Overlapping or touching spans as one, in order; the first one's kind names it."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and s.start <= out[-1].end:
            last = out[-1]
            end = max(last.end, s.end)
            out[-1] = Span(last.kind, last.start, end, text[last.start:end])
        else:
            out.append(s)
    return out


def reject(session: Session, submission_id: int, user_id: int, now: datetime, reason: str,
           note: str | None = None) -> Submission:
    if reason not in REJECT_REASONS:
        raise ValueError(reason)
    submission = _transition(session, submission_id, user_id, now, "rejected",
                             reject_reason=reason, reject_note=(note or None))
    record(session, "reject", actor_id=user_id, object_type="submission",
           object_id=submission.id, detail={"reason": reason})
    return submission


def escalate(session: Session, submission_id: int, user_id: int, now: datetime,
             note: str | None = None) -> Submission:
    submission = _transition(session, submission_id, user_id, now, "escalated")
    open_case(session, submission, "moderator: " + (note or "escalated"), now.date())
    record(session, "escalate", actor_id=user_id, object_type="submission",
           object_id=submission.id)
    return submission


def detected_spans(answer: Answer) -> list[Span]:
    found = (answer.flags or {}).get("pii") or []
    return [Span(kind=s["kind"], start=s["start"], end=s["end"],
                 text=(answer.text_original or "")[s["start"]:s["end"]]) for s in found]


def _clip(spans: list[Span], text: str) -> list[Span]:
    out = []
    for s in sorted(spans, key=lambda s: s.start):
        start, end = max(0, s.start), min(len(text), s.end)
        if start < end and (not out or start >= out[-1].end):
            out.append(Span(s.kind, start, end, text[start:end]))
    return out


def mark_quotable(session: Session, answer_id: int, user_id: int, quotable: bool) -> Answer:
    """Only an approved text answer whose writer consented can be quoted."""
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise LookupError(answer_id)
    submission = answer.submission
    if quotable and (submission.status != "approved" or not submission.quote_consent
                     or answer.text_original is None):
        raise ModerationError("not quotable")
    answer.quotable = quotable
    answer.quote_marked_by_id = user_id if quotable else None
    answer.quote_confirmed_by_id = None
    record(session, "quote_mark" if quotable else "quote_unmark", actor_id=user_id,
           object_type="answer", object_id=answer.id)
    return answer


def confirm_quote(session: Session, answer_id: int, user_id: int) -> Answer:
    """The second moderator's confirmation, where the consultation asks for one."""
    answer = session.get(Answer, answer_id)
    if answer is None or not answer.quotable:
        raise ModerationError("not marked quotable")
    if answer.quote_marked_by_id == user_id:
        raise ModerationError("a second moderator must confirm")
    answer.quote_confirmed_by_id = user_id
    record(session, "quote_confirm", actor_id=user_id, object_type="answer",
           object_id=answer.id)
    return answer


def quote_ready(answer: Answer, consultation: Consultation) -> bool:
    return (answer.quotable and answer.submission.status == "approved"
            and answer.submission.quote_consent
            and (not consultation.quotes_need_confirmation
                 or answer.quote_confirmed_by_id is not None))


def reveal(session: Session, submission: Submission, user_id: int) -> None:
    """Distressing text is hidden until a moderator chooses to see it; the choice is audited."""
    record(session, "reveal_flagged", actor_id=user_id, object_type="submission",
           object_id=submission.id)


def questions_by_id(consultation: Consultation) -> dict[int, Question]:
    return {q.id: q for q in consultation.questions}


def text_answers(submission: Submission,
                 consultation: Consultation) -> list[tuple[Question, Answer]]:
    by_id = questions_by_id(consultation)
    return [(by_id[a.question_id], a) for a in submission.answers
            if by_id[a.question_id].kind in TEXT_KINDS]


def quote_candidates(session: Session, consultation_id: int, after_id: int = 0,
                     limit: int = PAGE_SIZE) -> tuple[list[Answer], int | None]:
    """Approved text answers whose writers consented to be quoted."""
    stmt = (select(Answer).join(Submission)
            .where(Submission.consultation_id == consultation_id,
                   Submission.status == "approved", Submission.quote_consent.is_(True),
                   Answer.text_redacted.is_not(None), Answer.id > after_id)
            .order_by(Answer.id).limit(limit + 1))
    rows = list(session.scalars(stmt))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)
