"""Chair forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

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


class ReportForm(Form):
    """One report to download (consult.reports): which, in which language and format.
    The choices are filled in by the view."""

    kind = SelectField(_l("Report"), choices=[
        ("consultation", _l("Consultation report")), ("meeting", _l("Meeting report")),
        ("annual", _l("Annual report to Council")), ("final", _l("Final report"))])
    consultation = SelectField(_l("Consultation"), coerce=int, validate_choice=False)
    meeting = SelectField(_l("Meeting"), validate_choice=False)
    year = IntegerField(_l("Year (or first year)"), validators=[Optional(),
                                                                NumberRange(2000, 2100)])
    last_year = IntegerField(_l("Last year (final report)"),
                             validators=[Optional(), NumberRange(2000, 2100)])
    lang = SelectField(_l("Language of the report"))
    format = SelectField(_l("Format"))
