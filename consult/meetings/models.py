"""A meeting of the working group: consultations come before it, live sessions
happen during it, and its reports are cited under its ITU document symbol."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from consult.db import Base

# The order a meeting's name falls back through when the language asked for is
# missing: English first, the language of most CWG-COP documents.
FALLBACK_ORDER = ("en", "fr", "es", "ru", "ar", "zh")


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # What a consultation definition names the meeting by (docs/consultation-format.md).
    key: Mapped[str] = mapped_column(String(60), unique=True)
    # The ITU document symbol the meeting's outputs are cited under; often known
    # only some weeks before the meeting, so it may wait.
    symbol: Mapped[str | None] = mapped_column(String(60))
    # LangText, as a consultation's texts: {"en": "...", "fr": "..."}.
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    # Where it sits, per language ({} when only online); online: it can be
    # followed remotely (alone, or with a place: a hybrid meeting).
    place: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    online: Mapped[bool] = mapped_column(Boolean, default=False)

    def name(self, lang: str, fallback: str | None = None) -> str:
        return in_language(self.names, lang, fallback)

    def place_name(self, lang: str, fallback: str | None = None) -> str:
        return in_language(self.place or {}, lang, fallback)


def in_language(values: dict[str, str], lang: str, fallback: str | None = None) -> str:
    for code in (lang, fallback, *FALLBACK_ORDER):
        if code and values.get(code):
            return values[code]
    return ""
