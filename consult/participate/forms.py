"""Participant forms. Every label is translatable; errors name the field and the fix."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import Field, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from consult.consultations.cache import QuestionSnapshot
from consult.consultations.models import pick
from consult.forms import Form
from consult.help.countries import country_choices
from consult.participate.service import AnyConsultation, AnyQuestion
from consult.vocabulary import EMOJI_LABELS


def no_control_characters(form: Any, field: Field) -> None:
    value = field.data or ""
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value):
        raise ValidationError(_l("This answer contains characters we cannot store. "
                                 "Please type it again without them."))


class StartForm(Form):
    band = RadioField(_l("How old are you?"), validators=[
        InputRequired(_l("Choose your age group to go on."))])
    # A country, which a child knows, rather than an ITU region, which means
    # nothing to a 10-year-old. Only its region is stored (docs/privacy.md#rule-2).
    country = SelectField(_l("Which country do you live in? (You can skip this.)"),
                          validators=[Optional()])

    def setup(self, consultation: AnyConsultation) -> StartForm:
        self.band.choices = [(b, b.replace("-", "–")) for b in consultation.bands]
        self.country.choices = [("", _l("I'd rather not say")),
                                *country_choices(str(get_locale() or "en"))]
        return self


class ActionForm(Form):
    """No fields: a CSRF token for pages whose buttons say what to do."""


class GroupForm(Form):
    code = StringField(_l("Group code"), validators=[
        InputRequired(_l("Type the group code your teacher or youth leader gave you.")),
        Length(max=60, message=_l("A group code is 20 digits long."))])


class QuoteForm(Form):
    consent = RadioField(_l("Can we quote your words?"), default="no", choices=[
        ("no", _l("No, do not quote me")),
        ("yes", _l("Yes, you can quote my words without my name"))],
        validators=[InputRequired(_l("Choose yes or no."))])


class ReturnForm(Form):
    # With a CSRF token, like every form: without one, another site could post
    # its own code and put this browser on the attacker's submission.
    code = StringField(_l("Your return code"), validators=[
        InputRequired(_l("Type your return code: 20 digits, like 1234-5678-9012-3456-7890.")),
        Length(max=60, message=_l("A return code is 20 digits long."))])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def question_form(question: AnyQuestion, band: str, lang: str, fallback: str,
                  formdata: Any = None, value: Any = None) -> Form:
    """A one-field form for one question, in the wording for this band and language."""
    ui = str(get_locale() or "en")  # the emoji labels are in the page's language
    if isinstance(question, QuestionSnapshot):
        # A worker's snapshot never changes, so its form classes can be kept.
        cls = _cached_form_class(question, band, lang, fallback, ui)
    else:
        cls = _answer_form_class(question, band, lang, fallback)
    return cls(formdata=formdata, data={"answer": value})


@lru_cache(maxsize=2048)
def _cached_form_class(question: QuestionSnapshot, band: str, lang: str, fallback: str,
                       _ui: str) -> type[Form]:
    return _answer_form_class(question, band, lang, fallback)


def _answer_form_class(question: AnyQuestion, band: str, lang: str,
                       fallback: str) -> type[Form]:
    class AnswerForm(Form):
        pass

    label = question.wording("prompt", band, lang, fallback)
    description = question.wording("help", band, lang, fallback)
    need = [InputRequired(_l("This question needs an answer."))] if question.required \
        else [Optional()]
    field: Field
    if question.kind in ("single_choice", "emoji_scale"):
        field = RadioField(label, description=description, validators=need,
                           choices=_choices(question, band, lang, fallback))
    elif question.kind == "multiple_choice":
        field = MultiCheckboxField(label, description=description, validators=need,
                                   choices=_choices(question, band, lang, fallback))
    else:
        limit = question.max_length or 2000
        cls = StringField if question.kind == "short_text" else TextAreaField
        field = cls(label, description=description, validators=[
            *need, Length(max=limit, message=_l("Please keep this under %(n)d characters.",
                                                  n=limit)),
            no_control_characters], render_kw={"maxlength": limit})
    AnswerForm.answer = field  # type: ignore[attr-defined]
    return AnswerForm


def _choices(question: AnyQuestion, band: str, lang: str, fallback: str) -> list[tuple[str, str]]:
    if question.kind == "emoji_scale":
        return [(k, f"{face} {label}") for k, (face, label) in EMOJI_LABELS.items()]
    return [(o["key"], pick(o["label"], band, lang, fallback)) for o in question.options]


def answer_label(question: AnyQuestion, value: Any, band: str, lang: str, fallback: str) -> str:
    """How an answer reads back on the review page."""
    if value in (None, "", []):
        return ""
    if question.kind in ("short_text", "long_text"):
        return str(value)
    labels = dict(_choices(question, band, lang, fallback))
    chosen = value if isinstance(value, list) else [value]
    return ", ".join(str(labels.get(v, v)) for v in chosen)
