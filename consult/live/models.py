"""A live session during the meeting, and the short texts waiting for the room screen.

Nothing here records when a participant answered or who they are (rule 1,
docs/privacy.md#rule-1): the session row holds the room's state and its cached
screen; a queued text points at an ordinary answer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consult.db import Base

# waiting: joined, no question yet; open: answers taken; closed: answers
# stopped; results: counts on the screen; ended: the session is over.
LIVE_STATES = ("waiting", "open", "closed", "results", "ended")
TEXT_STATES = ("pending", "shown", "rejected")


class LiveSession(Base):
    __tablename__ = "live_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    # Six digits typed at /live; unique while the row exists.
    join_code: Mapped[str] = mapped_column(String(6), unique=True)
    # None: the screen is public; otherwise its address must carry this key.
    screen_key: Mapped[str | None] = mapped_column(String(32))
    screen_lang: Mapped[str] = mapped_column(String(5))
    state: Mapped[str] = mapped_column(String(10), default="waiting")
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL"))
    # Bumped by every change the room sees (a chair's step, a moderator's
    # decision); participants' pages and screens poll for it.
    step: Mapped[int] = mapped_column(Integer, default=1)
    # Bumped by every answer; the screen's counts follow at most once a second.
    answers_seen: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped when approved texts are released to the screen (k at a time).
    feed_batch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Each question's counts as the chair first showed its results, kept so
    # that showing them again never lets anyone subtract (docs/privacy.md#rule-5):
    # {"<question id>": {"<option key or ''>": count}}.
    results: Mapped[dict[str, dict[str, int]] | None] = mapped_column(JSON)
    # The screen as last built, served to every viewer until the next change.
    screen_html: Mapped[str | None] = mapped_column(Text)
    screen_built_from: Mapped[str | None] = mapped_column(String(40))
    screen_built_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LiveText(Base):
    """A short text answered live, waiting for a moderator to put it on the screen."""

    __tablename__ = "live_texts"
    __table_args__ = (UniqueConstraint("live_session_id", "answer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    live_session_id: Mapped[int] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    # Which release put an approved text on the screen; None while it waits for
    # k approved texts to go up together (docs/privacy.md#rule-5).
    batch: Mapped[int | None] = mapped_column(Integer)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
