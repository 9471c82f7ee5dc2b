"""The translation round trip in the browser: download one language's texts as
a PO file, upload the translated file, read what it would change, confirm.
The checks and the storing are consult.consultations.translation's."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from consult.audit.service import record
from consult.auth.models import ROLES
from consult.chair import translation_bp as bp
from consult.chair.forms import (
    TranslationApplyForm,
    TranslationExportForm,
    TranslationImportForm,
)
from consult.chair.views import _consultation
from consult.consultations import translation
from consult.consultations.models import Consultation
from consult.extensions import db
from consult.i18n import NATIVE_NAMES
from consult.staff.access import require_roles

# An editor, where that role exists, translates as a chair does.
require_roles(bp, [role for role in ("chair", "editor") if role in ROLES])

Page = str | tuple[str, int] | BaseResponse
# A translated file is larger than any other staff form (the app's limit is
# 64 KB); the comparison page posts it back whole, as multipart (no
# percent-encoding of every Arabic, Chinese or Cyrillic byte).
UPLOAD_ENDPOINTS = {"chair_translation.upload", "chair_translation.apply"}


@bp.record_once
def _room_for_files(state: BlueprintSetupState) -> None:
    def allow_a_translated_file() -> None:
        # Before every other hook, the CSRF check among them, reads the body.
        if request.endpoint in UPLOAD_ENDPOINTS:
            request.max_content_length = translation.MAX_FILE_BYTES + 65536
            request.max_form_memory_size = translation.MAX_FILE_BYTES + 65536

    state.app.before_request_funcs.setdefault(None, []).insert(0, allow_a_translated_file)


def _export_form(c: Consultation) -> TranslationExportForm:
    form = TranslationExportForm()
    form.lang.choices = [(lang, NATIVE_NAMES[lang]) for lang in c.languages[1:]]
    return form


def _page(c: Consultation, problems: list[translation.Problem] | None = None,
          upload: TranslationImportForm | None = None) -> Page:
    missing = {lang: sum(1 for u in translation.units(c, lang) if not u.target)
               for lang in c.languages[1:]}
    html = render_template("chair/translation.html", c=c, export=_export_form(c),
                           upload=upload or TranslationImportForm(), problems=problems or [],
                           missing=missing, source=c.languages[0])
    return (html, 400) if problems else html


@bp.get("/<int:consultation_id>/translation")
def translation_page(consultation_id: int) -> Page:
    return _page(_consultation(consultation_id))


@bp.post("/<int:consultation_id>/translation/export")
def export(consultation_id: int) -> BaseResponse:
    c = _consultation(consultation_id)
    form = _export_form(c)
    if not form.validate_on_submit():
        abort(400)
    body = translation.export_po(c, form.lang.data)
    record(db(), "consultation.translation_export", actor_id=current_user.id,
           object_type="consultation", object_id=c.id,
           detail={"slug": c.slug, "language": form.lang.data})
    db().commit()
    return BaseResponse(body, mimetype="text/x-gettext-translation", headers={
        "Content-Disposition": f'attachment; filename="{c.slug}-{form.lang.data}.po"'})


@bp.post("/<int:consultation_id>/translation/import")
def upload(consultation_id: int) -> Page:
    c = _consultation(consultation_id)
    form = TranslationImportForm()
    if not form.validate_on_submit():
        return _page(c, [translation.Problem("invalid", detail=str(e))
                         for errors in form.errors.values() for e in errors], form)
    data = form.file.data.read()
    try:
        reading = translation.read_translation(c, data)
    except translation.TranslationError as exc:
        return _page(c, exc.problems, form)
    return _comparison(c, reading, data.decode("utf-8"))


def _comparison(c: Consultation, reading: translation.Reading, po: str) -> str:
    confirm = TranslationApplyForm(data={"po": po, "revision": c.revision})
    return render_template("chair/translation_diff.html", c=c, reading=reading,
                           confirm=confirm)


@bp.post("/<int:consultation_id>/translation/apply")
def apply(consultation_id: int) -> Page:
    c = _consultation(consultation_id)
    form = TranslationApplyForm()
    if not form.validate_on_submit():
        abort(400)
    data = form.po.data.encode("utf-8")
    try:
        reading = translation.apply_translation(db(), c, data, seen_revision=form.revision.data,
                                                actor_id=current_user.id)
    except translation.StaleTranslationError:
        db().rollback()
        flash(_("The consultation changed while you were reading. Here is the comparison "
                "with what is stored now."))
        try:
            return _comparison(c, translation.read_translation(c, data), form.po.data)
        except translation.TranslationError as exc:
            return _page(c, exc.problems)
    except translation.TranslationError as exc:
        db().rollback()
        return _page(c, exc.problems)
    db().commit()
    flash(_("%(n)d texts in %(lang)s saved.", n=len(reading.changes),
            lang=NATIVE_NAMES[reading.lang]))
    return redirect(url_for(".translation_page", consultation_id=c.id))
