"""Publications (frozen summaries served to the public) and the feedback to
participants, "what we did with your views", per age band and language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consult.db import Base


class Publication(Base):
    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the snapshot outlives the purge of raw answers, and even the
    # consultation's archiving (rule 6).
    consultation_id: Mapped[int] = mapped_column(Integer, unique=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # The summary as JSON (docs/summary.schema.json), in every language, frozen;
    # its "quotes" are kept apart, in published_quotes (service.public_summary).
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("consultation_id", "band", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    band: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(5))
    # Markdown written by a chair; rendered through consult.privacy.sanitize only.
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PublishedQuote(Base):
    """One quote of a publication. A row of its own, with the submission it came
    from, so that a withdrawal takes it down at once with one DELETE
    (docs/privacy.md#rule-7), with no read-modify-write of the snapshot that a
    second withdrawal at the same moment could undo."""

    __tablename__ = "published_quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # Never published. No foreign key, as for the publication: it outlives the
    # purge of raw answers. None only for a quote published before sources were
    # kept whose text no longer matched an answer when the database was upgraded.
    submission_id: Mapped[int | None] = mapped_column(Integer, index=True)
    question: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    band: Mapped[str | None] = mapped_column(String(10))
    region: Mapped[str | None] = mapped_column(String(8))
