"""A consultation and its questions, with wording per band and per language."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.db import Base
from consult.meetings.models import Meeting

STATUSES = ("draft", "open", "closed", "published", "archived")
KINDS = ("single_choice", "multiple_choice", "emoji_scale", "short_text", "long_text")
CHOICE_KINDS = ("single_choice", "multiple_choice")
TEXT_KINDS = ("short_text", "long_text")
EMOJI_POINTS = ("1", "2", "3", "4", "5")

# A text per language: {"en": "...", "fr": "..."}.
LangText = dict[str, str]
# A text per band then per language: {"default": {"en": ...}, "9-12": {...}}.
BandText = dict[str, LangText]


class ConsultationRules:
    """What a consultation's row and its cached snapshot (consult.consultations.cache) share."""

    languages: list[str]
    independent_age: int
    status: str
    texts: dict[str, Any]
    opens_at: datetime
    closes_at: datetime

    meeting_names: LangText

    def text(self, field: str, lang: str) -> str:
        # The meeting is a Meeting row since issue 12, no longer one of the
        # texts; "meeting" reads its name so every caller of text() is unchanged.
        values: LangText = (self.meeting_names if field == "meeting"
                            else self.texts.get(field)) or {}
        return values.get(lang) or values.get(self.languages[0]) or ""

    def band_needs_group(self, band: str) -> bool:
        return band_min_age(band) < self.independent_age

    def is_open_at(self, now: datetime) -> bool:
        return self.status == "open" and self.opens_at_utc <= now < self.closes_at_utc

    @property
    def opens_at_utc(self) -> datetime:
        return as_utc(self.opens_at)

    @property
    def closes_at_utc(self) -> datetime:
        return as_utc(self.closes_at)


LIVE_KINDS = ("single_choice", "emoji_scale", "short_text")


class QuestionRules:
    """What a question's row and its cached snapshot share."""

    kind: str
    live_order: int | None
    texts: dict[str, Any]
    options: list[dict[str, Any]]

    def wording(self, field: str, band: str, lang: str, fallback_lang: str) -> str:
        return pick(self.texts.get(field) or {}, band, lang, fallback_lang)

    def option_keys(self) -> list[str]:
        if self.kind == "emoji_scale":
            return list(EMOJI_POINTS)
        return [o["key"] for o in self.options]


def new_revision(_previous: str | None = None) -> str:
    return uuid.uuid4().hex


class Consultation(ConsultationRules, Base):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    opens_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    feedback_due_on: Mapped[date | None] = mapped_column(Date)
    languages: Mapped[list[str]] = mapped_column(JSON)
    bands: Mapped[list[str]] = mapped_column(JSON)
    independent_age: Mapped[int] = mapped_column(Integer, default=13)
    k_threshold: Mapped[int] = mapped_column(Integer, default=10)
    retention_days: Mapped[int] = mapped_column(Integer, default=180)
    live_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    # Each quote needs a second moderator's confirmation before it is used.
    quotes_need_confirmation: Mapped[bool] = mapped_column(Boolean, default=False)
    # title, audience, intro, next_steps: each a LangText.
    texts: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The meeting the answers feed; none for a consultation not yet tied to one.
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), index=True)
    # A fresh random value on every insert and every update through the ORM, so a
    # worker's cached copy of the consultation knows when it is stale; a row
    # replaced under the same id (SQLite reuses ids) gets a new one too.
    revision: Mapped[str] = mapped_column(String(32))

    questions: Mapped[list[Question]] = relationship(
        back_populates="consultation", order_by="Question.position",
        cascade="all, delete-orphan")
    meeting: Mapped[Meeting | None] = relationship()

    __mapper_args__ = {"version_id_col": revision, "version_id_generator": new_revision}

    @property
    def meeting_names(self) -> LangText:  # type: ignore[override]
        return dict(self.meeting.names) if self.meeting is not None else {}


class Question(QuestionRules, Base):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("consultation_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    max_length: Mapped[int | None] = mapped_column(Integer)
    # prompt and help: BandText; options: [{"key": ..., "label": BandText}].
    texts: Mapped[dict[str, Any]] = mapped_column(JSON)
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Live questions (1, 2, ... in the order the chair puts them) are asked only
    # in a live session during the meeting, never in the journey before it.
    live_order: Mapped[int | None] = mapped_column(Integer)

    consultation: Mapped[Consultation] = relationship(back_populates="questions")


def pick(values: BandText, band: str, lang: str, fallback_lang: str) -> str:
    """Band first, then the default wording; the language, then the fallback language."""
    for band_key in (band, "default"):
        by_lang = values.get(band_key) or {}
        for code in (lang, fallback_lang):
            if by_lang.get(code):
                return by_lang[code]
    return ""


def band_min_age(band: str) -> int:
    return int(band.split("-", 1)[0])


def as_utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were stored as UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)
