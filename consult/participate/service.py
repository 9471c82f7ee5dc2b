"""The participant journey: drafts, answers, sending, coming back, withdrawing.

Plain functions on a session; no Flask. Answers are saved to the draft on every
step, so Back, a timed-out page or a closed tab never loses what was typed.

Sending claims the draft with one conditional DELETE and checks that it removed
the row: of two sends of one draft at the same instant (a double click, two
tabs, a reload), the database lets exactly one through, and the other learns
it was too late instead of storing a second submission.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from consult.consultations.cache import REVISION_COLUMNS, ConsultationSnapshot, QuestionSnapshot
from consult.consultations.definition import ConsultationInUseError
from consult.consultations.models import TEXT_KINDS, Consultation, Question
from consult.detect.pii import Span, redact
from consult.detect.scan import scan_text
from consult.participate.models import Answer, Draft, DraftAnswer, Submission
from consult.privacy import codes
from consult.signals import (
    answers_rewritten,
    consultation_replacing,
    disclosure_detected,
    submission_withdrawn,
)

Value = list[str] | str
# The journey works from a worker's cached snapshot; the CLI and the demo from rows.
AnyConsultation = Consultation | ConsultationSnapshot
AnyQuestion = Question | QuestionSnapshot


class DraftNotFoundError(LookupError):
    pass


class SubmissionLockedError(Exception):
    """The submission can no longer be changed (withdrawn, or the consultation closed)."""


class DraftAlreadySentError(Exception):
    """Another request sent (or withdrew) this draft first."""


@dataclass
class Sent:
    submission: Submission
    code: str
    disclosures: list[str]


@dataclass
class OpenDraft:
    """A draft as a page read it: plain values, written back with Core statements."""

    id: int
    consultation_id: int
    state: dict[str, Any]
    touched_on: date
    submission_id: int | None
    answers: dict[str, Any]


_CONSULTATIONS = Consultation.__table__
_DRAFTS = Draft.__table__
_DRAFT_ANSWERS = DraftAnswer.__table__
_DRAFT_COLUMNS = (_DRAFTS.c.id.label("draft_id"), _DRAFTS.c.consultation_id, _DRAFTS.c.state,
                  _DRAFTS.c.touched_on, _DRAFTS.c.submission_id, _DRAFT_ANSWERS.c.question_key,
                  _DRAFT_ANSWERS.c.value)
# Built once, like every statement below: each page of the journey runs them,
# and building one cost as much as running it.
# One round trip for what every page needs: the consultation's revision (for
# the worker's cached copy) and the participant's draft with its answers, one
# row per answer (a draft with no answer yet still gives one row).
_PAGE = (select(*REVISION_COLUMNS, *_DRAFT_COLUMNS)
         .select_from(_CONSULTATIONS
                      .outerjoin(_DRAFTS, (_DRAFTS.c.consultation_id == _CONSULTATIONS.c.id)
                                 & (_DRAFTS.c.token_hash == bindparam("token_hash")))
                      .outerjoin(_DRAFT_ANSWERS, _DRAFT_ANSWERS.c.draft_id == _DRAFTS.c.id))
         .where(_CONSULTATIONS.c.slug == bindparam("slug")))
_DRAFT = (select(*_DRAFT_COLUMNS)
          .select_from(_DRAFTS.outerjoin(_DRAFT_ANSWERS,
                                         _DRAFT_ANSWERS.c.draft_id == _DRAFTS.c.id))
          .where(_DRAFTS.c.token_hash == bindparam("token_hash")))
_SET_STATE = (update(_DRAFTS).where(_DRAFTS.c.id == bindparam("draft"))
              .values(state=bindparam("state"), touched_on=bindparam("today")))
_TOUCH = (update(_DRAFTS).where(_DRAFTS.c.id == bindparam("draft"))
          .values(touched_on=bindparam("today")))
_DISCARD = delete(_DRAFTS).where(_DRAFTS.c.id == bindparam("draft"))
_CLEAR = delete(_DRAFT_ANSWERS).where((_DRAFT_ANSWERS.c.draft_id == bindparam("draft"))
                                      & (_DRAFT_ANSWERS.c.question_key == bindparam("key")))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _draft_from(rows: list[Any]) -> OpenDraft | None:
    first = rows[0] if rows else None
    if first is None or first.draft_id is None:
        return None
    return OpenDraft(id=first.draft_id, consultation_id=first.consultation_id,
                     state=first.state, touched_on=first.touched_on,
                     submission_id=first.submission_id,
                     answers={r.question_key: r.value for r in rows
                              if r.question_key is not None})


def read_page(session: Session, slug: str, token: str | None) -> tuple[Any, OpenDraft | None]:
    """The consultation's (id, revision, status) row, or None if no consultation
    has that slug, and the draft of `token` in it, or None: in one query."""
    rows = session.connection().execute(
        _PAGE, {"slug": slug, "token_hash": _token_hash(token) if token else ""}).all()
    if not rows:
        return None, None
    return rows[0], _draft_from(rows)


def start_draft(session: Session, consultation: AnyConsultation, *, band: str, lang: str,
                region: str | None, today: date, country: str | None = None) -> str:
    token = secrets.token_urlsafe(24)
    # The country lives only here, for the helplines after sending; the
    # submission gets the region (docs/privacy.md#rule-2); the draft goes at send.
    state = {"band": band, "lang": lang, "region": region, "country": country,
             "group_id": None, "assent": False, "quote_consent": False}
    session.connection().execute(insert(_DRAFTS).values(
        token_hash=_token_hash(token), consultation_id=consultation.id, state=state,
        touched_on=today))
    return token


def one_line_break(text: str) -> str:
    """Line breaks as one LF each. Browsers send a textarea's breaks as CRLF but
    count them as one character in the page, where moderators select text to
    redact: stored answers use the page's count, so offsets mean the same
    characters on both sides."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_draft(session: Session, consultation: AnyConsultation, token: str | None) -> OpenDraft:
    if not token:
        raise DraftNotFoundError
    draft = _draft_from(session.connection().execute(
        _DRAFT, {"token_hash": _token_hash(token)}).all())
    if draft is None or draft.consultation_id != consultation.id:
        raise DraftNotFoundError
    return draft


