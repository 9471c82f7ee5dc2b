"""Live sessions: the chair's steps, participants' answers, the live queue.

Plain functions on a session; no Flask. A live answer is an ordinary answer on
an ordinary submission of the same consultation, made by the participate
service, so it is scanned, moderated, escalated, exported and withdrawn like
any other (one pipeline). What the room screen shows is in screen.py; the
phones' poll in poll.py.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.consultations.cache import ConsultationSnapshot, QuestionSnapshot
from consult.consultations.models import Consultation
from consult.live.models import LiveSession, LiveText
from consult.participate import service as participate
from consult.participate.models import Answer, Draft, Submission
from consult.privacy.disclosure import effective_k

JOIN_CODE_DIGITS = 6
# Consultations whose live session may run: during the meeting the window for
# answers before it has often closed; a published result is not changed any more.
LIVE_STATUSES = ("open", "closed")


class LiveError(Exception):
    pass


class NoLiveQuestionsError(LiveError):
    pass


class LiveSessionActiveError(LiveError):
    """The consultation already has a session that has not ended."""


class NotLiveError(LiveError):
    """The consultation is not in a state where a live session may run."""


class AnswersClosedError(LiveError):
    """The question is not (or no longer) the one taking answers."""


class AlreadyAnsweredError(LiveError):
    pass


class LiveSessionNotFoundError(LookupError):
    pass


@dataclass
class LiveAnswer:
    code: str | None  # the return code, on a participant's first live answer only
    disclosures: list[str]


# --- finding a session ------------------------------------------------------

def active_session(session: Session, consultation_id: int) -> LiveSession | None:
    return session.scalar(select(LiveSession).where(
        LiveSession.consultation_id == consultation_id, LiveSession.state != "ended"))


def session_for_slug(session: Session, slug: str) -> LiveSession:
    live = session.scalar(select(LiveSession).join(
        Consultation, Consultation.id == LiveSession.consultation_id).where(
        Consultation.slug == slug, LiveSession.state != "ended"))
    if live is None:
        raise LiveSessionNotFoundError(slug)
    return live


def slug_for_code(session: Session, code: str) -> str | None:
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) != JOIN_CODE_DIGITS:
        return None
    return session.scalar(select(Consultation.slug).join(
        LiveSession, LiveSession.consultation_id == Consultation.id).where(
        LiveSession.join_code == digits, LiveSession.state != "ended"))


def live_questions(consultation: Consultation | ConsultationSnapshot) -> list[Any]:
    if isinstance(consultation, ConsultationSnapshot):
        return list(consultation.live_questions)
    return sorted((q for q in consultation.questions if q.live_order is not None),
                  key=lambda q: q.live_order or 0)


def current_question(consultation: ConsultationSnapshot,
                     live: LiveSession) -> tuple[int, QuestionSnapshot] | None:
    for q in consultation.live_questions:
        if q.id == live.question_id:
            return q.live_order or 0, q
    return None


# --- the chair's steps (each audited, rule 9) -------------------------------

def open_session(session: Session, consultation: Consultation, *, screen_lang: str,
                 with_key: bool, actor_id: int | None, actor_label: str | None = None
                 ) -> LiveSession:
    if not live_questions(consultation):
        raise NoLiveQuestionsError(consultation.slug)
    if consultation.status not in LIVE_STATUSES:
        raise NotLiveError(consultation.status)
    if active_session(session, consultation.id) is not None:
        raise LiveSessionActiveError(consultation.slug)
    lang = screen_lang if screen_lang in consultation.languages else consultation.languages[0]
    live = LiveSession(consultation_id=consultation.id, join_code=_free_join_code(session),
                       screen_key=secrets.token_urlsafe(16) if with_key else None,
                       screen_lang=lang, state="waiting", step=1, answers_seen=0)
    session.add(live)
    session.flush()
    _audit(session, "live.open", live, actor_id, {"screen_key": with_key, "lang": lang},
           actor_label)
    return live


def _free_join_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice("0123456789") for _ in range(JOIN_CODE_DIGITS))
        if session.scalar(select(LiveSession.id).where(LiveSession.join_code == code)) is None:
            return code


def show_question(session: Session, live: LiveSession, consultation: Consultation, n: int,
                  actor_id: int) -> None:
    questions = live_questions(consultation)
    if not 1 <= n <= len(questions):
        raise LookupError(n)
    _step(session, live, "live.show", actor_id, state="open", question_id=questions[n - 1].id,
          detail={"n": n})


def close_answers(session: Session, live: LiveSession, actor_id: int) -> None:
    if live.question_id is None:
        raise AnswersClosedError
    _step(session, live, "live.close", actor_id, state="closed")


def show_results(session: Session, live: LiveSession, actor_id: int) -> None:
    """Show the current question's counts. The first time is the only count
    taken: shown again after more answers, a second table would let anyone who
    watched those people answer subtract it from the first
    (docs/privacy.md#rule-5). Later answers still reach the summary and exports."""
    if live.question_id is None:
        raise AnswersClosedError
    frozen = dict(live.results or {})
    if str(live.question_id) not in frozen:
        frozen[str(live.question_id)] = dict(tally(session, live, live.question_id))
        live.results = frozen
    _step(session, live, "live.results", actor_id, state="results")


# Statuses whose answers count on the screen. An escalated submission still
# counts, so that a count going down never hints at a disclosure.
COUNTED = ("pending", "approved", "escalated")


def tally(session: Session, live: LiveSession, question_id: int) -> Counter[str]:
    """Choices made on the question so far (for a text question: '' per answer)."""
    rows = session.execute(
        select(Answer.choices).join(Submission, Submission.id == Answer.submission_id)
        .where(Answer.question_id == question_id,
               Submission.consultation_id == live.consultation_id,
               Submission.given_live.is_(True), Submission.status.in_(COUNTED)))
    counted: Counter[str] = Counter()
    for (choices,) in rows:
        for choice in choices or [""]:
            counted[choice] += 1
    return counted


def end_session(session: Session, live: LiveSession, actor_id: int) -> None:
    _step(session, live, "live.end", actor_id, state="ended")
    # A participant's session token links to their live submission only while
    # the session runs; afterwards nothing ties a cookie to it (rule 1).
    given_live = select(Submission.id).where(
        Submission.consultation_id == live.consultation_id, Submission.given_live.is_(True))
    session.execute(update(Draft).where(Draft.submission_id.in_(given_live))
                    .values(submission_id=None).execution_options(synchronize_session=False))
    session.flush()


def _step(session: Session, live: LiveSession, action: str, actor_id: int,
          detail: dict[str, Any] | None = None, **values: Any) -> None:
    if live.state == "ended":
        raise AnswersClosedError
    for name, value in values.items():
        setattr(live, name, value)
    live.step += 1
    session.flush()
    _audit(session, action, live, actor_id, {"state": live.state, **(detail or {})})


def _audit(session: Session, action: str, live: LiveSession, actor_id: int | None,
           detail: dict[str, Any], actor_label: str | None = None) -> None:
    record(session, action, actor_id=actor_id, actor_label=actor_label,
           object_type="live_session", object_id=live.id,
           detail={"consultation_id": live.consultation_id, **detail})


# --- a participant's answers --------------------------------------------------

def answered(session: Session, draft: participate.OpenDraft, question_id: int) -> bool:
    if draft.submission_id is None:
        return False
    return session.scalar(select(Answer.id).where(
        Answer.submission_id == draft.submission_id,
        Answer.question_id == question_id)) is not None


def answer(session: Session, live: LiveSession, consultation: ConsultationSnapshot,
           draft: participate.OpenDraft, question_id: int, value: participate.Value, *, secret: str,
           today: date) -> LiveAnswer:
    """Store one live answer; raise AnswersClosedError or AlreadyAnsweredError.

    The participant's first live answer makes their submission (and its return
    code, shown once, rule 3); later ones are added to it."""
    found = current_question(consultation, live)
    if live.state != "open" or found is None or found[1].id != question_id:
        raise AnswersClosedError
    question = found[1]
    submission = session.get(Submission, draft.submission_id) if draft.submission_id else None
    code = None
    if submission is None or submission.status == "withdrawn":
        sent = participate.submit(session, consultation, {**draft.state, "answers": {}},
                                  secret=secret, today=today)
        submission, code = sent.submission, sent.code
        submission.given_live = True
        # Taken with a conditional UPDATE, so two answers sent at once from one
        # phone make one submission, not two.
        before = draft.submission_id
        still = Draft.submission_id.is_(None) if before is None else \
            Draft.submission_id == before
        taken = session.execute(
            update(Draft).where(Draft.id == draft.id, still)
            .values(submission_id=submission.id, touched_on=today)
            .execution_options(synchronize_session=False))
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            raise AlreadyAnsweredError
        draft.submission_id = submission.id
    try:
        with session.begin_nested():
            row, disclosures = participate.add_answer(session, submission, question, value)
    except IntegrityError:
        raise AlreadyAnsweredError from None
    if question.kind == "short_text" and submission.status != "escalated":
        session.add(LiveText(live_session_id=live.id, answer_id=row.id, status="pending"))
    # A counter, not a rebuild: the screen follows within a second (REBUILD_EVERY).
    session.execute(update(LiveSession).where(LiveSession.id == live.id)
                    .values(answers_seen=LiveSession.answers_seen + 1)
                    .execution_options(synchronize_session=False))
    session.flush()
    return LiveAnswer(code, disclosures)


# --- the moderators' live queue -------------------------------------------------

def pending_texts(session: Session, live: LiveSession) -> list[tuple[LiveText, Answer]]:
    """Short texts waiting for the screen, newest first. Escalated ones never
    appear: only the safeguarding role reads them (rule 8)."""
    rows = session.execute(
        select(LiveText, Answer).join(Answer, Answer.id == LiveText.answer_id)
        .join(Submission, Submission.id == Answer.submission_id)
        .where(LiveText.live_session_id == live.id, LiveText.status == "pending",
               Submission.status.in_(("pending", "approved")))
        .order_by(LiveText.id.desc()).limit(100))
    return [(t, a) for t, a in rows]


def decide_text(session: Session, live: LiveSession, text_id: int, *, show: bool,
                actor_id: int, k: int) -> LiveText:
    text = session.get(LiveText, text_id)
    if text is None or text.live_session_id != live.id:
        raise LookupError(text_id)
    done = session.execute(
        update(LiveText).where(LiveText.id == text_id, LiveText.status == "pending")
        .values(status="shown" if show else "rejected", decided_by_id=actor_id)
        .execution_options(synchronize_session=False))
    session.refresh(text)
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise AlreadyAnsweredError  # another moderator decided it first
    record(session, "live.text_shown" if show else "live.text_rejected", actor_id=actor_id,
           object_type="answer", object_id=text.answer_id,
           detail={"live_session_id": live.id})
    if show:
        _release(session, live, text, k)
    session.flush()
    return text


def held_texts(session: Session, live: LiveSession) -> int:
    """Approved texts waiting for enough others to go on the screen with them."""
    return session.scalar(select(func.count(LiveText.id)).where(
        LiveText.live_session_id == live.id, LiveText.status == "shown",
        LiveText.batch.is_(None))) or 0


def _release(session: Session, live: LiveSession, text: LiveText, k: int) -> None:
    """Put approved texts on the screen k at a time, never one by one.

    A text that appeared on its own a few seconds after someone in the room
    tapped Send would point at its writer; in a release of k texts, each could
    be any of k people's (docs/privacy.md#rule-5). The screen lists a release
    in the texts' own order, not the order they came in. Fewer than k left
    when the question moves on stay off the screen; they are in the summary
    and exports like every answer."""
    question_id = session.scalar(select(Answer.question_id).where(Answer.id == text.answer_id))
    held = session.scalars(
        select(LiveText).join(Answer, Answer.id == LiveText.answer_id)
        .where(LiveText.live_session_id == live.id, LiveText.status == "shown",
               LiveText.batch.is_(None), Answer.question_id == question_id)
        .with_for_update()).all()
    if len(held) < effective_k(k):
        return
    # One release at a time: the row lock makes a second moderator's release wait.
    session.execute(update(LiveSession).where(LiveSession.id == live.id)
                    .values(feed_batch=LiveSession.feed_batch + 1)
                    .execution_options(synchronize_session=False))
    session.refresh(live, ["feed_batch"])
    for row in held:
        row.batch = live.feed_batch
