"""/return: a participant comes back with their return code (rule 7)."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from consult.consultations.models import Consultation
from consult.consultations.service import now_utc
from consult.extensions import count_failed_code, db
from consult.participate import bp, service
from consult.participate.forms import ReturnForm
from consult.participate.models import Draft
from consult.participate.status import shown_status
from consult.participate.views import Page
from consult.privacy.sanitize import markdown_to_html
from consult.results.service import feedback_for, feedback_text


def _lookup(form: ReturnForm) -> tuple[service.Submission, Consultation] | None:
    submission = service.find_by_code(db(), current_app.config["SECRET_KEY"], form.code.data)
    if submission is None:
        return None
    return submission, db().get(Consultation, submission.consultation_id)  # type: ignore


@bp.route("/return", methods=["GET", "POST"])
def return_page() -> Page:
    form = ReturnForm()
    if request.method == "POST" and form.validate():
        found = _lookup(form)
        if found is None:
            # Only wrong codes count, so a right one always works, even for the
            # 41st child behind one school address. Guessing is bounded by the
            # code space (about 66 bits, rule 3); the count slows a script down
            # and a log line tells the operator.
            if not count_failed_code("return"):
                return render_template("participate/return.html", form=form,
                                       too_many=True), 429
            form.code.errors.append(_not_found())
        else:
            submission, consultation = found
            action = request.form.get("action")
            if action == "withdraw-confirm":
                return render_template("participate/withdraw.html", c=consultation, form=form)
            if action == "withdraw" and submission.status != "withdrawn":
                service.withdraw(db(), submission)
                db().commit()
                return render_template("participate/withdrawn.html", c=consultation)
            if action in ("edit", "edit-replace"):
                return _edit(form, submission, consultation)
            return render_template(
                "participate/status.html", c=consultation, form=form,
                shown=shown_status(submission.status, consultation.status),
                can_change=service.can_change(submission, consultation, now_utc()),
                feedback=_feedback(consultation, submission))
    return render_template("participate/return.html", form=form), (
        400 if form.errors else 200)


def _edit(form: ReturnForm, submission: service.Submission, consultation: Consultation) -> Page:
    current = _draft_in_progress(consultation)
    if current is not None:
        if current.submission_id == submission.id:
            # Already changing these answers on this device: carry on.
            return redirect(url_for(".question", slug=consultation.slug, n=1))
        if request.form.get("action") != "edit-replace":
            # Never swap the answers someone is typing for another submission
            # without asking: they may not be the one who posted this code.
            return render_template("participate/replace_draft.html", c=consultation,
                                   form=form)
        db().delete(current)
    try:
        token = service.draft_for_edit(db(), consultation, submission, now_utc())
    except service.SubmissionLockedError:
        return render_template("participate/status.html", c=consultation, form=form,
                               shown=shown_status(submission.status, consultation.status),
                               can_change=False), 403
    db().commit()
    session["drafts"] = {**session.get("drafts", {}), consultation.slug: token}
    session["lang"] = submission.language
    return redirect(url_for(".question", slug=consultation.slug, n=1))


def _draft_in_progress(consultation: Consultation) -> Draft | None:
    try:
        return service.load_draft(db(), consultation,
                                  session.get("drafts", {}).get(consultation.slug))
    except service.DraftNotFoundError:
        return None


def _feedback(consultation: Consultation, submission: service.Submission) -> str:
    """'What we did with your views', for the participant's band and language."""
    text = feedback_text(feedback_for(db(), consultation.id), submission.band,
                         submission.language, consultation.languages[0])
    return markdown_to_html(text) if text else ""


def _not_found() -> str:
    return _("We could not find that return code. Check each digit and try again.")
