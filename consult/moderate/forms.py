"""Moderator forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, Optional

from consult.forms import Form

REASON_LABELS = {
    "off_topic": _l("Off topic"),
    "abusive": _l("Abusive or insulting"),
    "personal_data": _l("Too much personal data to redact"),
    "spam": _l("Spam or nonsense"),
    "duplicate": _l("Duplicate"),
    "other": _l("Other (say why in the note)"),
}
FLAG_LABELS = {"pii": _l("Personal data"), "disclosure": _l("Possible disclosure"),
               "abuse": _l("Abuse")}


class DecisionForm(Form):
    """Approve, reject or escalate; the button pressed says which."""

    reason = SelectField(_l("Reason for rejecting"), choices=list(REASON_LABELS.items()),
                         validators=[Optional()])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class BulkForm(Form):
    reason = SelectField(_l("Reason for rejecting"), choices=list(REASON_LABELS.items()),
                         validators=[Optional()])
