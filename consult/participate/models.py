"""Submissions, their answers, and drafts in progress.

Privacy (docs/privacy.md#rule-1): a submission carries no address, user agent, cookie id or
time finer than the day it was received. Drafts live in their own table, keyed
by a hash of a token held in the participant's session; when the submission is
sent the draft is deleted, so nothing links the submission to a cookie.

Each answer of a draft is a row of its own (draft_answers, one per question):
two tabs answering different questions at the same instant each write their
own row, where a whole-draft read-modify-write would let the later one erase
the earlier one's answer.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.db import Base

SUBMISSION_STATUSES = ("pending", "approved", "rejected", "escalated", "withdrawn")


class Submission(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_consultation_status", "consultation_id", "status", "id"),
        # The moderation queue pages through pending submissions by id (keyset).
        Index("ix_submissions_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"))
    band: Mapped[str] = mapped_column(String(10))
    region: Mapped[str | None] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(5))
    received_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    quote_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Given in a live session during the meeting: exports and results say so.
    given_live: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # What the detectors found in any answer, so the queue can filter by it.
    flag_pii: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_disclosure: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_abuse: Mapped[bool] = mapped_column(Boolean, default=False)
    # A moderator's claim, so two never decide the same submission at once.
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    reject_reason: Mapped[str | None] = mapped_column(String(30))
    reject_note: Mapped[str | None] = mapped_column(Text)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="Answer.question_id")


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("submission_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    # Choice answers: the option keys chosen.
    choices: Mapped[list[str] | None] = mapped_column(JSON)
    # Text answers: as typed, and the copy with personal data masked (docs/privacy.md#rule-4).
    text_original: Mapped[str | None] = mapped_column(Text)
    text_redacted: Mapped[str | None] = mapped_column(Text)
    # {"pii": [{kind, start, end}], "disclosure": [kinds], "abuse": bool}
    flags: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The spans a moderator confirmed: [{"kind", "start", "end"}]; None until decided.
    redactions: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # Quotable only where the participant consented; maybe confirmed by a second moderator.
    quotable: Mapped[bool] = mapped_column(Boolean, default=False)
    quote_marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    quote_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    submission: Mapped[Submission] = relationship(back_populates="answers")


class Draft(Base):
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    # band, lang, region, group_id, assent, quote_consent; the answers are rows.
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Day only, so stale drafts can be purged without keeping a timestamp.
    touched_on: Mapped[date] = mapped_column(Date, index=True)
    # The submission being edited through /return, if any.
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"))

    answer_rows: Mapped[list[DraftAnswer]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin")

    @property
    def answers(self) -> dict[str, Any]:
        """{question_key: value}, as the participant left each answer."""
        return {row.question_key: row.value for row in self.answer_rows}


class DraftAnswer(Base):
    __tablename__ = "draft_answers"
    __table_args__ = (UniqueConstraint("draft_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(60))
    # The option key(s) chosen, or the text as typed.
    value: Mapped[Any] = mapped_column(JSON, nullable=False)
