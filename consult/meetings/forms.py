"""The chairs' meeting form: key, symbol, dates, and a name and place per language."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from consult.forms import Form
from consult.i18n import LANGUAGES, NATIVE_NAMES
from consult.meetings.service import KEY_RE, SYMBOL_MAX, TEXT_MAX, MeetingDetails


class MeetingForm(Form):
    key = StringField(_l("Key"), validators=[DataRequired(), Regexp(KEY_RE.pattern)],
                      description=_l("Lowercase letters, digits and hyphens, like "
                                     "cwg-cop-2027-geneva. Consultation files name the "
                                     "meeting by it."))
    symbol = StringField(_l("ITU document symbol"), validators=[Optional(),
                                                                Length(max=SYMBOL_MAX)],
                         description=_l("The symbol its documents are cited under, once known."))
    starts_on = DateField(_l("First day"), validators=[Optional()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    online = BooleanField(_l("It can be followed online"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not any(f.data for f in self.name_fields()):
            self.name_fields()[LANGUAGES.index("en")].errors.append(
                _l("Give the meeting's name in at least one language."))
            valid = False
        if not self.online.data and not any(f.data for f in self.place_fields()):
            self.online.errors.append(_l("Give the place, or tick this, or both."))
            valid = False
        if self.ends_on.data and not self.starts_on.data:
            self.starts_on.errors.append(_l("Give the first day as well as the last."))
            valid = False
        elif self.starts_on.data and self.ends_on.data and self.ends_on.data < self.starts_on.data:
            self.ends_on.errors.append(_l("The last day must not come before the first."))
            valid = False
        return valid

    def name_fields(self) -> list[Any]:
        return [getattr(self, f"name_{lang}") for lang in LANGUAGES]

    def place_fields(self) -> list[Any]:
        return [getattr(self, f"place_{lang}") for lang in LANGUAGES]

    def details(self) -> MeetingDetails:
        return MeetingDetails(
            key=self.key.data or "", symbol=self.symbol.data or None,
            names={lang: f.data for lang, f in zip(LANGUAGES, self.name_fields(), strict=True)
                   if f.data},
            place={lang: f.data for lang, f in zip(LANGUAGES, self.place_fields(), strict=True)
                   if f.data},
            starts_on=self.starts_on.data, ends_on=self.ends_on.data,
            online=bool(self.online.data))

    @staticmethod
    def data_of(details: MeetingDetails) -> dict[str, Any]:
        data: dict[str, Any] = {"key": details.key, "symbol": details.symbol or "",
                                "starts_on": details.starts_on, "ends_on": details.ends_on,
                                "online": details.online}
        for lang in LANGUAGES:
            data[f"name_{lang}"] = details.names.get(lang, "")
            data[f"place_{lang}"] = details.place.get(lang, "")
        return data


for _lang in LANGUAGES:
    # Labelled in the language itself, as the language switcher is: a chair
    # writing the Arabic name sees which box is the Arabic one whatever the page's language.
    setattr(MeetingForm, f"name_{_lang}", StringField(
        _l("Name (%(language)s)", language=NATIVE_NAMES[_lang]),
        validators=[Optional(), Length(max=TEXT_MAX)], render_kw={"lang": _lang, "dir": "auto"}))
    setattr(MeetingForm, f"place_{_lang}", StringField(
        _l("Place (%(language)s)", language=NATIVE_NAMES[_lang]),
        validators=[Optional(), Length(max=TEXT_MAX)], render_kw={"lang": _lang, "dir": "auto"}))
