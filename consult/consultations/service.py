"""Looking up consultations for the public pages."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import pgettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation


class ConsultationNotFoundError(LookupError):
    pass


def now_utc() -> datetime:
    return datetime.now(UTC)


def open_consultations(session: Session, now: datetime) -> list[Consultation]:
    rows = session.scalars(select(Consultation).where(Consultation.status == "open")
                           .order_by(Consultation.closes_at)).all()
    return [c for c in rows if c.is_open_at(now)]


def availability(consultation: Consultation, now: datetime) -> str:
    """'open', 'not_yet' or 'closed'."""
    if consultation.status == "open" and now < consultation.opens_at_utc:
        return "not_yet"
    if consultation.is_open_at(now):
        return "open"
    return "closed"


def state_label(state: str) -> str:
    """A consultation's state in the page's language, for staff pages."""
    labels = {
        "draft": pgettext("consultation state", "Draft"),
        "open": pgettext("consultation state", "Open"),
        "closed": pgettext("consultation state", "Closed"),
        "published": pgettext("consultation state", "Published"),
        "archived": pgettext("consultation state", "Archived"),
    }
    return labels.get(state, state)
