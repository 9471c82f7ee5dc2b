"""The meeting report: every consultation held before one meeting and every
live session during it, each with its participation, questions (counts,
charts), themes, quotes and feedback, as in the consultation report
(consult.reports.consultation), one heading level down.

Each consultation's figures are its own protected summary
(docs/privacy.md#rule-5); nothing is added up across consultations here, so
no new figure is made. Summaries are built one consultation at a time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.export.cells import _, in_language
from consult.live.models import LiveSession
from consult.meetings.models import Meeting
from consult.meetings.service import by_key, consultations_of, list_meetings
from consult.reports import words
from consult.reports.consultation import ConsultationSection
from consult.reports.document import ReportDocument
from consult.summarize.service import build


def find(session: Session, wanted: str) -> Meeting | None:
    """A meeting by its key, or else by its name in any language."""
    meeting = by_key(session, wanted.strip())
    if meeting is not None:
        return meeting
    for candidate in list_meetings(session):
        if wanted.strip() in {str(v).strip() for v in (candidate.names or {}).values()}:
            return candidate
    return None


def meeting_consultations(session: Session, meeting: Meeting) -> list[Consultation]:
    """The meeting's consultations, oldest first; drafts are left out."""
    return [c for c in consultations_of(session, meeting.id) if c.status != "draft"]


def write(session: Session, meeting: Meeting, out: BinaryIO, lang: str,
          now: datetime | None = None) -> None:
    consultations = meeting_consultations(session, meeting)
    doc = ReportDocument(lang)
    with in_language(lang):
        title = _("Meeting report: %(meeting)s", meeting=meeting.name(lang) or meeting.key)
        doc.para(title, style="Title")
        doc.para(_("Council Working Group on Child Online Protection (CWG-COP)"),
                 style="Subtitle")
        if meeting.symbol:
            doc.para(_("Document symbol: %(symbol)s", symbol=meeting.symbol))
        if meeting.starts_on:
            doc.para(_("Dates: %(start)s – %(end)s",
                       start=words.day(meeting.starts_on, lang),
                       end=words.day(meeting.ends_on or meeting.starts_on, lang)))
        place = meeting.place_name(lang)
        if place or meeting.online:
            doc.para(_("Place: %(place)s", place=", ".join(
                [*([place] if place else []), *([_("online")] if meeting.online else [])])))
        doc.para(_("Consultations held before the meeting: %(n)s.",
                   n=words.number(len(consultations), lang)))
        if not consultations:
            doc.para(_("No consultation was held for this meeting."))
        live_rows: list[tuple[ConsultationSection, list[dict[str, Any]], int]] = []
        for c in consultations:
            summary = build(session, c)
            section = ConsultationSection(doc, session, c, summary, lang, level=2)
            doc.heading(section.text(summary["consultation"]["title"]), 1)
            section.period()
            section.participation()
            before = [q for q in summary["questions"] if not q.get("live")]
            for number, q in enumerate(before, 1):
                section.question(number, q)
            section.themes()
            section.quotes()
            section.feedback()
            section.method()
            section.annex()
            live = [q for q in summary["questions"] if q.get("live")]
            sessions = session.scalar(select(func.count()).select_from(LiveSession).where(
                LiveSession.consultation_id == c.id)) or 0
            if live or sessions:
                live_rows.append((section, live, int(sessions)))
        doc.heading(_("Live sessions during the meeting"), 1)
        if not live_rows:
            doc.para(_("No live session was held during this meeting."))
        for section, live, sessions in live_rows:
            section.level = 2
            doc.heading(section.text(section.info["title"]), 2)
            doc.para(_("Live sessions: %(n)s.", n=words.number(sessions, lang)))
            for number, q in enumerate(live, 1):
                section.level = 3
                section.question(number, q)
    doc.save(out, title, now or datetime.now().astimezone())
