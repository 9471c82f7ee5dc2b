"""Helplines shown to participants (docs/privacy.md#rule-8), kept by the
safeguarding leads in the browser; consult/data/helplines.yaml seeds them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from consult.db import Base


class Helpline(Base):
    """One helpline: a country's (country set), a region's (only itu_region set),
    or the international directory shown to everyone last (neither set)."""

    __tablename__ = "helplines"

    id: Mapped[int] = mapped_column(primary_key=True)
    itu_region: Mapped[str | None] = mapped_column(String(3), nullable=True, index=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True, index=True)
    # The name the helpline calls itself, and its name in the UN languages
    # where it is known ({"fr": ..., "ar": ...}); a page shows the one in its language.
    name: Mapped[str] = mapped_column(String(200))
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    url: Mapped[str | None] = mapped_column(String(300), nullable=True)
    hours: Mapped[str | None] = mapped_column(String(40), nullable=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str | None] = mapped_column(String(300), nullable=True)
    verified_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    verified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL"), nullable=True)
    # Who checked it when it was not a staff account here (the YAML seed's "checked_by").
    verified_by_label: Mapped[str | None] = mapped_column(String(254), nullable=True)
    retired_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Two leads editing one entry at once: the second save is refused, not lost.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