def update_draft(session: Session, draft: OpenDraft, today: date, **changes: Any) -> None:
    state = {**draft.state, **changes}
    if state == draft.state and draft.touched_on == today:
        return
    session.connection().execute(_SET_STATE, {"draft": draft.id, "state": state,
                                              "today": today})
    draft.state, draft.touched_on = state, today


def discard_draft(session: Session, draft: OpenDraft) -> None:
    """The participant said no thanks: the draft and its answers go."""
    session.connection().execute(_DISCARD, {"draft": draft.id})


def save_answer(session: Session, draft: OpenDraft, question: AnyQuestion, value: Value | None,
                today: date) -> None:
    """Write this one answer's row and nothing else, so a page saving another
    question at the same instant keeps its answer too; and never into a draft
    another tab has just sent."""
    if isinstance(value, list):
        value = [v for v in value if v]
    elif isinstance(value, str) and not value.strip():
        value = None
    params = {"draft": draft.id, "key": question.key, "today": today}
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # One statement: it first touches the draft's row, whose lock makes a
        # send in progress wait for this answer (or this answer wait for the
        # send, then find no row and write nothing).
        statement = _PG_CLEAR if value in (None, "", []) else _PG_UPSERT
        connection.execute(statement, {**params, "value": value})
        return
    # SQLite runs one writer at a time, so each statement is whole: the answer
    # is written only while its draft is there, then the draft touched, if not
    # already today (it is read on every page, so that is rarely a write).
    if value in (None, "", []):
        connection.execute(_CLEAR, params)
    else:
        connection.execute(_SQLITE_UPSERT, {**params, "value": value})
    if draft.touched_on != today:
        connection.execute(_TOUCH, params)
        draft.touched_on = today


def _upsert_from(dialect: Any, draft_id: Any, where: Any = None) -> Any:
    """INSERT ... SELECT ... ON CONFLICT (draft_id, question_key) DO UPDATE: atomic
    on both databases, where a SELECT then INSERT would race with a second tab."""
    rows = select(draft_id, bindparam("key", type_=_DRAFT_ANSWERS.c.question_key.type),
                  bindparam("value", type_=_DRAFT_ANSWERS.c.value.type))
    stmt = dialect.insert(_DRAFT_ANSWERS).from_select(
        ["draft_id", "question_key", "value"], rows if where is None else rows.where(where))
    return stmt.on_conflict_do_update(index_elements=["draft_id", "question_key"],
                                      set_={"value": stmt.excluded.value})


