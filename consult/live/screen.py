"""What the room screen shows, built once per change for every viewer.

The screen's numbers go through disclosure control (docs/privacy.md#rule-5):
no count below k, and no band, region or language at all. Its texts are only
those a moderator put on it, in their masked copy (rule 4). The built screen is
kept in the live session's row: one worker claims each rebuild with a
conditional UPDATE, and every screen, on every worker and host, gets that copy.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consult.consultations.cache import ConsultationSnapshot
from consult.consultations.models import pick
from consult.live.models import LiveSession, LiveText
from consult.live.service import current_question
from consult.participate.models import Answer, Submission
from consult.privacy.disclosure import Table

# The screen's counts follow new answers at most this often.
REBUILD_EVERY = timedelta(seconds=1)
FEED_LENGTH = 6
# Statuses whose answers count on the screen. An escalated submission still
# counts, so that a count going down never hints at a disclosure.
COUNTED = ("pending", "approved", "escalated")


def counts(session: Session, live: LiveSession, question_id: int) -> Counter[str]:
    """Choices made on the question so far (for a text question: '' per answer)."""
    rows = session.execute(
        select(Answer.choices).join(Submission, Submission.id == Answer.submission_id)
        .where(Answer.question_id == question_id,
               Submission.consultation_id == live.consultation_id,
               Submission.given_live.is_(True), Submission.status.in_(COUNTED)))
    tally: Counter[str] = Counter()
    for (choices,) in rows:
        for choice in choices or [""]:
            tally[choice] += 1
    return tally


def screen_view(session: Session, live: LiveSession, consultation: ConsultationSnapshot,
                k: int) -> dict[str, Any]:
    """Plain values for the screen, under disclosure control (rule 5): no count
    below k, and no band, region or language at all."""
    lang, first = live.screen_lang, consultation.languages[0]
    band = consultation.bands[-1]  # outputs use the oldest band's wording
    view: dict[str, Any] = {"state": live.state, "join_code": live.join_code,
                            "title": consultation.text("title", lang), "question": None,
                            "total": None, "options": [], "feed": [], "k": max(k, 5),
                            "count": len(consultation.live_questions)}
    found = current_question(consultation, live)
    if found is None or live.state == "ended":
        return view
    n, q = found
    view["question"] = {"n": n, "kind": q.kind, "prompt": q.wording("prompt", band, lang, first)}
    tally = counts(session, live, q.id)
    table = Table(k)
    keys = q.option_keys() if q.kind != "short_text" else []
    total = table.add("total", sum(tally.values()) if not keys else
                      sum(tally[key] for key in keys))
    if keys:
        cells = [table.add(("option", key), tally[key]) for key in keys]
        table.line(cells, total)
    shown = table.protect(grand_total=total)
    view["total"] = shown["total"]
    labels = {o["key"]: pick(o["label"], band, lang, first) for o in q.options}
    view["options"] = [{"key": key, "label": labels.get(key, key),
                        "count": shown[("option", key)]} for key in keys]
    view["feed"] = [a.text_redacted or "" for a in _feed(session, live, q.id)]
    return view


def _feed(session: Session, live: LiveSession, question_id: int) -> list[Answer]:
    """Approved texts, newest first; a submission escalated, rejected or withdrawn
    since leaves the screen at the next change."""
    return list(session.scalars(
        select(Answer).join(LiveText, LiveText.answer_id == Answer.id)
        .join(Submission, Submission.id == Answer.submission_id)
        .where(LiveText.live_session_id == live.id, LiveText.status == "shown",
               Answer.question_id == question_id,
               Submission.status.in_(("pending", "approved")))
        .order_by(LiveText.id.desc()).limit(FEED_LENGTH)))


def screen_key_for(live: LiveSession) -> str:
    """What the cached screen was built from: any change of either makes it stale."""
    return f"{live.step}:{live.answers_seen}"


def screen_is_stale(live: LiveSession, now: datetime) -> bool:
    if live.screen_html is None or live.screen_built_from is None:
        return True
    built_step = live.screen_built_from.split(":", 1)[0]
    if built_step != str(live.step):
        return True  # a chair's step or an approved text: at once
    if live.screen_built_from == screen_key_for(live):
        return False
    built_at = live.screen_built_at
    if built_at is not None and built_at.tzinfo is None:  # SQLite
        built_at = built_at.replace(tzinfo=now.tzinfo)
    return built_at is None or now - built_at >= REBUILD_EVERY


def claim_rebuild(session: Session, live: LiveSession, now: datetime) -> bool:
    """One worker rebuilds a stale screen; the others serve the copy they have."""
    claimed = session.execute(
        update(LiveSession).where(
            LiveSession.id == live.id,
            LiveSession.screen_built_from.is_(None) if live.screen_built_from is None
            else LiveSession.screen_built_from == live.screen_built_from)
        .values(screen_built_from="building", screen_built_at=now)
        .execution_options(synchronize_session=False))
    return claimed.rowcount == 1  # type: ignore[attr-defined]


def store_screen(session: Session, live: LiveSession, built_from: str, html: str,
                 now: datetime) -> None:
    session.execute(update(LiveSession).where(LiveSession.id == live.id)
                    .values(screen_html=html, screen_built_from=built_from,
                            screen_built_at=now)
                    .execution_options(synchronize_session=False))
    live.screen_html, live.screen_built_from, live.screen_built_at = html, built_from, now
