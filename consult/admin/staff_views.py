"""For admins: the staff accounts (docs/privacy.md#rule-9). List them with their
roles, second factor, last sign-in day and whether failed sign-ins hold them
back; invite someone by a one-time enrolment link; let an account try again at
once, deactivate or reactivate it, reset its second factor, change its roles.
Every change is audited, and none may leave the service without an admin who
can sign in (consult.auth.service.LastAdminError).
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from consult.admin import bp
from consult.admin.forms import ROLE_LABELS, AccountActionForm, InviteForm, RolesForm
from consult.auth import invitations
from consult.auth import service as accounts
from consult.auth.models import StaffUser
from consult.auth.views import sign_in_throttle
from consult.consultations.service import now_utc
from consult.extensions import db

ACCOUNT_ACTIONS = ("unlock", "deactivate", "activate", "reset_second_factor")
Page = str | tuple[str, int]


def _last_admin() -> str:
    return _("That would leave no active admin who can sign in. Make someone else an admin "
             "first.")


def invitation_link(token: str) -> str:
    """The link the invitee opens. The token rides in the query string, which the
    access log leaves out (gunicorn.conf.py logs the path only)."""
    path = url_for("auth.invitation", token=token)
    base = current_app.config.get("BASE_URL") or request.url_root.rstrip("/")
    return base + path


def _staff_page(invite_form: InviteForm | None = None, link: str | None = None,
                status: int = 200) -> Page:
    users = list(db().scalars(select(StaffUser).order_by(StaffUser.email)))
    throttle = sign_in_throttle()
    waiting = {u.id for u in users if throttle.held_back(u.email)}
    now = now_utc()
    pending = [(i, invitations.is_expired(i, now)) for i in invitations.pending(db())]
    return render_template("admin/staff.html", users=users, waiting=waiting, pending=pending,
                           form=AccountActionForm(), labels=ROLE_LABELS, link=link,
                           invite_form=invite_form or InviteForm(formdata=None)), status


@bp.get("/staff")
def staff() -> Page:
    return _staff_page()


@bp.post("/staff/invite")
def invite() -> Page:
    form = InviteForm()
    if not form.validate_on_submit():
        return _staff_page(form, status=400)
    try:
        made = invitations.invite(db(), form.email.data, form.roles.data,
                                  actor_id=current_user.id, now=now_utc())
    except accounts.UserExistsError:
        form.email.errors.append(_("There is already an account with this email."))
        return _staff_page(form, status=400)
    db().commit()
    # Shown once, on this page only: the link is in no redirect, flash or cookie.
    return _staff_page(link=invitation_link(made.token))


@bp.post("/staff/invitations/<int:invitation_id>/revoke")
def revoke_invitation(invitation_id: int) -> BaseResponse:
    if not AccountActionForm().validate_on_submit():
        abort(400)
    if invitations.revoke(db(), invitation_id, current_user.id):
        db().commit()
        flash(_("The invitation was revoked: its link no longer works."))
    return redirect(url_for(".staff"))


@bp.post("/staff/<int:user_id>")
def staff_action(user_id: int) -> BaseResponse:
    form = AccountActionForm()
    action = request.form.get("action")
    user = _user(user_id)
    if not form.validate_on_submit() or action not in ACCOUNT_ACTIONS:
        abort(400)
    if action in ("deactivate", "reset_second_factor") and user.id == current_user.id:
        # An admin who did this to themselves would be shut out at once.
        flash(_("You cannot do that to your own account; ask another admin."))
        return redirect(url_for(".staff"))
    try:
        _apply(user, action)
    except accounts.LastAdminError:
        db().rollback()
        flash(_last_admin())
        return redirect(url_for(".staff"))
    db().commit()
    return redirect(url_for(".staff"))


def _apply(user: StaffUser, action: str) -> None:
    if action == "unlock":
        accounts.unlock(db(), sign_in_throttle(), user, current_user.id)
        flash(_("%(email)s can try signing in again now.", email=user.email))
    elif action == "reset_second_factor":
        accounts.reset_second_factor(db(), user, current_user.id)
        flash(_("%(email)s will set up a new authenticator app at the next sign-in.",
                email=user.email))
    else:
        accounts.set_active(db(), user, action == "activate", current_user.id)
        flash(_("%(email)s was reactivated.", email=user.email) if action == "activate"
              else _("%(email)s was deactivated and signed out.", email=user.email))


@bp.get("/staff/<int:user_id>/roles")
def roles(user_id: int) -> Page:
    user = _user(user_id)
    form = RolesForm(formdata=None, roles=list(user.roles))
    return render_template("admin/roles.html", user=user, form=form)


@bp.post("/staff/<int:user_id>/roles")
def set_roles(user_id: int) -> Page | BaseResponse:
    user = _user(user_id)
    form = RolesForm()
    if not form.validate_on_submit():
        return render_template("admin/roles.html", user=user, form=form), 400
    try:
        accounts.set_roles(db(), user, form.roles.data, current_user.id)
    except accounts.LastAdminError:
        db().rollback()
        form.roles.errors.append(_last_admin())
        return render_template("admin/roles.html", user=user, form=form), 409
    db().commit()
    flash(_("The roles of %(email)s were saved.", email=user.email))
    if user.id == current_user.id and not user.has_role("admin"):
        return redirect(url_for("staff.dashboard"))
    return redirect(url_for(".staff"))


def _user(user_id: int) -> StaffUser:
    user = db().get(StaffUser, user_id)
    if user is None:
        abort(404)
    return user