_PG_TOUCHED = (update(_DRAFTS).where(_DRAFTS.c.id == bindparam("draft"))
               .values(touched_on=bindparam("today")).returning(_DRAFTS.c.id).cte("touched"))
_PG_UPSERT = _upsert_from(postgresql, _PG_TOUCHED.c.id)
_PG_CLEAR = (delete(_DRAFT_ANSWERS)
             .where(_DRAFT_ANSWERS.c.draft_id.in_(select(_PG_TOUCHED.c.id)))
             .where(_DRAFT_ANSWERS.c.question_key == bindparam("key")))
# (SQLite needs the WHERE: without one, "FROM drafts ON CONFLICT" reads as a join.)
_SQLITE_UPSERT = _upsert_from(sqlite, _DRAFTS.c.id, _DRAFTS.c.id == bindparam("draft"))


def _claim(session: Session, draft: OpenDraft) -> dict[str, Any]:
    """The draft's state and answers, once its row is deleted by this request.

    The answers were read with the draft; then the DELETE is the claim: the
    second of two concurrent sends waits for the first to commit, then deletes
    nothing."""
    state = {**draft.state, "answers": draft.answers}
    result = session.connection().execute(_DISCARD, {"draft": draft.id})
    if result.rowcount != 1:
        raise DraftAlreadySentError
    return state


def _answer_rows(consultation: AnyConsultation, state: dict[str, Any],
                 region: str | None) -> tuple[list[Answer], dict[str, Any]]:
    rows: list[Answer] = []
    disclosures: set[str] = set()
    pii = abuse = False
    for question in consultation.questions:
        value = state.get("answers", {}).get(question.key)
        if value in (None, "", []):
            continue
        if question.kind in TEXT_KINDS:
            text = one_line_break(str(value))
            found = scan_text(text, state.get("lang"), region)
            spans = [Span(**span) for span in found["pii"]]
            disclosures.update(found["disclosure"])
            pii = pii or bool(spans)
            abuse = abuse or bool(found["abuse"])
            # docs/privacy.md#rule-4: the redacted copy is what leaves moderation. The flags keep
            # only where each span is, not its text, so the personal data is
            # stored once (in the original) and goes when the original is purged.
            flags = {"pii": [s.stored() for s in spans],
                     "disclosure": list(found["disclosure"]), "abuse": bool(found["abuse"])}
            rows.append(Answer(question_id=question.id, text_original=text,
                               text_redacted=redact(text, spans), flags=flags))
        else:
            chosen = value if isinstance(value, list) else [value]
            rows.append(Answer(question_id=question.id, choices=[str(v) for v in chosen]))
    return rows, {"disclosure": sorted(disclosures), "pii": pii, "abuse": abuse}


def _set_flags(submission: Submission, found: dict[str, Any]) -> None:
    submission.flag_pii = found["pii"]
    submission.flag_abuse = found["abuse"]
    submission.flag_disclosure = bool(found["disclosure"])


def _escalate_if_disclosed(session: Session, submission: Submission,
                           found: dict[str, Any]) -> None:
    # docs/privacy.md#rule-8: a likely disclosure goes straight to the safeguarding role.
    if found["disclosure"]:
        _send_to_receivers(disclosure_detected, submission, session=session,
                           kinds=list(found["disclosure"]))


def send(session: Session, consultation: AnyConsultation, draft: OpenDraft, *, secret: str,
         today: date, token: str | None = None, nonce: str | None = None) -> Sent:
    """Claim the draft and store its submission. With the draft's token and the
    send form's nonce the code is derived (codes.code_for_send), so a second
    request for the same send can show it again (sent_before)."""
    # The draft goes: nothing keeps the session's token next to the submission
    # (docs/privacy.md#rule-1).
    state = _claim(session, draft)
    code = codes.code_for_send(secret, token, nonce) if token and nonce else None
    return submit(session, consultation, state, secret=secret, today=today, code=code)


