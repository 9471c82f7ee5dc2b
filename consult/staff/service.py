"""What the staff dashboard shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.participate.models import SUBMISSION_STATUSES, Submission
from consult.progress.service import Statuses, protect_statuses


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
