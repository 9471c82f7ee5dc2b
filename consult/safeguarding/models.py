"""Safeguarding cases: one per escalated submission, with notes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.db import Base

CASE_STATUSES = ("open", "referred", "closed")


class Case(Base):
    __tablename__ = "safeguarding_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    # Why it was escalated: "detected" (kinds found) or a moderator's escalation.
    reason: Mapped[str] = mapped_column(String(200))
    # Days only: a case is opened the moment a participant sends, so an exact
    # time here would date the submission finer than its day (docs/privacy.md#rule-1).
    opened_on: Mapped[date] = mapped_column(Date)
    updated_on: Mapped[date] = mapped_column(Date)

    notes: Mapped[list[CaseNote]] = relationship(order_by="CaseNote.id",
                                                 cascade="all, delete-orphan")


class CaseNote(Base):
    __tablename__ = "safeguarding_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("safeguarding_cases.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    body: Mapped[str] = mapped_column(Text)


class Alert(Base):
    """One email to one safeguarding lead saying that a case opened: an outbox row,
    written in the same transaction as the case, so an alert exists exactly when
    its case does, and sent after the commit (consult.safeguarding.alerts).

    Days only, as for the case (docs/privacy.md#rule-1): the alert is queued as the
    participant sends. `claimed_until` is a short lease held only while a sender
    is talking to the mail server, cleared when it is done."""

    __tablename__ = "safeguarding_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("safeguarding_cases.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    queued_on: Mapped[date] = mapped_column(Date)
    sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The kind of the last failure ("SMTPConnectError", "not configured"): never
    # a message from the server, which could echo an address.
    last_error: Mapped[str | None] = mapped_column(String(80), nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                           nullable=True)
