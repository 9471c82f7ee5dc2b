"""A consultation's codebook of themes, and the text answers tagged with them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consult.db import Base

answer_themes = Table(
    "answer_themes", Base.metadata,
    Column("answer_id", Integer, ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", Integer, ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Theme(Base):
    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("consultation_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    # {"en": "Reporting tools", "fr": "..."}: shown in the consultation's languages.
    labels: Mapped[dict[str, str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    def label(self, lang: str, fallback: str) -> str:
        return self.labels.get(lang) or self.labels.get(fallback) or self.key
