"""The staff side of a live session: the chair's steps and the moderators' live queue.

Deny by default (consult/staff/access.py): each blueprint names its role, and
every step and every decision is audited by the service (rule 9).
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from consult.consultations.models import Consultation
from consult.extensions import db, get_or_404
from consult.i18n import NATIVE_NAMES
from consult.live import chair_bp, moderate_bp, service
from consult.live.forms import ActionForm, OpenForm
from consult.live.models import LiveSession
from consult.live.screen import screen_view
from consult.privacy.disclosure import effective_k
from consult.staff.access import require_roles

require_roles(chair_bp, ["chair"])
require_roles(moderate_bp, ["moderator"])


def _consultation(consultation_id: int) -> Consultation:
    return get_or_404(Consultation, consultation_id)


def _open_form(consultation: Consultation) -> OpenForm:
    form = OpenForm()
    form.screen_lang.choices = [(lang, NATIVE_NAMES[lang]) for lang in consultation.languages]
    return form


@chair_bp.get("/<int:consultation_id>/")
def controls(consultation_id: int) -> str:
    c = _consultation(consultation_id)
    live = service.active_session(db(), c.id)
    view = None
    if live is not None:
        snapshot = current_app.extensions["consult.consultations"].get(db(), c.slug)
        view = screen_view(db(), live, snapshot, c.k_threshold)
    return render_template("live/chair.html", c=c, live=live, view=view,
                           questions=service.live_questions(c), form=_open_form(c),
                           action=ActionForm())


@chair_bp.post("/<int:consultation_id>/open")
def open_session(consultation_id: int) -> BaseResponse:
    c = _consultation(consultation_id)
    form = _open_form(c)
    if not form.validate_on_submit():
        abort(400)
    try:
        service.open_session(db(), c, screen_lang=form.screen_lang.data,
                             with_key=bool(form.screen_key.data), actor_id=current_user.id)
    except service.NoLiveQuestionsError:
        flash(_("This consultation has no live questions. Add them to its definition first."))
    except service.NotLiveError:
        flash(_("A live session can run only while the consultation is open or closed."))
    except service.LiveSessionActiveError:
        flash(_("A live session is already running for this consultation."))
    else:
        db().commit()
        flash(_("The live session is open."))
    return redirect(url_for(".controls", consultation_id=c.id))


@chair_bp.post("/<int:consultation_id>/step")
def step(consultation_id: int) -> BaseResponse:
    c = _consultation(consultation_id)
    live = service.active_session(db(), c.id)
    if live is None or not ActionForm().validate_on_submit():
        abort(400)
    do = request.form.get("do", "")
    try:
        if do.startswith("show-") and do[5:].isdigit():
            service.show_question(db(), live, c, int(do[5:]), current_user.id)
        elif do == "close":
            service.close_answers(db(), live, current_user.id)
        elif do == "results":
            service.show_results(db(), live, current_user.id)
        elif do == "end":
            service.end_session(db(), live, current_user.id)
        else:
            abort(400)
    except (LookupError, service.AnswersClosedError):
        db().rollback()
        abort(400)
    db().commit()
    return redirect(url_for(".controls", consultation_id=c.id))


@moderate_bp.get("/")
def sessions() -> str:
    rows = db().execute(select(LiveSession, Consultation).join(
        Consultation, Consultation.id == LiveSession.consultation_id).where(
        LiveSession.state != "ended").order_by(LiveSession.id)).all()
    return render_template("live/sessions.html", rows=rows)


@moderate_bp.get("/<int:live_id>")
def queue(live_id: int) -> str:
    live = get_or_404(LiveSession, live_id)
    c = _consultation(live.consultation_id)
    questions = {q.id: q for q in c.questions}
    return render_template("live/queue.html", live=live, c=c, questions=questions,
                           rows=service.pending_texts(db(), live), action=ActionForm(),
                           held=service.held_texts(db(), live), k=effective_k(c.k_threshold))


@moderate_bp.post("/<int:live_id>/<int:text_id>")
def decide(live_id: int, text_id: int) -> BaseResponse:
    live = get_or_404(LiveSession, live_id)
    c = _consultation(live.consultation_id)
    if not ActionForm().validate_on_submit() or \
            request.form.get("decision") not in ("show", "reject"):
        abort(400)
    try:
        service.decide_text(db(), live, text_id, show=request.form["decision"] == "show",
                            actor_id=current_user.id, k=c.k_threshold)
    except LookupError:
        abort(404)
    except service.AlreadyAnsweredError:
        db().rollback()
        flash(_("Another moderator decided that text first."))
        return redirect(url_for(".queue", live_id=live.id))
    db().commit()
    return redirect(url_for(".queue", live_id=live.id))
