"""The safeguarding leads' cases (role safeguarding only, docs/privacy.md#rule-8)."""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from consult.auth.models import StaffUser
from consult.consultations.models import Consultation
from consult.extensions import db
from consult.participate.models import Submission
from consult.safeguarding import bp, sender, service
from consult.safeguarding.forms import STATUS_LABELS, ActionForm, NoteForm, StatusForm
from consult.safeguarding.models import CASE_STATUSES, Case
from consult.staff.access import require_roles

# docs/privacy.md#rule-8: only the safeguarding role sees escalated text; not moderators, and not
# admins either, whose role is running the service rather than reading disclosures.
require_roles(bp, ["safeguarding"])
Page = str | tuple[str, int]


@bp.record_once
def _setup(state: object) -> None:
    # Alerts queued by a commit are emailed after it, off the request.
    app: Flask = state.app  # type: ignore[attr-defined]
    sender.install(app)


@bp.get("/")
def cases() -> str:
    status = request.args.get("status")
    status = status if status in CASE_STATUSES else None
    rows = service.cases(db(), status)
    submissions = {s.id: s for s in db().scalars(
        select(Submission).where(Submission.id.in_([c.submission_id for c in rows])))}
    slugs = {id_: slug for id_, slug in db().execute(select(Consultation.id, Consultation.slug))}
    return render_template("safeguarding/cases.html", rows=rows, submissions=submissions,
                           slugs=slugs, status=status, labels=STATUS_LABELS)


@bp.get("/case/<int:case_id>")
def case(case_id: int) -> Page:
    return _case_page(_case(case_id))


@bp.post("/case/<int:case_id>/reveal")
def reveal(case_id: int) -> Page:
    found = _case(case_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    submission = service.reveal(db(), found, current_user.id)
    db().commit()
    return _case_page(found, revealed=submission)


@bp.post("/case/<int:case_id>/status")
def status(case_id: int) -> Page | BaseResponse:
    found = _case(case_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _case_page(found, status_form=form), 400
    service.set_status(db(), found, form.status.data, current_user.id)
    db().commit()
    flash(_("Case status saved."))
    return redirect(url_for(".case", case_id=case_id))


@bp.post("/case/<int:case_id>/note")
def note(case_id: int) -> Page | BaseResponse:
    found = _case(case_id)
    form = NoteForm()
    if not form.validate_on_submit():
        # The page again, with what was typed kept in the box.
        return _case_page(found, note_form=form), 400
    service.add_note(db(), found, current_user.id, form.body.data)
    db().commit()
    flash(_("Note saved."))
    return redirect(url_for(".case", case_id=case_id, _anchor="notes"))


@bp.post("/case/<int:case_id>/return")
def return_to_moderation(case_id: int) -> BaseResponse:
    found = _case(case_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    submission = db().get(Submission, found.submission_id)
    # Only an escalated submission goes back: one the participant withdrew, or one
    # already returned, must not reappear in the moderators' queue.
    if submission is None or submission.status != "escalated":
        flash(_("This submission is no longer escalated, so it cannot be returned to "
                "moderation."))
        return redirect(url_for(".case", case_id=case_id))
    service.return_to_moderation(db(), found, current_user.id)
    db().commit()
    flash(_("Case #%(id)d closed; the submission is back in the moderation queue.",
            id=case_id))
    return redirect(url_for(".cases"))


def _case(case_id: int) -> Case:
    try:
        return service.get_case(db(), case_id)
    except service.CaseNotFoundError:
        abort(404)


def _case_page(found: Case, *, revealed: Submission | None = None,
               status_form: StatusForm | None = None,
               note_form: NoteForm | None = None) -> str:
    """The case; its answers are passed to the template only once revealed
    (docs/privacy.md#rule-8)."""
    submission = db().get(Submission, found.submission_id)
    consultation = submission and db().get(Consultation, submission.consultation_id)
    if submission is None or consultation is None:
        abort(404)
    authors = {id_: email for id_, email in db().execute(
        select(StaffUser.id, StaffUser.email)
        .where(StaffUser.id.in_([n.author_id for n in found.notes])))}
    context: dict[str, Any] = {
        "case": found, "s": submission, "c": consultation, "authors": authors,
        "labels": STATUS_LABELS, "action_form": ActionForm(),
        "status_form": status_form or StatusForm(formdata=None, status=found.status),
        "note_form": note_form or NoteForm(formdata=None),
        "answers": None,
    }
    if revealed is not None:
        questions = {q.id: q for q in consultation.questions}
        context["answers"] = [(questions[a.question_id], a) for a in revealed.answers]
    return render_template("safeguarding/case.html", **context)
