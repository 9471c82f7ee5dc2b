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
    # The whole summary as JSON (docs/summary.schema.json), in every language.
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
