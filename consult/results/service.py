"""Publishing a consultation, the feedback to participants, and the purge of
raw free text after publication (docs/privacy.md#rule-5, docs/privacy.md#rule-6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.consultations.models import Consultation
from consult.consultations.readiness import open_problems
from consult.meetings.models import Meeting
from consult.participate.models import Answer, Draft, Submission
from consult.participate.service import purge_stale_drafts
from consult.results.models import Feedback, Publication, PublishedQuote
from consult.signals import submission_withdrawn
from consult.summarize.service import build

FEEDBACK_MAX = 20_000


class PublishError(Exception):
    pass


class StatusChangeError(Exception):
    pass


def publish(session: Session, consultation: Consultation, user_id: int | None,
            now: datetime) -> Publication:
    """Freeze the summary. Only a closed (or already published) consultation can be."""
    if consultation.status not in ("closed", "published"):
        raise PublishError("close the consultation before publishing it")
    pub = session.scalar(select(Publication).where(
        Publication.consultation_id == consultation.id))
    if pub is not None and pub.purged_at is not None:
        raise PublishError("the raw answers were purged; the snapshot can no longer change")
    sources: list[int] = []
    snapshot = build(session, consultation, today=now.date(), quote_sources=sources)
    quotes, snapshot["quotes"] = snapshot["quotes"], []
    if pub is None:
        pub = Publication(consultation_id=consultation.id, slug=consultation.slug,
                          published_at=now, published_by_id=user_id, snapshot=snapshot)
        session.add(pub)
        session.flush()
    else:
        pub.snapshot, pub.published_at, pub.published_by_id = snapshot, now, user_id
        session.execute(delete(PublishedQuote).where(PublishedQuote.publication_id == pub.id))
    session.add_all(PublishedQuote(publication_id=pub.id, position=i, submission_id=source,
                                   question=q["question"], text=q["text"], band=q["band"],
                                   region=q["region"])
                    for i, (source, q) in enumerate(zip(sources, quotes, strict=False)))
    consultation.status = "published"
    record(session, "publish", actor_id=user_id, object_type="consultation",
           object_id=consultation.id)
    session.flush()
    return pub


def set_status(session: Session, consultation: Consultation, status: str,
               user_id: int | None) -> None:
    allowed = {"draft": {"open"}, "open": {"closed"}, "closed": {"open"},
               "published": {"archived"}}
    if status not in allowed.get(consultation.status, set()):
        raise StatusChangeError(f"{consultation.status} cannot become {status}")
    if status == "open" and consultation.feedback_due_on is None:
        # A consultation cannot open without the date its feedback is due (Lundy: influence).
        raise StatusChangeError("set the date by which feedback will be published first")
    if status == "open" and consultation.status == "draft":
        # A child must never meet a text missing in their language (readiness.py).
        problems = open_problems(consultation, datetime.now(UTC))
        if problems:
            raise StatusChangeError(" ".join(problems))
    old = consultation.status
    consultation.status = status
    record(session, "consultation_status", actor_id=user_id, object_type="consultation",
           object_id=consultation.id, detail={"from": old, "to": status})


def publications(session: Session) -> list[Publication]:
    return list(session.scalars(select(Publication).order_by(Publication.published_at.desc())))


@dataclass
class MeetingResults:
    """The publications of one meeting (None: consultations tied to no meeting)."""

    meeting: Meeting | None
    publications: list[Publication]


def publications_by_meeting(session: Session) -> list[MeetingResults]:
    """Every publication, grouped by the meeting its consultation fed, newest
    first: the meeting whose latest publication is newest leads, and within a
    meeting the newest publication does."""
    rows = session.execute(
        select(Publication, Meeting)
        .outerjoin(Consultation, Consultation.id == Publication.consultation_id)
        .outerjoin(Meeting, Meeting.id == Consultation.meeting_id)
        .order_by(Publication.published_at.desc(), Publication.id.desc()))
    groups: dict[int | None, MeetingResults] = {}
    for pub, meeting in rows:
        key = meeting.id if meeting is not None else None
        groups.setdefault(key, MeetingResults(meeting, [])).publications.append(pub)
    return list(groups.values())


def publication(session: Session, slug: str) -> Publication | None:
    return session.scalar(select(Publication).where(Publication.slug == slug))


def public_summary(session: Session, pub: Publication) -> dict[str, Any]:
    """The published summary as the public sees it: the frozen snapshot with the
    quotes still standing (withdrawn ones are gone, docs/privacy.md#rule-7)."""
    rows = session.scalars(select(PublishedQuote).where(PublishedQuote.publication_id == pub.id)
                           .order_by(PublishedQuote.position))
    quotes = [{"question": q.question, "text": q.text, "band": q.band, "region": q.region}
              for q in rows]
    return {**pub.snapshot, "quotes": quotes}


def shown_bands(summary: dict[str, Any]) -> list[str]:
    """The bands whose number of participants the summary shows (and is not
    zero), when there are two or more of them: only then can the answers be
    shown band by band. A band hidden as small is left out of that view, as
    its cells are hidden too; so is a band nobody was in."""
    shown = [cell["key"] for cell in summary["participation"]["band"] if cell["count"]]
    return shown if len(shown) >= 2 else []


def withdraw_quotes(session: Session, submission_id: int) -> int:
    """Take a withdrawn submission's quotes off every published page, at once.

    The counts stay as published: recounting without one participant would let
    anyone compare the two versions and read what that participant chose
    (docs/privacy.md#rule-5); the results page says so."""
    result = session.execute(delete(PublishedQuote)
                             .where(PublishedQuote.submission_id == submission_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@submission_withdrawn.connect
def _withdraw_quotes_on_withdrawal(submission: Submission, *, session: Session) -> None:
    withdraw_quotes(session, submission.id)


def feedback_for(session: Session, consultation_id: int) -> dict[tuple[str, str], str]:
    rows = session.scalars(select(Feedback).where(Feedback.consultation_id == consultation_id))
    return {(f.band, f.language): f.body for f in rows}


def save_feedback(session: Session, consultation: Consultation, language: str,
                  bodies: dict[str, str], user_id: int, now: datetime) -> None:
    if language not in consultation.languages:
        raise ValueError(language)
    existing = {(f.band, f.language): f for f in session.scalars(
        select(Feedback).where(Feedback.consultation_id == consultation.id))}
    for band, body in bodies.items():
        if band not in consultation.bands:
            raise ValueError(band)
        body = body.strip()[:FEEDBACK_MAX]
        row = existing.get((band, language))
        if row is None and body:
            session.add(Feedback(consultation_id=consultation.id, band=band, language=language,
                                 body=body, updated_at=now))
        elif row is not None and body:
            row.body, row.updated_at = body, now
        elif row is not None:
            session.delete(row)
    record(session, "feedback", actor_id=user_id, object_type="consultation",
           object_id=consultation.id, detail={"language": language})
    session.flush()


def feedback_text(feedback: dict[tuple[str, str], str], band: str, lang: str,
                  fallback: str) -> str:
    return feedback.get((band, lang)) or feedback.get((band, fallback)) or ""


@dataclass
class PurgePlan:
    consultation_id: int
    slug: str
    due: datetime
    answers: int


def purge_plan(session: Session, now: datetime) -> list[PurgePlan]:
    plans = []
    for pub in session.scalars(select(Publication).where(Publication.purged_at.is_(None))):
        consultation = session.get(Consultation, pub.consultation_id)
        if consultation is None:
            continue
        due = pub.published_at + timedelta(days=consultation.retention_days)
        if due.tzinfo is None:  # SQLite hands back naive UTC datetimes
            due = due.replace(tzinfo=UTC)
        if due > now:
            continue
        count = session.scalar(select(func.count()).select_from(
            _texts(consultation.id).subquery())) or 0
        plans.append(PurgePlan(consultation.id, consultation.slug, due, count))
    return plans


def _texts(consultation_id: int) -> Any:
    return (select(Answer.id).join(Submission)
            .where(Submission.consultation_id == consultation_id,
                   Answer.text_original.is_not(None) | Answer.text_redacted.is_not(None)))


def purge(session: Session, now: datetime, *, dry_run: bool = False) -> list[PurgePlan]:
    """docs/privacy.md#rule-6: delete raw free text `retention_days` after publication; the
    publication snapshot stays. Safe to run from cron: it only does what is due."""
    plans = purge_plan(session, now)
    if dry_run:
        return plans
    for plan in plans:
        ids = select(Answer.id).join(Submission).where(
            Submission.consultation_id == plan.consultation_id).scalar_subquery()
        session.execute(update(Answer).where(Answer.id.in_(ids))
                        .where(Answer.text_original.is_not(None)
                               | Answer.text_redacted.is_not(None))
                        .values(text_original=None, text_redacted=None, flags=None,
                                redactions=None)
                        .execution_options(synchronize_session=False))
        session.execute(update(Publication)
                        .where(Publication.consultation_id == plan.consultation_id)
                        .values(purged_at=now).execution_options(synchronize_session=False))
        record(session, "purge", actor_label="cli", object_type="consultation",
               object_id=plan.consultation_id, detail={"answers": plan.answers})
    purge_stale_drafts(session, now.date() - timedelta(days=2))
    session.flush()
    return plans


def stale_drafts(session: Session, now: datetime) -> int:
    return session.scalar(select(func.count()).select_from(Draft).where(
        Draft.touched_on < now.date() - timedelta(days=2))) or 0
