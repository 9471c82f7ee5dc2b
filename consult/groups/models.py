"""Facilitator group codes for participants under the independent-participation age."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from consult.db import Base


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    # Only a keyed hash of the code is kept, like return codes (docs/privacy.md#rule-3).
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    attested_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The language of the group's invitation sheet (None: the consultation's first).
    language: Mapped[str | None] = mapped_column(String(5))
    # After this instant, and past max_uses admissions, the code admits nobody new.
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    max_uses: Mapped[int | None] = mapped_column(Integer)
    # How many journeys the code has admitted; raised only by use_code's one
    # conditional UPDATE, so two children cannot both take the last use.
    uses: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
