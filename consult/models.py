"""Every module's models, imported so Alembic sees one metadata."""

from consult.audit.models import AuditEvent
from consult.auth.models import StaffUser
from consult.consultations.models import Consultation, Question
from consult.db import Base
from consult.groups.models import Group
from consult.help.models import Helpline
from consult.live.models import LiveSession, LiveText
from consult.meetings.models import Meeting
from consult.participate.models import Answer, Draft, Submission
from consult.results.models import Feedback, Publication
from consult.safeguarding.models import Case, CaseNote
from consult.themes.models import Theme, answer_themes

__all__ = ["AuditEvent", "StaffUser", "Consultation", "Question", "Base", "Group", "Meeting",
           "Helpline",
           "Answer", "Draft", "Submission", "LiveSession", "LiveText", "Case", "CaseNote",
           "Feedback", "Publication", "Theme", "answer_themes"]
