"""Staff sign-in forms. Pasting into every field is allowed (WCAG 2.2, 3.3.8)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length

from consult.forms import Form


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[InputRequired(_l("Enter your email.")),
                                                Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[
        InputRequired(_l("Enter your password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"})
    code = StringField(_l("6-digit code from your authenticator app"),
                       validators=[Length(max=12)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class EnrolForm(Form):
    code = StringField(_l("6-digit code from your authenticator app"), validators=[
        InputRequired(_l("Enter the 6-digit code your app shows.")), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class PasswordForm(Form):
    current = PasswordField(_l("Current password"), validators=[
        InputRequired(_l("Enter your current password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("New password"), validators=[
        InputRequired(_l("Enter a new password.")), Length(max=200)],
        description=_l("At least 12 characters. Common passwords are refused."),
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("New password again"), validators=[
        InputRequired(_l("Enter the new password again.")),
        EqualTo("new", _l("The two new passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})


class AcceptInvitationForm(Form):
    token = HiddenField(validators=[InputRequired(), Length(max=100)])
    # The same fields, checks and words as a password change.
    new = PasswordForm.new
    confirm = PasswordForm.confirm
