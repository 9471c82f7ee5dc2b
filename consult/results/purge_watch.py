"""Whether the scheduled `consult purge` is running (docs/privacy.md#rule-6).

Raw free text is deleted only when the purge runs, from cron or a systemd
timer (README). If nobody notices that it stopped, children's raw answers
outlive their retention: every run is recorded in the audit log, and the staff
dashboard warns when the last one is too old or a deletion is past due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.audit.models import AuditEvent
from consult.audit.service import record
from consult.consultations.models import Consultation
from consult.results.service import PurgePlan, purge_plan

PURGE_RUN = "purge_run"
# The purge runs daily; a day and a half lets one run be late before the warning.
RUN_AT_LEAST_EVERY = timedelta(hours=36)


@dataclass
class PurgeHealth:
    last_run_on: date | None
    # True when the last run is older than RUN_AT_LEAST_EVERY (or there was none)
    # while some consultation has gone past its draft, so children's data may exist.
    not_running: bool
    overdue: list[PurgePlan] = field(default_factory=list)

    @property
    def warn(self) -> bool:
        return self.not_running or bool(self.overdue)


def record_run(session: Session, purged: int) -> None:
    record(session, PURGE_RUN, actor_label="cli", detail={"consultations": purged})


def purge_health(session: Session, now: datetime) -> PurgeHealth:
    last = session.scalar(select(func.max(AuditEvent.at)).where(AuditEvent.action == PURGE_RUN))
    if last is not None and last.tzinfo is None:  # SQLite hands back naive UTC datetimes
        last = last.replace(tzinfo=UTC)
    live = session.scalar(select(Consultation.id).where(Consultation.status != "draft")
                          .limit(1)) is not None
    stale = last is None or now - last > RUN_AT_LEAST_EVERY
    return PurgeHealth(last_run_on=last.date() if last else None, not_running=live and stale,
                       overdue=purge_plan(session, now))
