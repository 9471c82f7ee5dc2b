"""Live session forms. Every label is translatable; errors name the field and the fix."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from consult.forms import Form


class JoinForm(Form):
    class Meta:
        # Sent by GET: joining changes nothing, and the page before it sets no cookie.
        csrf = False

    code = StringField(_l("Join code"), validators=[
        InputRequired(_l("Type the 6-digit join code shown on the screen in the room.")),
        Length(max=20, message=_l("A join code is 6 digits long."))])


class OpenForm(Form):
    screen_lang = SelectField(_l("Language of the room screen"))
    screen_key = BooleanField(_l("The room screen needs a secret key in its address"),
                              default=True)


class ActionForm(Form):
    """Buttons only (show, close, results, end, approve, reject): a CSRF token."""
