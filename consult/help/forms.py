"""The helpline form (roles safeguarding and admin)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from consult.forms import Form
from consult.help.manage import Fields
from consult.i18n import LANGUAGES

LANGUAGE_NAMES = {"ar": _l("Arabic"), "en": _l("English"), "es": _l("Spanish"),
                  "fr": _l("French"), "ru": _l("Russian"), "zh": _l("Chinese")}


class HelplineForm(Form):
    country = SelectField(_l("Country"), choices=[], validators=[Optional()],
                          description=_l("Leave empty for a helpline that serves a whole "
                                         "region, or for the international directory."))
    itu_region = SelectField(_l("ITU region"), choices=[], validators=[Optional()],
                             description=_l("Set by the country when there is one."))
    name = StringField(_l("Name, as the helpline writes it"), validators=[
        InputRequired(_l("Enter the helpline's name.")), Length(max=200)])
    phone = StringField(_l("Phone number"), validators=[Optional(), Length(max=40)],
                        render_kw={"inputmode": "tel", "dir": "ltr"})
    url = StringField(_l("Web address"), validators=[Optional(), Length(max=300)],
                      render_kw={"inputmode": "url", "dir": "ltr"})
    hours = StringField(_l("Hours"), validators=[Optional(), Length(max=40)],
                        description=_l("Only when known for sure, for example 24/7."))
    languages = StringField(_l("Languages it answers in"), validators=[
        Optional(), Length(max=100)],
        description=_l("Two-letter codes separated by commas, for example en, sw."))
    source = StringField(_l("Where this was checked"), validators=[Optional(), Length(max=300)])
    verified = BooleanField(_l("I checked this helpline today"))
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    # One field per UN language, added below: names_ar, names_en, ...

    def fields(self) -> Fields:
        return Fields(name=self.name.data or "", itu_region=self.itu_region.data or None,
                      country=self.country.data or None,
                      names={lang: getattr(self, f"names_{lang}").data or ""
                             for lang in LANGUAGES},
                      phone=self.phone.data, url=self.url.data, hours=self.hours.data,
                      languages=(self.languages.data or "").replace(";", ",").split(","),
                      source=self.source.data)

    def name_fields(self) -> list[StringField]:
        return [getattr(self, f"names_{lang}") for lang in LANGUAGES]


for _lang in LANGUAGES:
    setattr(HelplineForm, f"names_{_lang}", StringField(
        _l("Name in %(language)s, if known", language=LANGUAGE_NAMES[_lang]),
        validators=[Optional(), Length(max=200)], render_kw={"lang": _lang}))


class HelplineActionForm(Form):
    pass  # the CSRF token; the action is in the address
