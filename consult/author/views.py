"""The authoring workspace: write a consultation in the browser (chair, editor).

Plain forms, one POST per action, each carrying the revision the page was
drawn from (the optimistic lock). A refused change shows the page again with
what was typed; nothing is stored until the whole definition passes the
import's own validation (service.check)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse

from consult.author import bp, edits, service
from consult.author.pages import (
    KIND_LABELS,
    errors_by_path,
    field_lint,
    lint_message,
    text_language,
)
from consult.consultations.definition import UN_LANGUAGES, DefinitionError, SlugTakenError
from consult.consultations.models import Consultation
from consult.consultations.readability import check as readability_check
from consult.consultations.readiness import FIELD_LABELS, missing_texts, open_problems
from consult.consultations.service import now_utc
from consult.extensions import db
from consult.forms import Form
from consult.staff.access import require_roles

require_roles(bp, ["chair", "editor"])
Page = str | BaseResponse | tuple[str, int]
PARTS = "<any(questions, live_questions):part>"


def _consultation(consultation_id: int) -> Consultation:
    consultation = db().get(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    return consultation


def _posted() -> bool:
    if not Form().validate_on_submit():
        abort(400)
    return True


@bp.get("/")
def index() -> str:
    rows = db().scalars(select(Consultation).order_by(Consultation.id.desc())).all()
    return render_template("author/index.html", rows=rows, form=Form(), kept=MultiDict(),
                           problems=[], un_languages=UN_LANGUAGES)


@bp.post("/new")
def new() -> Page:
    _posted()
    data = edits.new_draft(request.form)
    try:
        c = service.create_draft(db(), data, current_user.id)
    except (DefinitionError, SlugTakenError) as exc:
        db().rollback()
        problems = [p.message for p in exc.problems] if isinstance(exc, DefinitionError) \
            else [_("The short name %(slug)s is taken; choose another.", slug=exc)]
        rows = db().scalars(select(Consultation).order_by(Consultation.id.desc())).all()
        return render_template("author/index.html", rows=rows, form=Form(), kept=request.form,
                               problems=problems, un_languages=UN_LANGUAGES), 400
    db().commit()
    flash(_("Draft created. Write its texts and questions, then open it."))
    return redirect(url_for(".edit", consultation_id=c.id))


def _render_edit(c: Consultation, data: dict[str, Any], tl: str, *,
                 problems: list[Any] | None = None, conflict: bool = False,
                 status: int = 200) -> tuple[str, int]:
    return render_template(
        "author/edit.html", c=c, data=data, tl=tl, form=Form(), kinds=KIND_LABELS,
        errs=errors_by_path(problems or []), problems=problems or [], conflict=conflict,
        labels=FIELD_LABELS, un_languages=UN_LANGUAGES, answered=service.has_answers(db(), c),
        gaps=[g for g in missing_texts(c) if g.missing],
        ready=open_problems(c, now_utc())), status


@bp.route("/<int:consultation_id>/", methods=["GET", "POST"])
def edit(consultation_id: int) -> Page:
    c = _consultation(consultation_id)
    tl = text_language(c)
    if request.method == "GET":
        return _render_edit(c, service.definition_of(c), tl)[0]
    _posted()
    data = edits.settings(service.definition_of(c), request.form, tl)
    return _store(c, data, tl, "settings", url_for(".edit", consultation_id=c.id, tl=tl),
                  lambda d, **kw: _render_edit(c, d, tl, **kw))


@bp.post("/<int:consultation_id>/questions/add")
def add_question(consultation_id: int) -> Page:
    c = _consultation(consultation_id)
    _posted()
    part = "live_questions" if request.form.get("part") == "live_questions" else "questions"
    kind = request.form.get("kind", "long_text")
    data = edits.add_question(service.definition_of(c), part, kind,
                              request.form.get("prompt", ""), request.form.get("options", ""))
    n = len(data[part])
    return _store(c, data, text_language(c), "add-question",
                  url_for(".question", consultation_id=c.id, part=part, n=n),
                  lambda d, **kw: _render_edit(c, d, text_language(c), **kw))


@bp.post(f"/<int:consultation_id>/{PARTS}/<int:n>/arrange")
def arrange(consultation_id: int, part: str, n: int) -> Page:
    c = _consultation(consultation_id)
    _posted()
    action = request.form.get("action", "")
    if action not in ("up", "down", "duplicate", "delete"):
        abort(400)
    data = edits.rearrange(service.definition_of(c), part, n - 1, action)
    return _store(c, data, text_language(c), action, url_for(".edit", consultation_id=c.id),
                  lambda d, **kw: _render_edit(c, d, text_language(c), **kw))


@bp.route(f"/<int:consultation_id>/{PARTS}/<int:n>", methods=["GET", "POST"])
def question(consultation_id: int, part: str, n: int) -> Page:
    c = _consultation(consultation_id)
    tl = text_language(c)
    data = service.definition_of(c)
    if not 1 <= n <= len(data.get(part) or []):
        abort(404)

    def render(d: dict[str, Any], **kw: Any) -> tuple[str, int]:
        return _render_question(c, d, part, n, tl, **kw)

    if request.method == "GET":
        return render(data)[0]
    _posted()
    changed = edits.question(data, part, n - 1, request.form, tl)
    if request.form.get("op"):
        # Adding, deleting or moving an option: the page again, stored only if
        # it passes, so the new option's label can be written next.
        return _store(c, changed, tl, request.form["op"], None, render)
    return _store(c, changed, tl, "question",
                  url_for(".question", consultation_id=c.id, part=part, n=n, tl=tl), render)


def _render_question(c: Consultation, data: dict[str, Any], part: str, n: int, tl: str, *,
                     problems: list[Any] | None = None, conflict: bool = False,
                     status: int = 200) -> tuple[str, int]:
    q = data[part][n - 1]
    return render_template(
        "author/question.html", c=c, data=data, q=q, part=part, n=n, tl=tl, form=Form(),
        kinds=KIND_LABELS, errs=errors_by_path(problems or []), problems=problems or [],
        prefix=f"{part}.{n - 1}", conflict=conflict, bands=["default", *data["bands"]],
        lint=field_lint(q, data["bands"], tl), answered=service.has_answers(db(), c)), status


def _store(c: Consultation, data: dict[str, Any], tl: str, action: str, done: str | None,
           render: Any) -> Page:
    """Save through the one door; on refusal the page again, with what was typed."""
    try:
        service.save(db(), c, data, revision=request.form.get("revision", ""),
                     actor_id=current_user.id, action=action)
    except (service.EditConflictError, StaleDataError):
        # StaleDataError: the other save committed between this one's check and
        # its write; the row's version caught it (consultations/models.py).
        db().rollback()
        return render(data, conflict=True, status=409)
    except DefinitionError as exc:
        db().rollback()
        return render(data, problems=exc.problems, status=400)
    except SlugTakenError as exc:
        db().rollback()
        flash(_("The short name %(slug)s is taken; choose another.", slug=exc))
        return render(data, status=400)
    except service.WordingOnlyError:
        db().rollback()
        flash(_("People have answered this consultation: only wording can be corrected now, "
                "not questions, options or settings."))
        return render(data, status=409)
    db().commit()
    if done is None:
        return render(service.definition_of(c))
    flash(_("Saved."))
    return redirect(done)


@bp.get("/<int:consultation_id>/missing")
def missing(consultation_id: int) -> str:
    c = _consultation(consultation_id)
    return render_template("author/missing.html", c=c, gaps=missing_texts(c))


@bp.post("/<int:consultation_id>/open")
def open_(consultation_id: int) -> Page:
    c = _consultation(consultation_id)
    _posted()
    try:
        service.open_consultation(db(), c, revision=request.form.get("revision", ""),
                                  actor_id=current_user.id)
    except service.EditConflictError:
        db().rollback()
        flash(_("Someone changed this consultation since you loaded the page. Check it, then "
                "open it again."))
        return redirect(url_for(".edit", consultation_id=c.id))
    except (service.NotReadyError, service.StatusChangeError) as exc:
        db().rollback()
        flash(_("It cannot open yet: %(why)s", why=str(exc)))
        return redirect(url_for(".edit", consultation_id=c.id))
    db().commit()
    flash(_("The consultation is open."))
    return redirect(url_for(".edit", consultation_id=c.id))


@bp.post("/<int:consultation_id>/lint")
def lint(consultation_id: int) -> BaseResponse:
    """Readability of one text as it is typed (static/js/author.js): the same
    measures and targets as `consult consultations lint`."""
    c = _consultation(consultation_id)
    # CSRFProtect has checked the X-CSRFToken header already, as for every POST.
    payload = request.get_json(silent=True)
    payload = payload if isinstance(payload, dict) else {}
    text, lang = str(payload.get("text", ""))[:5000], str(payload.get("lang", ""))
    bands = [b for b in payload.get("bands", []) if b in c.bands] \
        if isinstance(payload.get("bands"), list) else []
    if lang not in c.languages:
        abort(400)
    messages = []
    for band in bands:
        found = readability_check(text, lang, band)
        if found:
            messages.append(lint_message(band, *found))
    return jsonify({"warnings": messages})