def sent_before(session: Session, consultation: AnyConsultation, *, secret: str,
                token: str | None, nonce: str | None) -> Sent | None:
    """What the request that did send this draft from this page showed, or None
    if no submission came of it (or the page is too old to tell)."""
    code = codes.code_for_send(secret, token, nonce) if token and nonce else None
    submission = find_by_code(session, secret, code) if code else None
    if (submission is None or submission.consultation_id != consultation.id
            or submission.status == "withdrawn"):
        return None
    disclosures = sorted({kind for a in submission.answers
                          for kind in (a.flags or {}).get("disclosure", [])})
    return Sent(submission, codes.group(code), disclosures)  # type: ignore[arg-type]


def submit(session: Session, consultation: AnyConsultation, state: dict[str, Any], *,
           secret: str, today: date, code: str | None = None) -> Sent:
    """Store a whole submission from a journey's state (band, lang, region, answers...)."""
    # The country, when given, tells the detector how local phone numbers look.
    hint = state.get("country") or state.get("region")
    answers, found = _answer_rows(consultation, state, hint)
    code = code or codes.new_code()
    submission = Submission(
        consultation_id=consultation.id, band=state["band"], region=state.get("region"),
        language=state["lang"], received_on=today, code_hash=codes.code_hash(secret, code),
        group_id=state.get("group_id"), quote_consent=bool(state.get("quote_consent")),
        status="pending")
    submission.answers = answers
    _set_flags(submission, found)
    session.add(submission)
    session.flush()
    _escalate_if_disclosed(session, submission, found)
    return Sent(submission, codes.group(code), found["disclosure"])


def find_by_code(session: Session, secret: str, code: str) -> Submission | None:
    if len(codes.normalise(code)) != codes.RETURN_CODE_DIGITS:
        return None
    return session.scalar(select(Submission).where(
        Submission.code_hash == codes.code_hash(secret, code)))


def can_change(submission: Submission, consultation: AnyConsultation, now: datetime) -> bool:
    # Answers given live were heard in the room as they were: they can be taken
    # back (withdrawn) but not rewritten afterwards.
    return (submission.status != "withdrawn" and not submission.given_live
            and consultation.is_open_at(now))


def draft_for_edit(session: Session, consultation: AnyConsultation, submission: Submission,
                   now: datetime) -> str:
    if not can_change(submission, consultation, now):
        raise SubmissionLockedError
    by_id = {q.id: q for q in consultation.questions}
    answers: dict[str, Value] = {}
    for answer in submission.answers:
        question = by_id[answer.question_id]
        if question.kind in TEXT_KINDS:
            answers[question.key] = answer.text_original or ""
        elif question.kind == "multiple_choice":
            answers[question.key] = list(answer.choices or [])
        else:
            answers[question.key] = (answer.choices or [""])[0]
    token = secrets.token_urlsafe(24)
    state = {"band": submission.band, "lang": submission.language, "region": submission.region,
             "group_id": submission.group_id, "assent": True,
             "quote_consent": submission.quote_consent}
    draft = Draft(token_hash=_token_hash(token), consultation_id=consultation.id,
                  state=state, touched_on=now.date(), submission_id=submission.id)
    draft.answer_rows = [DraftAnswer(question_key=k, value=v) for k, v in answers.items()]
    session.add(draft)
    session.flush()
    return token


def save_edit(session: Session, consultation: AnyConsultation, draft: OpenDraft,
              now: datetime) -> Sent:
    submission = session.get(Submission, draft.submission_id)
    if submission is None or not can_change(submission, consultation, now):
        raise SubmissionLockedError
    # A withdrawal deletes the submission's edit drafts first (withdraw), so
    # whichever of the two claims the draft first, the other finds it gone.
    state = _claim(session, draft)
    answers, found = _answer_rows(consultation, state, submission.region)
    _replace_answers(session, submission, answers)
    submission.quote_consent = bool(state.get("quote_consent"))
    _set_flags(submission, found)
    # Changed answers are moderated again; an escalation is never undone here.
    if submission.status != "escalated":
        submission.status = "pending"
        submission.decided_by_id = None
        _escalate_if_disclosed(session, submission, found)
    session.flush()
    return Sent(submission, "", found["disclosure"])


