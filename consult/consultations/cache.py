"""A per-process copy of each consultation and its questions, for the participant pages.

Every step of a participant's journey needs the consultation and all its
questions with their wording in six languages and four bands. Loading those rows
and decoding their JSON on every request was the largest part of a page's cost.
A worker keeps one read-only snapshot per consultation instead, and checks it
against the row's ``revision`` (renewed by every change, see the model) with one
small query per request, so a consultation closed, reopened or replaced is seen
on the very next request.

Questions are only ever written together with their consultation (an import,
or an import with --replace, which makes a new row), so the consultation's
revision covers them. Code that changes a consultation with a Core UPDATE
rather than through the ORM must set a new revision itself (`new_revision()`).

The snapshots are shared by the threads of a worker: nothing may change them.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from consult.consultations.models import Consultation, ConsultationRules, QuestionRules
from consult.consultations.service import ConsultationNotFoundError

# More consultations than this open at once would be unusual; past it the cache
# starts again rather than grow without bound.
MAX_ENTRIES = 256


@dataclass(frozen=True, eq=False)
class QuestionSnapshot(QuestionRules):
    id: int
    position: int
    key: str
    kind: str
    required: bool
    max_length: int | None
    texts: dict[str, Any]
    options: list[dict[str, Any]]
    live_order: int | None


@dataclass(frozen=True, eq=False)
class ConsultationSnapshot(ConsultationRules):
    id: int
    slug: str
    revision: str
    status: str
    opens_at: datetime
    closes_at: datetime
    feedback_due_on: date | None
    languages: list[str]
    bands: list[str]
    independent_age: int
    k_threshold: int
    retention_days: int
    live_mode: bool
    quotes_need_confirmation: bool
    texts: dict[str, Any]
    meeting_names: dict[str, str]
    # The journey's questions; the live ones are put only in a live session.
    questions: tuple[QuestionSnapshot, ...] = field(default=())
    live_questions: tuple[QuestionSnapshot, ...] = field(default=())


def snapshot(consultation: Consultation) -> ConsultationSnapshot:
    """A detached copy: nothing in it refers back to the session or its rows."""
    every = [_copy(QuestionSnapshot, q) for q in consultation.questions]
    questions = tuple(q for q in every if q.live_order is None)
    live = tuple(sorted((q for q in every if q.live_order is not None),
                        key=lambda q: q.live_order))
    return _copy(ConsultationSnapshot, consultation, questions=questions, live_questions=live)


def _copy(cls: type[Any], row: Any, **given: Any) -> Any:
    """An instance of the snapshot class `cls` with each of its fields deep-copied
    from the same attribute of `row` (JSON values included), except those given."""
    values = {f.name: copy.deepcopy(getattr(row, f.name))
              for f in fields(cls) if f.name not in given}
    return cls(**values, **given)


# Built once: this runs on every participant page, and building the statement
# cost as much as running it. Core, not ORM, for the same reason. A page that
# reads more than the consultation (the participant's draft) selects these
# columns in its own statement and hands the row to `ConsultationCache.current`.
_COLUMNS = Consultation.__table__.c
REVISION_COLUMNS = (_COLUMNS.id, _COLUMNS.revision, _COLUMNS.status)
_REVISION = select(*REVISION_COLUMNS).where(_COLUMNS.slug == bindparam("slug"))


class ConsultationCache:
    """slug -> the latest snapshot this process has seen."""

    def __init__(self) -> None:
        self._by_slug: dict[str, ConsultationSnapshot] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, slug: str) -> ConsultationSnapshot:
        """The public consultation ``slug`` as it is now; drafts are not found."""
        return self.current(session, slug, session.connection().execute(
            _REVISION, {"slug": slug}).first())

    def current(self, session: Session, slug: str, row: Any) -> ConsultationSnapshot:
        """The snapshot of ``slug`` for its (id, revision, status) as just read
        from the database (REVISION_COLUMNS), or None if no row has that slug."""
        if row is None or row.id is None or row.status == "draft":
            raise ConsultationNotFoundError(slug)
        cached = self._by_slug.get(slug)
        if cached is not None and cached.id == row.id and cached.revision == row.revision:
            return cached
        consultation = session.scalars(
            select(Consultation).options(selectinload(Consultation.questions),
                                         joinedload(Consultation.meeting))
            .where(Consultation.id == row.id)).one()
        fresh = snapshot(consultation)
        if fresh.status == "draft":
            raise ConsultationNotFoundError(slug)
        with self._lock:
            if len(self._by_slug) >= MAX_ENTRIES:
                self._by_slug.clear()
            self._by_slug[slug] = fresh
        return fresh
