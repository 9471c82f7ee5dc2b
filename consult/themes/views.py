"""The codebook, tagging and theme suggestions (roles chair and moderator)."""

from __future__ import annotations

import re
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from consult.consultations.models import TEXT_KINDS, Consultation
from consult.extensions import db
from consult.staff.access import require_roles
from consult.themes import bp, service
from consult.themes.forms import ActionForm, ThemeForm, theme_form
from consult.themes.models import Theme

require_roles(bp, ["chair", "moderator"])
Page = str | tuple[str, int]
_REF = re.compile(r"[a-z]{2,3}-[0-9]{1,2}")


def _consultation(consultation_id: int) -> Consultation:
    consultation = db().get(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    return consultation


def _acting_on(consultation_id: int) -> Consultation:
    """The consultation of a tagging button's POST, once its form has been checked."""
    consultation = _consultation(consultation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return consultation


def _theme(consultation: Consultation, theme_id: int | None) -> Theme:
    try:
        return service.theme_of(db(), consultation.id, theme_id or 0)
    except LookupError:
        abort(404)


def _text_questions(consultation: Consultation) -> dict[int, Any]:
    return {q.id: q for q in consultation.questions if q.kind in TEXT_KINDS}


def _filters(consultation: Consultation, themes: list[Theme]) -> service.AnswerFilter:
    """Filters from the query string; values that do not fit this consultation are dropped."""
    args = request.args
    question = args.get("question", type=int)
    theme = args.get("theme", type=int)
    language = args.get("language")
    return service.AnswerFilter(
        question_id=question if question in _text_questions(consultation) else None,
        theme_id=theme if theme in {t.id for t in themes} else None,
        untagged=args.get("untagged") == "1",
        language=language if language in consultation.languages else None)


def _kept(filters: service.AnswerFilter) -> dict[str, Any]:
    """The query string that brings the reader back to the same list."""
    kept = {"question": filters.question_id, "theme": filters.theme_id,
            "untagged": "1" if filters.untagged else None, "language": filters.language,
            "after": request.args.get("after", type=int) or None}
    return {k: v for k, v in kept.items() if v is not None}


@bp.get("/")
def index() -> str:
    consultations = list(db().scalars(select(Consultation).order_by(Consultation.slug)))
    return render_template("themes/index.html", consultations=consultations,
                           counts=service.theme_counts(db()))


@bp.get("/<int:consultation_id>/")
def codebook(consultation_id: int) -> Page:
    return _codebook_page(_consultation(consultation_id))


def _codebook_page(consultation: Consultation, form: ThemeForm | None = None,
                   status: int = 200) -> Page:
    themes = service.codebook(db(), consultation.id)
    filters = _filters(consultation, themes)
    rows, next_after = service.answer_page(db(), consultation.id, filters,
                                           request.args.get("after", 0, type=int))
    kept = _kept(filters)
    return render_template(
        "themes/codebook.html", c=consultation, themes=themes,
        by_id={t.id: t for t in themes}, counts=service.tag_counts(db(), consultation.id),
        form=form or theme_form(consultation), rows=rows,
        next_after=next_after, filters=filters, kept=kept,
        paging={k: v for k, v in kept.items() if k != "after"},
        questions=_text_questions(consultation)), status


@bp.post("/<int:consultation_id>/new")
def create(consultation_id: int) -> Page | BaseResponse:
    consultation = _consultation(consultation_id)
    form = theme_form(consultation)
    if form.validate_on_submit():
        try:
            service.create_theme(db(), consultation, form.key.data, form.labels(),
                                 current_user.id)
        except service.ThemeError as exc:
            db().rollback()
            form.add_error(exc)
        else:
            db().commit()
            flash(_("Theme added."))
            return redirect(url_for(".codebook", consultation_id=consultation.id))
    return _codebook_page(consultation, form, 400)


@bp.route("/<int:consultation_id>/t/<int:theme_id>", methods=["GET", "POST"])
def edit(consultation_id: int, theme_id: int) -> Page | BaseResponse:
    consultation = _consultation(consultation_id)
    theme = _theme(consultation, theme_id)
    form = theme_form(consultation, theme.labels, theme.key)
    if form.validate_on_submit():
        try:
            service.update_theme(db(), consultation, theme.id, form.key.data, form.labels(),
                                 current_user.id)
        except service.ThemeError as exc:
            db().rollback()
            form.add_error(exc)
        else:
            db().commit()
            flash(_("Theme saved."))
            return redirect(url_for(".codebook", consultation_id=consultation.id))
    return render_template(
        "themes/edit.html", c=consultation, theme=theme, form=form,
        tagged=service.tag_counts(db(), consultation.id).get(theme.id, 0),
    ), 400 if request.method == "POST" else 200


@bp.post("/<int:consultation_id>/t/<int:theme_id>/delete")
def delete(consultation_id: int, theme_id: int) -> BaseResponse:
    consultation = _consultation(consultation_id)
    theme = _theme(consultation, theme_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    service.delete_theme(db(), consultation.id, theme.id, current_user.id)
    db().commit()
    flash(_("Theme deleted, and removed from every answer it tagged."))
    return redirect(url_for(".codebook", consultation_id=consultation.id))


def _back(consultation: Consultation, anchor: str | None = None) -> BaseResponse:
    themes = service.codebook(db(), consultation.id)
    if request.args.get("from") == "suggest":
        question = request.args.get("question", type=int)
        return redirect(url_for(".suggestions", consultation_id=consultation.id,
                                question=question if question in _text_questions(consultation)
                                else None, _anchor=anchor))
    return redirect(url_for(".codebook", consultation_id=consultation.id,
                            **_kept(_filters(consultation, themes)), _anchor=anchor))


@bp.post("/<int:consultation_id>/a/<int:answer_id>/tag")
def tag(consultation_id: int, answer_id: int) -> BaseResponse:
    consultation = _acting_on(consultation_id)
    theme_id = request.form.get(f"theme-{answer_id}", type=int)
    if theme_id is None:
        flash(_("Choose a theme for the answer, then press Tag."))
        return _back(consultation, f"a{answer_id}")
    try:
        service.tag(db(), consultation.id, answer_id, theme_id, current_user.id)
    except LookupError:
        abort(404)
    db().commit()
    return _back(consultation, f"a{answer_id}")


@bp.post("/<int:consultation_id>/a/<int:answer_id>/untag/<int:theme_id>")
def untag(consultation_id: int, answer_id: int, theme_id: int) -> BaseResponse:
    consultation = _acting_on(consultation_id)
    try:
        service.untag(db(), consultation.id, answer_id, theme_id, current_user.id)
    except LookupError:
        abort(404)
    db().commit()
    return _back(consultation, f"a{answer_id}")


@bp.post("/<int:consultation_id>/bulk")
def bulk(consultation_id: int) -> BaseResponse:
    consultation = _acting_on(consultation_id)
    action = request.form.get("action")
    if action not in ("tag", "untag"):
        abort(400)
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    theme_id = request.form.get("theme", type=int)
    if theme_id is None or not ids:
        flash(_("Tick at least one answer and choose a theme, then press the button again."))
        return _back(consultation)
    try:
        done = service.tag_bulk(db(), consultation.id, theme_id, ids, current_user.id,
                                remove=action == "untag")
    except LookupError:
        abort(404)
    db().commit()
    flash(ngettext("%(num)d answer tagged.", "%(num)d answers tagged.", done) if action == "tag"
          else ngettext("%(num)d answer untagged.", "%(num)d answers untagged.", done))
    return _back(consultation)


@bp.get("/<int:consultation_id>/suggest")
def suggestions(consultation_id: int) -> Page:
    return _suggest_page(_consultation(consultation_id))


def _suggest_page(consultation: Consultation, failed: tuple[str, ThemeForm] | None = None,
                  status: int = 200) -> Page:
    # scikit-learn loads only when suggestions are asked for, not at start-up.
    from consult.themes import suggest

    questions = _text_questions(consultation)
    question = request.args.get("question", type=int)
    question = question if question in questions else None
    found = suggest.suggest(db(), consultation, question)
    rows = service.rows_by_id(db(), consultation.id, [i for s in found for i in s.answer_ids])
    forms = {s.ref: theme_form(consultation, {_label_language(consultation, s): s.label},
                               s.key, prefix=s.ref, formdata=None) for s in found}
    if failed and failed[0] in forms:
        forms[failed[0]] = failed[1]
    themes = service.codebook(db(), consultation.id)
    chosen = request.args.get("theme", type=int)
    return render_template(
        "themes/suggest.html", c=consultation, found=found, rows=rows, forms=forms,
        failed=failed if failed and failed[0] not in {s.ref for s in found} else None,
        themes=themes, chosen=chosen if chosen in {t.id for t in themes} else None,
        questions=questions, question=question,
        min_texts=suggest.MIN_TEXTS, max_texts=suggest.MAX_TEXTS), status


def _label_language(consultation: Consultation, found: Any) -> str:
    return found.language if found.language in consultation.languages else \
        consultation.languages[0]


@bp.post("/<int:consultation_id>/suggest/accept")
def accept(consultation_id: int) -> Page | BaseResponse:
    """A person accepts a suggestion as a theme; nothing is tagged here."""
    consultation = _consultation(consultation_id)
    ref = request.form.get("suggestion", "")
    if not _REF.fullmatch(ref):
        abort(400)
    form = theme_form(consultation, prefix=ref)
    if form.validate_on_submit():
        try:
            theme = service.create_theme(db(), consultation, form.key.data, form.labels(),
                                         current_user.id)
        except service.ThemeError as exc:
            db().rollback()
            form.add_error(exc)
        else:
            db().commit()
            flash(_("Theme added. No answer is tagged yet: review the answers below, untick "
                    "any that do not fit, then tag them."))
            return redirect(url_for(".suggestions", consultation_id=consultation.id,
                                    question=request.args.get("question", type=int),
                                    theme=theme.id, _anchor=ref))
    return _suggest_page(consultation, (ref, form), 400)