def _replace_answers(session: Session, submission: Submission, fresh: list[Answer]) -> None:
    """Put the edited answers in place of the old ones.

    An answer the participant left as it was keeps its row, and with it its
    theme tags and a moderator's redactions; a changed answer is rewritten and
    loses its tags (they described the old words); a cleared one goes. Quote
    marks go everywhere: the submission is moderated again."""
    rewritten = []
    by_question = {a.question_id: a for a in fresh}
    for old in list(submission.answers):
        new = by_question.pop(old.question_id, None)
        old.quotable = False
        old.quote_marked_by_id = old.quote_confirmed_by_id = None
        if new is None:
            submission.answers.remove(old)
        elif (old.choices, old.text_original) != (new.choices, new.text_original):
            old.choices, old.text_original = new.choices, new.text_original
            old.text_redacted, old.flags = new.text_redacted, new.flags
            old.redactions = None
            rewritten.append(old.id)
    submission.answers.extend(by_question.values())
    if rewritten:
        _send_to_receivers(answers_rewritten, submission, session=session,
                           answer_ids=rewritten)


def withdraw(session: Session, submission: Submission) -> None:
    """docs/privacy.md#rule-7: the answers are deleted, the submission leaves every export, its
    quotes leave the published results and any edit draft of it goes, at once.

    The edit drafts go first: their DELETE waits for an edit being saved at the
    same moment to commit, so the answers deleted next include what it wrote."""
    session.execute(delete(Draft).where(Draft.submission_id == submission.id)
                    .execution_options(synchronize_session=False))
    _send_to_receivers(submission_withdrawn, submission, session=session)
    session.execute(delete(Answer).where(Answer.submission_id == submission.id))
    session.expire(submission, ["answers"])
    submission.status = "withdrawn"
    submission.quote_consent = False
    session.flush()


def purge_stale_drafts(session: Session, before: date) -> int:
    result = session.execute(delete(Draft).where(Draft.touched_on < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _send_to_receivers(signal: Any, sender: Any, **kwargs: Any) -> None:
    """Send a signal that must be heard: a disclosure nobody receives would leave
    a child's request for help unread (docs/privacy.md#rule-8), so a missing
    receiver is an error, never a silent no-op."""
    if not signal.receivers:
        raise RuntimeError(f"nothing receives the {signal.name!r} signal")
    signal.send(sender, **kwargs)


def draft_exists(session: Session, draft_id: int) -> bool:
    """Whether the draft is still there (a concurrent send deletes it)."""
    return session.scalar(select(Draft.id).where(Draft.id == draft_id)) is not None


@consultation_replacing.connect
def _refuse_to_replace_answered(consultation: Consultation, *, session: Session) -> None:
    """Replacing a consultation deletes it: never one that holds answers."""
    if session.scalar(select(Submission.id).where(
            Submission.consultation_id == consultation.id).limit(1)) is not None:
        raise ConsultationInUseError(consultation.slug)


@dataclass(frozen=True)
class _OneQuestion:
    questions: tuple[AnyQuestion, ...]


def add_answer(session: Session, submission: Submission, question: AnyQuestion,
               value: Value) -> tuple[Answer, list[str]]:
    """Add one more answer to a stored submission, as a live session does for each
    question the chair puts. The same scan as a sent journey; the submission is
    moderated again and escalated if the new text looks like a disclosure."""
    state = {"lang": submission.language, "answers": {question.key: value}}
    rows, found = _answer_rows(_OneQuestion((question,)), state,  # type: ignore[arg-type]
                               submission.region)
    if not rows:
        raise ValueError("an empty answer")
    answer = rows[0]
    submission.answers.append(answer)
    submission.flag_pii = submission.flag_pii or found["pii"]
    submission.flag_abuse = submission.flag_abuse or found["abuse"]
    submission.flag_disclosure = submission.flag_disclosure or bool(found["disclosure"])
    if submission.status != "escalated":
        submission.status = "pending"
        submission.decided_by_id = None
        _escalate_if_disclosed(session, submission, found)
    session.flush()
    return answer, found["disclosure"]
