"""Safeguarding forms: every action is a POST with a CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from consult.forms import Form

STATUS_LABELS = {"open": _l("Open"), "referred": _l("Referred"), "closed": _l("Closed")}
NOTE_MAX = 5000


class ActionForm(Form):
    """Reveal, or return to moderation: nothing to fill in but the CSRF token."""


class StatusForm(Form):
    status = SelectField(_l("Case status"), choices=list(STATUS_LABELS.items()))


class NoteForm(Form):
    # Stripped first, so a note of only spaces counts as empty.
    body = TextAreaField(_l("Note"), filters=[lambda s: s.strip() if s else s], validators=[
        DataRequired(_l("Write the note before saving it.")),
        Length(max=NOTE_MAX, message=_l("Keep the note to at most %(max)d characters."))])
