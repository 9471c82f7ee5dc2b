"""Writing to the audit log. Insert only: the code has no update or delete path."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from consult.audit.models import AuditEvent


def record(session: Session, action: str, *, actor_id: int | None = None,
           actor_label: str | None = None, object_type: str | None = None,
           object_id: object = None, detail: dict[str, Any] | None = None) -> AuditEvent:
    event = AuditEvent(at=datetime.now(UTC), actor_id=actor_id,
                       actor_label=actor_label, action=action, object_type=object_type,
                       object_id=None if object_id is None else str(object_id), detail=detail)
    session.add(event)
    session.flush()
    return event
