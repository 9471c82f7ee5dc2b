"""The moderators' queue and decisions (role moderator)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from consult.consultations.models import Consultation
from consult.consultations.service import now_utc
from consult.detect.pii import Span
from consult.extensions import db
from consult.moderate import bp, service
from consult.moderate.forms import FLAG_LABELS, REASON_LABELS, BulkForm, DecisionForm
from consult.moderate.present import highlight
from consult.participate.forms import answer_label
from consult.participate.service import one_line_break
from consult.staff.access import require_roles

require_roles(bp, ["moderator"])
Page = str | BaseResponse | tuple[str, int]
# A choice reads as the participant saw it (an emoji scale point as its face
# and words), never as a stored key or number.
bp.add_app_template_global(answer_label, "answer_label")


# The queue's filters, the only query keys carried from one queue address to
# the next: any other key would reach url_for as a keyword (endpoint, _external,
# _scheme...) and change what it builds, or fail.
QUEUE_KEYS = ("consultation", "question", "flag", "band", "language")


def _queue_args() -> dict[str, str]:
    return {k: v for k, v in request.args.items() if k in QUEUE_KEYS}


def _filters() -> service.QueueFilter:
    args = request.args
    return service.QueueFilter(
        consultation_id=args.get("consultation", type=int),
        question_id=args.get("question", type=int),
        flag=args.get("flag") if args.get("flag") in service.FLAGS else None,
        band=args.get("band") or None, language=args.get("language") or None)


@bp.get("/")
def queue() -> str:
    filters = _filters()
    rows, next_after = service.queue_page(db(), filters, request.args.get("after", 0, type=int))
    consultations = list(db().scalars(select(Consultation).order_by(Consultation.slug)))
    chosen = next((c for c in consultations if c.id == filters.consultation_id), None)
    by_id = {c.id: c for c in consultations}
    args = _queue_args()
    return render_template("moderate/queue.html", rows=rows, next_after=next_after,
                           filters=filters, consultations=consultations, chosen=chosen,
                           by_id=by_id, args=args, form=BulkForm(), flags=FLAG_LABELS,
                           highlight=highlight)


@bp.get("/next")
def next_item() -> BaseResponse:
    submission = service.claim_next(db(), current_user.id, _filters(), now_utc())
    db().commit()
    if submission is None:
        flash(_("Nothing is waiting in this queue."))
        return redirect(url_for(".queue", **_queue_args()))
    return redirect(url_for(".submission", submission_id=submission.id))


@bp.get("/s/<int:submission_id>")
def submission(submission_id: int) -> Page:
    return _decision_page(submission_id, revealed=False)


@bp.post("/s/<int:submission_id>/reveal")
def reveal(submission_id: int) -> Page:
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    return _decision_page(submission_id, revealed=True)


def _decision_page(submission_id: int, revealed: bool) -> Page:
    try:
        row = service.claim(db(), submission_id, current_user.id, now_utc())
    except LookupError:
        abort(404)
    except service.NotPendingError:
        db().rollback()
        return render_template("moderate/gone.html", reason="escalated"), 409
    except service.AlreadyDecidedError as exc:
        db().rollback()
        return render_template("moderate/gone.html", reason=exc.status), 409
    except service.ClaimedError:
        db().rollback()
        return render_template("moderate/gone.html", reason="claimed"), 409
    if revealed:
        service.reveal(db(), row, current_user.id)
    db().commit()
    consultation = db().get(Consultation, row.consultation_id)
    return render_template(
        "moderate/submission.html", s=row, c=consultation, form=DecisionForm(),
        texts=service.text_answers(row, consultation), qs=service.questions_by_id(consultation),
        hidden=row.flag_disclosure and not revealed, highlight=highlight,
        reasons=REASON_LABELS)


@bp.post("/s/<int:submission_id>/decide")
def decide(submission_id: int) -> Page:
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("The form had expired. Please decide again."))
        return redirect(url_for(".submission", submission_id=submission_id))
    action, now, user = request.form.get("action"), now_utc(), current_user.id
    try:
        if action == "approve":
            service.approve(db(), submission_id, user, now, redactions=_kept(),
                            edited=_edited(), selected=_selected())
        elif action == "reject":
            service.reject(db(), submission_id, user, now, form.reason.data or "other",
                           form.note.data)
        elif action == "escalate":
            service.escalate(db(), submission_id, user, now, form.note.data)
        else:
            abort(400)
    except service.SelectionError:
        db().rollback()
        flash(_("The text selected for redaction is not in the answer as stored. Nothing "
                "was saved; please select it again."))
        return redirect(url_for(".submission", submission_id=submission_id))
    except service.RedactionError:
        db().rollback()
        flash(_("The redacted copy may only replace text with █ characters. Nothing was "
                "saved; please try again."))
        return redirect(url_for(".submission", submission_id=submission_id))
    except service.ModerationError as exc:
        db().rollback()
        return render_template("moderate/gone.html", reason=_gone_reason(exc)), 409
    db().commit()
    flash(_("Decision saved."))
    return redirect(url_for(".next_item"))


def _gone_reason(exc: service.ModerationError) -> str:
    if isinstance(exc, service.AlreadyDecidedError):
        return exc.status
    return "claimed" if isinstance(exc, service.ClaimedError) else "escalated"


def _answer_ids(prefix: str) -> list[int]:
    return [int(k[len(prefix):]) for k in request.form
            if k.startswith(prefix) and k[len(prefix):].isdigit()]


def _kept() -> dict[int, list[Span]]:
    """Detected spans the moderator kept ("keep-<answer>" = "start:end:kind"), for
    each answer whose span list was on the page ("spans-<answer>")."""
    out: dict[int, list[Span]] = {}
    for answer_id in _answer_ids("spans-"):
        out[answer_id] = []
        for value in request.form.getlist(f"keep-{answer_id}"):
            try:
                start, end, kind = value.split(":", 2)
                out[answer_id].append(Span(kind[:20], int(start), int(end), ""))
            except ValueError:
                abort(400)
    return out


def _selected() -> dict[int, list[Span]]:
    """Text selected in the page ("add-<answer>" = "start:end:text", offsets in
    characters); the service checks the text is there before masking it."""
    out: dict[int, list[Span]] = {}
    for answer_id in _answer_ids("add-"):
        for value in request.form.getlist(f"add-{answer_id}"):
            try:
                start, end, text = value.split(":", 2)
                span = Span("manual", int(start), int(end), one_line_break(text))
            except ValueError:
                abort(400)
            out.setdefault(answer_id, []).append(span)
    return out


def _edited() -> dict[int, str]:
    return {int(k[7:]): one_line_break(v) for k, v in request.form.items()
            if k.startswith("edited-") and k[7:].isdigit()}


@bp.post("/bulk")
def bulk() -> BaseResponse:
    form = BulkForm()
    if not form.validate_on_submit():
        abort(400)
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    action, now, done, skipped = request.form.get("action"), now_utc(), 0, 0
    for submission_id in ids:
        try:
            with db().begin_nested():
                if action == "approve":
                    service.approve(db(), submission_id, current_user.id, now)
                elif action == "reject":
                    service.reject(db(), submission_id, current_user.id, now,
                                   form.reason.data or "other")
                else:
                    abort(400)
            done += 1
        except (service.ModerationError, LookupError):
            skipped += 1
    db().commit()
    flash(_("%(done)d decided; %(skipped)d skipped because someone else had them or they "
            "were already decided.", done=done, skipped=skipped))
    # The filters ride on the form's address: browsers send no Referer here.
    return redirect(url_for(".queue", **_queue_args()))




@bp.get("/quotes")
def quotes() -> str:
    consultations = list(db().scalars(select(Consultation).order_by(Consultation.slug)))
    chosen = db().get(Consultation, request.args.get("consultation", 0, type=int))
    rows, next_after = (service.quote_candidates(db(), chosen.id,
                                                 request.args.get("after", 0, type=int))
                        if chosen else ([], None))
    return render_template("moderate/quotes.html", consultations=consultations, chosen=chosen,
                           rows=rows, next_after=next_after, form=BulkForm(),
                           qs=service.questions_by_id(chosen) if chosen else {})


@bp.post("/quotes/<int:answer_id>")
def quote(answer_id: int) -> BaseResponse:
    if not BulkForm().validate_on_submit():
        abort(400)
    action = request.form.get("action")
    try:
        if action == "confirm":
            answer = service.confirm_quote(db(), answer_id, current_user.id)
        else:
            answer = service.mark_quotable(db(), answer_id, current_user.id, action == "mark")
    except LookupError:
        abort(404)
    except service.ModerationError:
        db().rollback()
        flash(_("That answer cannot be quoted: it must be approved, its writer must have "
                "agreed, and a second moderator must confirm your own marks."))
        return redirect(url_for(".quotes", consultation=request.form.get("consultation")))
    db().commit()
    return redirect(url_for(".quotes", consultation=answer.submission.consultation_id,
                            _anchor=f"a{answer_id}"))
