"""Chairs issue group codes in the browser: create (with an expiry and a limit
on uses), list with their state and use counts, revoke, and download each
group's printable invitation sheet. Every change is audited
(docs/privacy.md#rule-9).

The code is shown once. Only its keyed hash is stored (docs/privacy.md#rule-3),
so the creation POST answers with the page itself (no redirect that would need
the code kept somewhere to show it again): the code lives only in that page,
sent with Cache-Control: no-store, and its "invitation sheet" button posts it
back in the form body (never in a URL, which logs and histories keep). The
sheet is made only when the posted code hashes to that group's hash, so it
can neither be made later without the code nor carry a code not the group's.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from consult.audit.service import record
from consult.chair import bp
from consult.chair.forms import ActionForm, GroupForm, SheetForm
from consult.chair.sheet import render_sheet, sheet_filename
from consult.chair.views import _consultation
from consult.extensions import db
from consult.groups import service
from consult.groups.models import Group
from consult.i18n import NATIVE_NAMES
from consult.privacy.disclosure import effective_k


def _group_form(c: object) -> GroupForm:
    form = GroupForm()
    form.language.choices = [(lang, NATIVE_NAMES[lang]) for lang in c.languages]  # type: ignore[attr-defined]
    return form


def _group(consultation_id: int, group_id: int) -> Group:
    group = db().get(Group, group_id)
    if group is None or group.consultation_id != consultation_id:
        abort(404)
    return group


@bp.route("/<int:consultation_id>/groups", methods=["GET", "POST"])
def groups(consultation_id: int) -> str | tuple[str, int]:
    c = _consultation(consultation_id)
    form = _group_form(c)
    if form.validate_on_submit():
        # The code works to the end of the day named, in UTC.
        expires_at = (datetime.combine(form.expires_on.data, time(), UTC) + timedelta(days=1)
                      if form.expires_on.data else None)
        group, code = service.create_group(
            db(), c, form.label.data, form.attested_by.data, current_app.config["SECRET_KEY"],
            language=form.language.data, expires_at=expires_at, max_uses=form.max_uses.data)
        record(db(), "group.create", actor_id=current_user.id, object_type="group",
               object_id=group.id, detail={"consultation": c.slug, "label": group.label,
                                           "attested_by": group.attested_by,
                                           "language": group.language,
                                           "expires_at": expires_at.isoformat()
                                           if expires_at else None,
                                           "max_uses": group.max_uses})
        db().commit()
        return render_template("chair/group_created.html", c=c, group=group, code=code,
                               sheet=SheetForm(data={"code": code}))
    return _list(c, form), 400 if form.errors else 200


def _list(c: object, form: GroupForm) -> str:
    rows = service.groups_of(db(), c)  # type: ignore[arg-type]
    k = effective_k(c.k_threshold)  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    return render_template("chair/groups.html", c=c, form=form, action=ActionForm(), k=k,
                           rows=[(g, service.state(g, now)) for g in rows],
                           uses=service.use_counts(rows, k), last_day=service.last_day)


@bp.post("/<int:consultation_id>/groups/<int:group_id>/revoke")
def revoke_group(consultation_id: int, group_id: int) -> BaseResponse:
    c = _consultation(consultation_id)
    group = _group(c.id, group_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if group.revoked_at is None:
        service.revoke_group_by_id(db(), c, group.id)
        record(db(), "group.revoke", actor_id=current_user.id, object_type="group",
               object_id=group.id, detail={"consultation": c.slug, "label": group.label})
        db().commit()
    flash(_("The code of %(label)s no longer admits anyone.", label=group.label))
    return redirect(url_for(".groups", consultation_id=c.id))


@bp.post("/<int:consultation_id>/groups/<int:group_id>/sheet")
def group_sheet(consultation_id: int, group_id: int) -> BaseResponse:
    c = _consultation(consultation_id)
    group = _group(c.id, group_id)
    form = SheetForm()
    if not form.validate_on_submit() \
            or not service.code_matches(group, current_app.config["SECRET_KEY"], form.code.data):
        abort(400)
    record(db(), "group.sheet", actor_id=current_user.id, object_type="group",
           object_id=group.id, detail={"consultation": c.slug, "label": group.label})
    db().commit()
    body = render_sheet(c, group, form.code.data)
    return BaseResponse(body, mimetype="text/html", headers={
        "Content-Disposition": f'attachment; filename="{sheet_filename(c, group)}"'})
