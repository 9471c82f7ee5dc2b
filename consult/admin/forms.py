"""The admins' forms for staff accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectMultipleField
from wtforms.validators import InputRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from consult.auth.models import ROLES
from consult.forms import Form

ROLE_LABELS = {"moderator": _l("Moderator"), "safeguarding": _l("Safeguarding lead"),
               "chair": _l("Chair"), "editor": _l("Editor"), "admin": _l("Admin")}


class RolesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label: object, **kwargs: object) -> None:
        super().__init__(label, choices=[(r, ROLE_LABELS[r]) for r in ROLES],  # type: ignore[arg-type]
                         validators=[InputRequired(_l("Choose at least one role."))],
                         **kwargs)  # type: ignore[arg-type]


class AccountActionForm(Form):
    pass  # the CSRF token; the action is the button pressed


class InviteForm(Form):
    email = EmailField(_l("Their email"), validators=[
        InputRequired(_l("Enter the new staff member's email.")), Length(max=254),
        # The one check that matters is the invitee's: they must open the link.
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
               message=_l("Enter an email address like name@example.org."))],
        render_kw={"autocomplete": "off"})
    roles = RolesField(_l("Roles"))


class RolesForm(Form):
    roles = RolesField(_l("Roles"))
