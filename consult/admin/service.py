"""Reading the audit log: filters, pages by id, CSV rows.

Read only: like `consult.audit.service`, nothing here updates or deletes an
audit event (rule 9).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from consult.audit.models import AuditEvent
from consult.auth.models import StaffUser
from consult.consultations.models import as_utc
from consult.export.cells import neutralise  # the one formula neutraliser

PAGE_SIZE = 100
EXPORT_BATCH = 500
CSV_COLUMNS = ("id", "at", "actor_email", "actor_label", "action", "object_type", "object_id",
               "detail")


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    actor_email: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    date_from: date | None = None  # UTC days, both ends included
    date_to: date | None = None

    def as_detail(self) -> dict[str, str]:
        """The filters that were set, as JSON-ready strings (for the audit record)."""
        return {k: v.isoformat() if isinstance(v, date) else v
                for k, v in asdict(self).items() if v not in (None, "")}


@dataclass(frozen=True)
class Entry:
    event: AuditEvent
    actor_email: str | None

    @property
    def detail_json(self) -> str:
        detail = self.event.detail
        return "" if detail is None else json.dumps(detail, ensure_ascii=False, sort_keys=True)


def _filtered(filters: AuditFilter) -> Select[tuple[AuditEvent, str | None]]:
    stmt = select(AuditEvent, StaffUser.email).outerjoin(
        StaffUser, AuditEvent.actor_id == StaffUser.id)
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.actor_email:
        email = filters.actor_email.strip().lower()
        # The account's email, or the email typed in a failed sign-in that
        # matched no account (kept in actor_label).
        stmt = stmt.where(or_(func.lower(StaffUser.email) == email,
                              func.lower(AuditEvent.actor_label) == email))
    if filters.object_type:
        stmt = stmt.where(AuditEvent.object_type == filters.object_type)
    if filters.object_id:
        stmt = stmt.where(AuditEvent.object_id == filters.object_id)
    if filters.date_from:
        stmt = stmt.where(AuditEvent.at >= _start_of(filters.date_from))
    if filters.date_to and filters.date_to < date.max:
        stmt = stmt.where(AuditEvent.at < _start_of(filters.date_to + timedelta(days=1)))
    return stmt


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def page(session: Session, filters: AuditFilter, before_id: int | None = None,
         limit: int = PAGE_SIZE) -> tuple[list[Entry], int | None]:
    """Newest first, a page at a time by id (keyset); the id to pass as `before`
    for the next page, or None on the last one."""
    stmt = _filtered(filters).order_by(AuditEvent.id.desc())
    if before_id is not None:
        stmt = stmt.where(AuditEvent.id < before_id)
    rows = [Entry(event, email) for event, email in session.execute(stmt.limit(limit + 1))]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].event.id if more and rows else None)


def actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def csv_row(entry: Entry) -> list[str]:
    e = entry.event
    cells = [str(e.id), as_utc(e.at).isoformat(timespec="seconds"), entry.actor_email or "",
             e.actor_label or "", e.action, e.object_type or "", e.object_id or "",
             entry.detail_json]
    return [neutralise(c) for c in cells]


def export_rows(session: Session, filters: AuditFilter,
                batch: int = EXPORT_BATCH) -> Iterator[list[str]]:
    """Every matching event as CSV cells, newest first, read a batch at a time so
    a long log is never held in memory at once (the session's identity map holds
    its objects weakly, so each written batch can be collected)."""
    before: int | None = None
    while True:
        rows, before = page(session, filters, before, batch)
        for entry in rows:
            yield csv_row(entry)
        if before is None:
            return
