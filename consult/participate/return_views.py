"""/return: a participant comes back with their return code (rule 7)."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from consult.consultations.models import Consultation
from consult.consultations.service import now_utc
from consult.extensions import csrf, db, limiter
from consult.participate import service
from consult.participate.forms import ReturnForm
from consult.participate import bp
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
@csrf.exempt
@limiter.limit("20/minute;200/day", methods=["POST"])
def return_page() -> Page:
    form = ReturnForm()
    if request.method == "POST" and form.validate():
        found = _lookup(form)
        if found is None:
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
            if action == "edit":
                return _edit(form, submission, consultation)
            return render_template(
                "participate/status.html", c=consultation, form=form,
                shown=shown_status(submission.status, consultation.status),
                can_change=service.can_change(submission, consultation, now_utc()),
                feedback=_feedback(consultation, submission))
    return render_template("participate/return.html", form=form), (
        400 if form.errors else 200)


def _edit(form: ReturnForm, submission: service.Submission, consultation: Consultation) -> Page:
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


def _feedback(consultation: Consultation, submission: service.Submission) -> str:
    """'What we did with your views', for the participant's band and language."""
    text = feedback_text(feedback_for(db(), consultation.id), submission.band,
                         submission.language, consultation.languages[0])
    return markdown_to_html(text) if text else ""


def _not_found() -> str:
    return _("We could not find that return code. Check each digit and try again.")
