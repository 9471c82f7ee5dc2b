"""Chair forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, Optional

from consult.forms import Form


class ExportForm(Form):
    format = SelectField(_l("Format"), choices=[("docx", _l("Word report (DOCX)")),
                                                 ("xlsx", _l("Spreadsheet (XLSX)")),
                                                 ("csv", _l("Data, one row per answer (CSV)")),
                                                 ("json", _l("Summary as data (JSON)"))])
    lang = SelectField(_l("Language of the labels"))


class ActionForm(Form):
    """Buttons only (open, close, publish...): a CSRF token."""


def feedback_form(bands: list[str]) -> type[Form]:
    class FeedbackForm(Form):
        pass

    for band in bands:
        setattr(FeedbackForm, "band_" + band.replace("-", "_"), TextAreaField(
            _l("For ages %(band)s", band=band.replace("-", "–")),
            validators=[Optional(), Length(max=20_000)]))
    return FeedbackForm
