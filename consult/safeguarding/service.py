"""Safeguarding cases (docs/privacy.md#rule-8): opened when a submission is escalated; only the
safeguarding role works on them, and every reveal of their text is audited."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.participate.models import Submission
from consult.safeguarding import alerts
from consult.safeguarding.models import CASE_STATUSES, Case, CaseNote
from consult.signals import disclosure_detected


class CaseNotFoundError(LookupError):
    pass


def open_case(session: Session, submission: Submission, reason: str,
              today: date | None = None) -> Case:
    """Escalate the submission and open its case (or reopen the existing one);
    every safeguarding lead is alerted when it opens (consult.safeguarding.alerts).

    Only the day is kept (docs/privacy.md#rule-1): a case opened as the
    participant sends or edits would otherwise date their submission."""
    today = today or datetime.now(UTC).date()
    submission.status = "escalated"
    submission.claimed_by_id = None
    submission.claimed_until = None
    case = session.scalar(select(Case).where(Case.submission_id == submission.id))
    opening = case is None or case.status != "open"
    if case is None:
        case = Case(submission_id=submission.id, status="open", reason=reason[:200],
                    opened_on=today, updated_on=today)
        session.add(case)
    else:
        case.status, case.reason, case.updated_on = "open", reason[:200], today
    session.flush()
    if opening:
        alerts.queue(session, case, today)
    return case


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise CaseNotFoundError(case_id)
    return case


def cases(session: Session, status: str | None = None) -> list[Case]:
    stmt = select(Case).order_by(Case.status != "open", Case.opened_on.desc(), Case.id.desc())
    if status in CASE_STATUSES:
        stmt = stmt.where(Case.status == status)
    return list(session.scalars(stmt))


def reveal(session: Session, case: Case, user_id: int) -> Submission:
    """The escalated text, for a safeguarding lead; the view is audited (docs/privacy.md#rule-8)."""
    record(session, "reveal_escalated", actor_id=user_id, object_type="submission",
           object_id=case.submission_id, detail={"case": case.id})
    submission = session.get(Submission, case.submission_id)
    if submission is None:  # a case's submission is never deleted while it is open
        raise LookupError(f"case {case.id} has no submission")
    return submission


def set_status(session: Session, case: Case, status: str, user_id: int) -> None:
    if status not in CASE_STATUSES:
        raise ValueError(status)
    old = case.status
    case.status = status
    case.updated_on = datetime.now(UTC).date()
    record(session, "case_status", actor_id=user_id, object_type="case", object_id=case.id,
           detail={"from": old, "to": status})


def add_note(session: Session, case: Case, user_id: int, body: str) -> CaseNote:
    note = CaseNote(case_id=case.id, author_id=user_id, at=datetime.now(UTC),
                    body=body)
    session.add(note)
    case.updated_on = note.at.date()
    record(session, "case_note", actor_id=user_id, object_type="case", object_id=case.id)
    session.flush()
    return note


def return_to_moderation(session: Session, case: Case, user_id: int) -> None:
    """A false alarm: the submission goes back to the moderators' queue, where its
    flagged text stays hidden until a moderator chooses to reveal it."""
    submission = session.get(Submission, case.submission_id)
    if submission is None or submission.status != "escalated":
        # A withdrawn submission must never come back to the queue (docs/privacy.md#rule-7).
        raise ValueError("only an escalated submission can go back to moderation")
    submission.status = "pending"
    case.status = "closed"
    case.updated_on = datetime.now(UTC).date()
    record(session, "deescalate", actor_id=user_id, object_type="submission",
           object_id=submission.id, detail={"case": case.id})


@disclosure_detected.connect
def _open_case_on_disclosure(submission: Submission, *, session: Session,
                             kinds: list[str]) -> None:
    """A participant's words read as a disclosure of harm: the case opens in the
    same transaction as the submission (docs/privacy.md#rule-8)."""
    open_case(session, submission, "detected: " + ", ".join(kinds))
