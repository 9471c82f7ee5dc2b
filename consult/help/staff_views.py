"""/staff/helplines: the safeguarding leads (and admins) keep the helplines a
child is shown (docs/privacy.md#rule-8). Every change is audited; each worker's
copy of the list is renewed at once here and within a minute elsewhere."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response as BaseResponse

from consult.auth.models import StaffUser
from consult.consultations.service import now_utc
from consult.extensions import db
from consult.help import manage, service, staff_bp
from consult.help.countries import country_choices
from consult.help.forms import HelplineActionForm, HelplineForm
from consult.help.models import Helpline
from consult.staff.access import require_roles
from consult.vocabulary import ITU_REGIONS

require_roles(staff_bp, ["safeguarding", "admin"])
Page = str | tuple[str, int]


def _form(helpline: Helpline | None = None) -> HelplineForm:
    if request.method == "POST":
        form = HelplineForm()
    elif helpline is None:
        form = HelplineForm(formdata=None)
    else:
        form = HelplineForm(formdata=None, obj=helpline, version=helpline.version,
                            languages=", ".join(helpline.languages or []))
        for lang, text in (helpline.names or {}).items():
            field = getattr(form, f"names_{lang}", None)
            if field is not None:
                field.data = text
    form.country.choices = [("", _("None"))] + list(country_choices(str(get_locale() or "en")))
    form.itu_region.choices = [("", _("None"))] + [(code, str(name))
                                                   for code, name in ITU_REGIONS.items()]
    return form


@staff_bp.get("/")
def index() -> str:
    today = now_utc().date()
    rows = manage.listing(db())
    emails = _emails(rows)
    return render_template("help/staff_index.html", rows=rows, emails=emails,
                           stale={h.id for h in manage.stale(db(), today)},
                           stale_only=request.args.get("stale") == "1",
                           regions=ITU_REGIONS, action_form=HelplineActionForm())


@staff_bp.route("/new", methods=["GET", "POST"])
def new() -> Page | BaseResponse:
    form = _form()
    if form.validate_on_submit():
        try:
            helpline = manage.add(db(), form.fields(), actor_id=current_user.id,
                                  today=now_utc().date(), verified=form.verified.data)
        except manage.HelplineError as error:
            form.name.errors.append(str(error))
        else:
            db().commit()
            service.invalidate(db())
            flash(_("Helpline “%(name)s” added.", name=helpline.name))
            return redirect(url_for(".index"))
    return _edit_page(form, None)


@staff_bp.route("/<int:helpline_id>", methods=["GET", "POST"])
def edit(helpline_id: int) -> Page | BaseResponse:
    helpline = _helpline(helpline_id)
    form = _form(helpline)
    if form.validate_on_submit():
        try:
            manage.edit(db(), helpline, form.fields(), version=form.version.data or 0,
                        actor_id=current_user.id, today=now_utc().date(),
                        verified=form.verified.data)
            db().commit()
        except manage.HelplineError as error:
            db().rollback()
            form.name.errors.append(str(error))
        except (manage.HelplineChangedError, StaleDataError):
            db().rollback()
            # What was typed stays in the form; the page says what happened.
            form.version.errors.append(_("Someone else saved this helpline while you were "
                                         "editing it. Open it again to see their changes."))
            return _edit_page(form, _helpline(helpline_id), status=409)
        else:
            service.invalidate(db())
            flash(_("Helpline “%(name)s” saved.", name=helpline.name))
            return redirect(url_for(".index"))
    return _edit_page(form, helpline)


@staff_bp.post("/<int:helpline_id>/verify", defaults={"action": "verify"})
@staff_bp.post("/<int:helpline_id>/retire", defaults={"action": "retire"})
@staff_bp.post("/<int:helpline_id>/restore", defaults={"action": "restore"})
def act(helpline_id: int, action: str) -> BaseResponse:
    helpline = _helpline(helpline_id)
    if not HelplineActionForm().validate_on_submit():
        abort(400)
    today = now_utc().date()
    if action == "verify":
        manage.verify(db(), helpline, actor_id=current_user.id, today=today)
        flash(_("Helpline “%(name)s” marked as checked today.", name=helpline.name))
    else:
        manage.retire(db(), helpline, actor_id=current_user.id, today=today,
                      retired=action == "retire")
        flash(_("Helpline “%(name)s” is no longer shown.", name=helpline.name)
              if action == "retire" else
              _("Helpline “%(name)s” is shown again.", name=helpline.name))
    db().commit()
    service.invalidate(db())
    return redirect(url_for(".index"))


def _edit_page(form: HelplineForm, helpline: Helpline | None, status: int | None = None) -> Page:
    status = status or (400 if form.is_submitted() else 200)
    return render_template("help/staff_edit.html", form=form, helpline=helpline,
                           emails=_emails([helpline] if helpline else [])), status


def _emails(rows: list[Helpline]) -> dict[int, str]:
    ids = {h.verified_by_id for h in rows if h.verified_by_id}
    if not ids:
        return {}
    return {id_: email for id_, email in db().execute(
        select(StaffUser.id, StaffUser.email).where(StaffUser.id.in_(ids)))}


def _helpline(helpline_id: int) -> Helpline:
    helpline = manage.get(db(), helpline_id)
    if helpline is None:
        abort(404)
    return helpline
