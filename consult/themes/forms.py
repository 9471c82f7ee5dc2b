"""Codebook forms: a theme's key and its label in each language of the consultation."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from consult.consultations.models import Consultation
from consult.forms import Form
from consult.i18n import NATIVE_NAMES
from consult.themes.service import KEY_MAX, KEY_RE, LABEL_MAX, ThemeError


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class ActionForm(Form):
    """Tag, untag, delete: nothing to fill in but the CSRF token."""


class ThemeForm(Form):
    key = StringField(
        _l("Key"), filters=[_strip],
        description=_l("Lowercase letters, digits and hyphens, for example reporting-tools. "
                       "Exports use it."),
        validators=[DataRequired(_l("Give the theme a key, for example reporting-tools.")),
                    Length(max=KEY_MAX, message=_l("Keep the key to at most %(max)d "
                                                   "characters.")),
                    Regexp(f"^{KEY_RE.pattern}$", message=_l(
                        "Use only lowercase letters, digits and single hyphens, for example "
                        "reporting-tools."))])

    languages: ClassVar[list[str]] = []

    def labels(self) -> dict[str, str]:
        return {lang: self[f"label_{lang}"].data or "" for lang in self.languages}

    def label_fields(self) -> list[Any]:
        return [self[f"label_{lang}"] for lang in self.languages]

    def add_error(self, exc: ThemeError) -> None:
        """Show a service's refusal next to the field it concerns."""
        field = self._fields.get(exc.field, self.key)
        field.errors = [*field.errors, PROBLEMS.get((exc.field, exc.problem))
                        or PROBLEMS.get(("label", exc.problem)) or _l("Please check this.")]


PROBLEMS = {
    ("key", "taken"): _l("This consultation already has a theme with this key. Choose "
                         "another key."),
    ("key", "format"): _l("Use only lowercase letters, digits and single hyphens, for example "
                          "reporting-tools."),
    ("key", "missing"): _l("Give the theme a key, for example reporting-tools."),
    ("key", "too_long"): _l("Keep the key to at most %(max)d characters.", max=KEY_MAX),
    ("label", "missing"): _l("Write the label in this language: it is the consultation's "
                             "first language."),
    ("label", "too_long"): _l("Keep the label to at most %(max)d characters.", max=LABEL_MAX),
}


def theme_form(consultation: Consultation, theme_labels: dict[str, str] | None = None,
               key: str | None = None, **kwargs: Any) -> ThemeForm:
    """A ThemeForm with one label field per language of the consultation; the
    first language's label is required. kwargs go to the form (prefix, formdata)."""
    languages = list(consultation.languages)
    fields: dict[str, Any] = {"languages": languages}
    for i, lang in enumerate(languages):
        name = NATIVE_NAMES.get(lang, lang)
        required = (DataRequired(_l("Write the label in %(language)s: it is the "
                                    "consultation's first language.", language=name))
                    if i == 0 else Optional())
        fields[f"label_{lang}"] = StringField(
            _l("Label (%(language)s)", language=name), filters=[_strip],
            render_kw={"lang": lang, "dir": "auto"},
            validators=[required, Length(max=LABEL_MAX, message=_l(
                "Keep the label to at most %(max)d characters."))])
    form_class = type("ConsultationThemeForm", (ThemeForm,), fields)
    data = {"key": key, **{f"label_{lang}": text for lang, text in (theme_labels or {}).items()}}
    return form_class(data=data, **kwargs)  # type: ignore[no-any-return]
