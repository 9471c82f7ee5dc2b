"""How a consultation is going, for chairs and moderators: submissions per day,
by status, band and language, the moderation backlog and its age, open
safeguarding cases.

Staff-only working figures, but every count still goes through disclosure
control (docs/privacy.md#rule-5), and the statuses are one release that every
staff page showing them shares, so no two pages hide different cells of the
same line. Days are dates only: no time of sending is stored or shown
(docs/privacy.md#rule-1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.participate.models import SUBMISSION_STATUSES, Submission
from consult.privacy.disclosure import Table, effective_k
from consult.safeguarding.models import Case

Cell = dict[str, Any]
TOTAL = "total"


def cell(table: Table, shown: dict[Any, int | None], key: Any) -> Cell:
    """A protected count as the templates and count_text() read it."""
    count = shown.get(key)
    return {"count": count, "suppressed": count is None,
            "hidden": None if count is not None else table.reason(key)}


@dataclass
class Statuses:
    """The consultation's submissions by status: one release, shared by every page."""

    k: int
    cells: dict[str, Cell]
    total: Cell
    shown: dict[Any, int | None] = field(repr=False, default_factory=dict)


def status_counts(session: Session, consultation_id: int) -> dict[str, int]:
    counts = dict.fromkeys(SUBMISSION_STATUSES, 0)
    for status, n in session.execute(
            select(Submission.status, func.count())
            .where(Submission.consultation_id == consultation_id)
            .group_by(Submission.status)):
        counts[status] = int(n)
    return counts


def statuses(session: Session, consultation: Consultation) -> Statuses:
    return protect_statuses(consultation.k_threshold, status_counts(session, consultation.id))


def protect_statuses(k: int | None, counts: dict[str, int]) -> Statuses:
    """The statuses' release: the dashboard, the progress page and the warnings
    before publishing all show it, so they hide the same cells."""
    table = Table(effective_k(k))
    total = table.add(TOTAL, sum(counts.values()))
    for status, n in counts.items():
        table.add(("status", status), n)
    table.line([("status", s) for s in counts], total)
    shown = table.protect(grand_total=TOTAL)
    return Statuses(table.k, {s: cell(table, shown, ("status", s)) for s in counts},
                    cell(table, shown, TOTAL), shown)


@dataclass
class Progress:
    k: int
    statuses: Statuses
    days: list[tuple[date, Cell]]
    by_band: list[tuple[str, Cell]]
    by_language: list[tuple[str, Cell]]
    oldest_pending_on: date | None
    backlog_days: int | None
    open_cases: Cell


def progress(session: Session, consultation: Consultation, today: date) -> Progress:
    status = statuses(session, consultation)
    table = Table(status.k)
    total = table.add(TOTAL, sum(status_counts(session, consultation.id).values()))
    # The statuses were released as they are: keep them so in this table too.
    table.fix(TOTAL, status.shown[TOTAL] is not None)
    days = _per_day(session, consultation, today)
    for day, n in days.items():
        table.add(("day", day), n)
    table.line([("day", d) for d in days], total)
    groups = {"band": _grouped(session, consultation.id, Submission.band, consultation.bands),
              "language": _grouped(session, consultation.id, Submission.language,
                                   consultation.languages)}
    for dim, counts in groups.items():
        for key, n in counts.items():
            table.add((dim, key), n)
        table.line([(dim, key) for key in counts], total)
    shown = table.protect(grand_total=TOTAL)
    oldest = session.scalar(select(func.min(Submission.received_on)).where(
        Submission.consultation_id == consultation.id, Submission.status == "pending"))
    return Progress(
        k=status.k, statuses=status,
        days=[(d, cell(table, shown, ("day", d))) for d in days],
        by_band=[(b, cell(table, shown, ("band", b))) for b in groups["band"]],
        by_language=[(lang, cell(table, shown, ("language", lang)))
                     for lang in groups["language"]],
        oldest_pending_on=oldest,
        backlog_days=(today - oldest).days if oldest is not None else None,
        open_cases=open_cases(session, consultation))


def _per_day(session: Session, consultation: Consultation, today: date) -> dict[date, int]:
    """Every day from opening (or the first submission) to today (or closing, or
    the last submission), zeros included: a quiet day is worth seeing."""
    counts = {day: int(n) for day, n in session.execute(
        select(Submission.received_on, func.count())
        .where(Submission.consultation_id == consultation.id)
        .group_by(Submission.received_on))}
    opens_on, closes_on = consultation.opens_at_utc.date(), consultation.closes_at_utc.date()
    if opens_on > today and not counts:
        return {}
    first = min([opens_on, *counts])
    last = max([min(today, closes_on), *counts])
    return {first + timedelta(days=i): counts.get(first + timedelta(days=i), 0)
            for i in range((last - first).days + 1)}


def _grouped(session: Session, consultation_id: int, column: Any,
             expected: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(expected, 0)
    for key, n in session.execute(select(column, func.count())
                                  .where(Submission.consultation_id == consultation_id)
                                  .group_by(column)):
        counts[key] = int(n)
    return counts


def open_cases(session: Session, consultation: Consultation) -> Cell:
    """Open safeguarding cases of the consultation: a count only, nothing about them."""
    n = session.scalar(select(func.count()).select_from(Case)
                       .join(Submission, Submission.id == Case.submission_id)
                       .where(Submission.consultation_id == consultation.id,
                              Case.status == "open")) or 0
    table = Table(effective_k(consultation.k_threshold))
    table.add("open", int(n))
    return cell(table, table.protect(), "open")
