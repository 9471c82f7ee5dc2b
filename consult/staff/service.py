"""What the staff dashboard shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.participate.models import SUBMISSION_STATUSES, Submission
from consult.progress.service import Statuses, protect_statuses
from consult.safeguarding.alerts import Unsent, leads, unsent
from consult.safeguarding.models import Case


@dataclass
class Row:
    consultation: Consultation
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def status(self) -> Statuses:
        """The counts as shown: through disclosure control (docs/privacy.md#rule-5),
        the same release as the progress page's."""
        return protect_statuses(self.consultation.k_threshold, self.counts)


def dashboard(session: Session) -> list[Row]:
    rows = {c.id: Row(c, dict.fromkeys(SUBMISSION_STATUSES, 0))
            for c in session.scalars(select(Consultation).order_by(Consultation.opens_at.desc()))}
    counts = session.execute(select(Submission.consultation_id, Submission.status,
                                    func.count()).group_by(Submission.consultation_id,
                                                           Submission.status))
    for consultation_id, status, n in counts:
        rows[consultation_id].counts[status] = n
    return list(rows.values())


@dataclass
class Safeguarding:
    """Open cases for the dashboard: every role sees how many there are; only the
    safeguarding role sees which (docs/privacy.md#rule-8), with each one's age in
    days; alerts not sent yet are shown to the safeguarding role and admins."""

    open_count: int
    oldest_days: int | None
    cases: list[tuple[int, int]]  # (case id, age in days), oldest first
    unsent: list[Unsent]
    no_lead: bool


def safeguarding(session: Session, today: date, *, detail: bool,
                 alerts: bool) -> Safeguarding:
    opened = list(session.execute(select(Case.id, Case.opened_on)
                                  .where(Case.status == "open")
                                  .order_by(Case.opened_on, Case.id)))
    ages = [(case_id, (today - opened_on).days) for case_id, opened_on in opened]
    return Safeguarding(
        open_count=len(ages), oldest_days=ages[0][1] if ages else None,
        cases=ages if detail else [], unsent=unsent(session) if alerts else [],
        no_lead=alerts and not leads(session))
