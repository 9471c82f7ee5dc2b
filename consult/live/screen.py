"""What the room screen shows, built once per change for every viewer.

The screen's numbers go through disclosure control (docs/privacy.md#rule-5):
no count below k, and no band, region or language at all. A screen is watched
as people answer, so each state must also hide what the one before it does not:

- while answers are open (or closed, before the results), only how many have
  answered, rounded down to a multiple of k. A step shows that someone
  answered, which the room saw anyway, never what they chose;
- the choices appear once, when the chair shows the results: one table, under
  the same control as every table, taken when the chair first shows it and
  kept (service.show_results), so no later table can be subtracted from it;
- approved texts go up k at a time, in their own order (service._release).

Its texts are only those a moderator put on it, in their masked copy (rule 4).
The built screen is kept in the live session's row: one worker claims each
rebuild with a conditional UPDATE, and every screen, on every worker and host,
gets that copy.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from consult.consultations.cache import ConsultationSnapshot, QuestionSnapshot
from consult.consultations.models import pick
from consult.live.models import LiveSession, LiveText
from consult.live.service import current_question, tally
from consult.participate.models import Answer, Submission
from consult.privacy.disclosure import Table, effective_k

# The screen's answer count follows new answers at most this often.
REBUILD_EVERY = timedelta(seconds=1)


def rounded(count: int, k: int) -> int | None:
    """How many answered, as the screen says it while answers come in: nothing
    below k, then whole multiples of k ("at least 20")."""
    return None if count < k else count - count % k


def screen_view(session: Session, live: LiveSession, consultation: ConsultationSnapshot,
                k: int) -> dict[str, Any]:
    """Plain values for the screen, under disclosure control (rule 5): no count
    below k, no band, region or language, and no state that differs from the
    one before by what one person chose."""
    k = effective_k(k)
    lang, first = live.screen_lang, consultation.languages[0]
    band = consultation.bands[-1]  # outputs use the oldest band's wording
    view: dict[str, Any] = {"state": live.state, "join_code": live.join_code,
                            "title": consultation.text("title", lang), "question": None,
                            "total": None, "at_least": None, "options": [], "feed": [],
                            "k": k, "count": len(consultation.live_questions)}
    found = current_question(consultation, live)
    if found is None or live.state == "ended":
        return view
    n, q = found
    view["question"] = {"n": n, "kind": q.kind, "prompt": q.wording("prompt", band, lang, first)}
    frozen = (live.results or {}).get(str(q.id))
    if live.state == "results" and frozen is not None:
        _results(view, q, Counter(frozen), k, band, lang, first)
    else:
        view["at_least"] = rounded(sum(tally(session, live, q.id).values()), k)
    view["feed"] = [a.text_redacted or "" for a in _feed(session, live, q.id)]
    return view


def _results(view: dict[str, Any], q: QuestionSnapshot, counted: Counter[str], k: int,
             band: str, lang: str, first: str) -> None:
    table = Table(k)
    keys = q.option_keys() if q.kind != "short_text" else []
    total = table.add("total", sum(counted.values()) if not keys else
                      sum(counted[key] for key in keys))
    if keys:
        cells = [table.add(("option", key), counted[key]) for key in keys]
        table.line(cells, total)
    shown = table.protect(grand_total=total)
    view["total"] = shown["total"]
    labels = {o["key"]: pick(o["label"], band, lang, first) for o in q.options}
    view["options"] = [{"key": key, "label": labels.get(key, key),
                        "count": shown[("option", key)]} for key in keys]


def _feed(session: Session, live: LiveSession, question_id: int) -> list[Answer]:
    """The latest release of texts, whole (a part of it would leave some of
    its writers never seen), in the texts' own order (never the order they
    came in); a submission escalated, rejected or withdrawn since leaves the
    screen at the next change."""
    shown = (select(Answer).join(LiveText, LiveText.answer_id == Answer.id)
             .join(Submission, Submission.id == Answer.submission_id)
             .where(LiveText.live_session_id == live.id, LiveText.status == "shown",
                    LiveText.batch.is_not(None), Answer.question_id == question_id,
                    Submission.status.in_(("pending", "approved"))))
    latest = shown.with_only_columns(func.max(LiveText.batch)).scalar_subquery()
    return list(session.scalars(
        shown.where(LiveText.batch == latest).order_by(Answer.text_redacted, Answer.id)))


def etag_for(live: LiveSession, secret: str) -> str:
    """The screen's ETag, known without reading the built screen (a 304 costs one
    small row). Keyed, so it says nothing the screen does not: what it is made
    from includes how many answered, which the screen rounds."""
    mac = hmac.new(secret.encode(), f"screen:{live.id}:{live.screen_built_from}".encode(),
                   hashlib.sha256)
    return '"' + mac.hexdigest()[:24] + '"'


def screen_key_for(live: LiveSession) -> str:
    """What the cached screen was built from: any change of either makes it stale."""
    return f"{live.step}:{live.feed_batch}:{live.answers_seen}"


def screen_is_stale(live: LiveSession, now: datetime) -> bool:
    if live.screen_html is None or live.screen_built_from is None:
        return True
    built_step = live.screen_built_from.rsplit(":", 1)[0]
    if built_step != f"{live.step}:{live.feed_batch}":
        return True  # a chair's step or a release of texts: at once
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
