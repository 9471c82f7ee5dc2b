"""Every module's models, imported so Alembic sees one metadata."""

from consult.audit.models import AuditEvent
from consult.auth.models import StaffUser
from consult.consultations.models import Consultation, Question
from consult.db import Base
from consult.groups.models import Group
from consult.participate.models import Answer, Draft, Submission
from consult.safeguarding.models import Case, CaseNote

__all__ = ["AuditEvent", "StaffUser", "Consultation", "Question", "Base", "Group",
           "Answer", "Draft", "Submission", "Case", "CaseNote"]
