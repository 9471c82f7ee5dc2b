"""Chairs: open, close and publish consultations, export summaries, write the
"what we did with your views" feedback. Every export is audited (docs/privacy.md#rule-9)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from consult.chair import bp
from consult.chair.forms import ActionForm, ExportForm, feedback_form
from consult.consultations.models import Consultation
from consult.export.service import MEDIA_TYPES, export_audited
from consult.extensions import db
from consult.i18n import NATIVE_NAMES
from consult.progress.readiness import readiness
from consult.results import service
from consult.staff.access import require_roles
from consult.staff.service import dashboard

require_roles(bp, ["chair"])


def _consultation(consultation_id: int) -> Consultation:
    consultation = db().get(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    return consultation


def _export_form(consultation: Consultation) -> ExportForm:
    form = ExportForm()
    form.lang.choices = [(lang, NATIVE_NAMES[lang]) for lang in consultation.languages]
    return form


@bp.get("/")
def index() -> str:
    return render_template("chair/index.html", rows=dashboard(db()))


@bp.get("/<int:consultation_id>/")
def consultation(consultation_id: int) -> str:
    c = _consultation(consultation_id)
    pub = service.publication(db(), c.slug)
    # What publishing would leave out, said before the button (not after).
    ready = readiness(db(), c, datetime.now(UTC)) \
        if c.status in ("closed", "published") and not (pub and pub.purged_at) else None
    return render_template("chair/consultation.html", c=c, form=_export_form(c),
                           action=ActionForm(), pub=pub, ready=ready)


@bp.post("/<int:consultation_id>/status")
def status(consultation_id: int) -> BaseResponse:
    c = _consultation(consultation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        if request.form.get("to") == "published":
            service.publish(db(), c, current_user.id, datetime.now(UTC))
        else:
            service.set_status(db(), c, request.form.get("to", ""), current_user.id)
    except (service.StatusChangeError, service.PublishError) as exc:
        db().rollback()
        flash(_("That change is not possible: %(why)s.", why=str(exc)))
        return redirect(url_for(".consultation", consultation_id=c.id))
    db().commit()
    flash(_("Saved."))
    return redirect(url_for(".consultation", consultation_id=c.id))


@bp.post("/<int:consultation_id>/export")
def export(consultation_id: int) -> BaseResponse:
    c = _consultation(consultation_id)
    form = _export_form(c)
    if not form.validate_on_submit():
        abort(400)
    fmt, lang = form.format.data, form.lang.data
    # Spooled to disk so a large export never sits whole in memory.
    out = tempfile.TemporaryFile()
    export_audited(db(), c, fmt, out, lang=lang, actor_id=current_user.id)
    out.seek(0)
    return send_file(out, mimetype=MEDIA_TYPES[fmt], as_attachment=True,
                     download_name=f"{c.slug}-{lang}.{fmt}")


@bp.route("/<int:consultation_id>/feedback", methods=["GET", "POST"])
def feedback(consultation_id: int) -> str | BaseResponse:
    c = _consultation(consultation_id)
    # The text's language is `language`, never `lang`: `lang` is the staff
    # member's own interface language, which writing in another keeps.
    lang = request.args.get("language") if request.args.get("language") in c.languages \
        else c.languages[0]
    saved = service.feedback_for(db(), c.id)
    form = feedback_form(list(c.bands))(
        data={"band_" + b.replace("-", "_"): saved.get((b, lang), "") for b in c.bands})
    if form.validate_on_submit():
        bodies = {b: getattr(form, "band_" + b.replace("-", "_")).data or "" for b in c.bands}
        service.save_feedback(db(), c, lang, bodies, current_user.id,
                              datetime.now(UTC))
        db().commit()
        flash(_("Feedback saved. It shows on the results page and to participants who come "
                "back with their code."))
        return redirect(url_for(".feedback", consultation_id=c.id, language=lang))
    fields = [(b, getattr(form, "band_" + b.replace("-", "_"))) for b in c.bands]
    return render_template("chair/feedback.html", c=c, form=form, fields=fields,
                           feedback_lang=lang)
