"""Chair forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

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


class GroupForm(Form):
    label = StringField(_l("Group (school or youth organisation)"), validators=[
        InputRequired(_l("Name the group.")), Length(max=200)])
    attested_by = StringField(
        _l("Organisation that attested guardian consent"),
        description=_l("It keeps the signed consent forms; consult never sees them."),
        validators=[InputRequired(_l("Name the organisation.")), Length(max=200)])
    language = SelectField(_l("Language of the invitation sheet"))
    expires_on = DateField(_l("Last day the code works (optional)"),
                           description=_l("The code stops working at the end of this day, UTC."),
                           validators=[Optional()])
    max_uses = IntegerField(_l("Most children who may use the code (optional)"),
                            validators=[Optional(), NumberRange(min=1, max=100_000)])


class SheetForm(Form):
    """The invitation sheet is made from the code the creation page holds: the
    database keeps only its hash (docs/privacy.md#rule-3)."""

    code = HiddenField(validators=[InputRequired(), Length(max=60)])


class TranslationExportForm(Form):
    lang = SelectField(_l("Language to translate into"))


class TranslationImportForm(Form):
    file = FileField(_l("Translated file (PO)"), validators=[
        FileRequired(_l("Choose the translated file."))])


class TranslationApplyForm(Form):
    """The uploaded file again, carried by the comparison page, and the
    consultation's revision it was compared with."""

    po = HiddenField(validators=[InputRequired()])
    revision = HiddenField(validators=[InputRequired(), Length(max=32)])
