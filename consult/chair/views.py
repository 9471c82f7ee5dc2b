"""Chairs: open, close and publish consultations, export summaries, write the
"what we did with your views" feedback. Every export is audited (docs/privacy.md#rule-9)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from consult.chair import bp
from consult.chair.forms import ActionForm, ExportForm, ReportForm, feedback_form
from consult.consultations.models import Consultation
from consult.export.service import MEDIA_TYPES, ExportError, export_audited
from consult.extensions import db
from consult.i18n import LANGUAGES, NATIVE_NAMES
from consult.progress.readiness import readiness
from consult.reports import service as reports
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


def _report_form() -> ReportForm:
    form = ReportForm()
    consultations = reports.reportable(db())
    form.consultation.choices = [(c.id, c.text("title", str(get_locale()))
                                  or c.text("title", c.languages[0])) for c in consultations]
    form.meeting.choices = reports.meeting_choices(db(), str(get_locale()))
    form.lang.choices = [(lang, NATIVE_NAMES[lang]) for lang in LANGUAGES]
    form.format.choices = [("docx", _("Word (DOCX)"))]
    if reports.pdf_converter() is not None:
        form.format.choices.append(("pdf", "PDF"))
    return form


@bp.get("/reports")
def report_page() -> str:
    form = _report_form()
    if not form.year.data:
        form.year.data = datetime.now(UTC).year
    return render_template("chair/reports.html", form=form,
                           pdf=reports.pdf_converter() is not None,
                           first_year=reports.FIRST_YEAR)


@bp.post("/reports")
def report() -> BaseResponse:
    form = _report_form()
    if not form.validate_on_submit() or form.format.data not in dict(form.format.choices) \
            or form.lang.data not in LANGUAGES:
        abort(400)
    kind = form.kind.data
    k = int(current_app.config["K_THRESHOLD"])
    if kind == "consultation":
        c = db().get(Consultation, form.consultation.data or 0)
        if c is None:
            abort(400)
        target = reports.Report("consultation", k, consultation=c)
    elif kind == "meeting":
        target = reports.Report("meeting", k, meeting=form.meeting.data)
    else:
        target = reports.Report(kind, k, year=form.year.data, base_url=request.host_url,
                                last_year=form.last_year.data if kind == "final" else None)
    fmt, lang = form.format.data, form.lang.data
    # Spooled to disk so a large report never sits whole in memory.
    out = tempfile.TemporaryFile()
    try:
        export_audited(db(), target, fmt, out, lang=lang, actor_id=current_user.id)
    except ExportError as exc:
        out.close()
        flash(_("That report cannot be made: %(why)s.", why=str(exc)))
        return redirect(url_for(".report_page"))
    out.seek(0)
    return send_file(out, mimetype=reports.MEDIA_TYPES[fmt], as_attachment=True,
                     download_name=target.filename(lang, fmt))


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
