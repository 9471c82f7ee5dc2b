"""The participant journey: no account, no personal data, JavaScript optional."""

from __future__ import annotations

from flask import (Response, abort, current_app, g, redirect, render_template,
                   request, session, url_for)
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from consult.consultations.cache import ConsultationSnapshot
from consult.consultations.service import (ConsultationNotFoundError, availability, now_utc,
                                           open_consultations)
from consult.extensions import db
from consult.groups.service import find_active_group
from consult.help.countries import region_of
from consult.help.service import helplines_near
from consult.i18n import select_locale
from consult.participate import service
from consult.participate.forms import ActionForm, GroupForm, QuoteForm, StartForm, question_form
from consult.participate.models import Draft
from consult.participate import bp
from consult.participate.review import review_rows
from consult.privacy import codes

# Kinds answered with radio buttons, which a participant cannot untick.
ONE_CHOICE_KINDS = ("single_choice", "emoji_scale")
Page = str | BaseResponse | tuple[str, int]


def _consultation(slug: str) -> ConsultationSnapshot:
    try:
        consultation = current_app.extensions["consult.consultations"].get(db(), slug)
    except ConsultationNotFoundError:
        abort(404)
    g.consultation_languages = consultation.languages
    return consultation


def _open(slug: str) -> ConsultationSnapshot:
    consultation = _consultation(slug)
    state = availability(consultation, now_utc())
    if state != "open":
        abort(Response(render_template("participate/unavailable.html", c=consultation,
                                       state=state), 403))
    return consultation


def _draft(consultation: ConsultationSnapshot) -> Draft:
    try:
        return service.load_draft(db(), consultation,
                                  session.get("drafts", {}).get(consultation.slug))
    except service.DraftNotFoundError:
        abort(redirect(url_for(".start", slug=consultation.slug)))


def _wording(consultation: ConsultationSnapshot, draft: Draft) -> tuple[str, str, str]:
    """(band, language, fallback language) of the consultation's own words.

    They follow the page's language when the consultation has it, so a
    participant who switches language mid-journey reads the question, its
    options and hint in that language too; the draft remembers the choice,
    and the submission is stored in the language last read."""
    page = select_locale()
    if page != draft.state["lang"] and page in consultation.languages:
        service.update_draft(draft, now_utc().date(), lang=page)
        db().commit()
    return draft.state["band"], draft.state["lang"], consultation.languages[0]


@bp.get("/")
def index() -> str:
    return render_template("participate/index.html",
                           consultations=open_consultations(db(), now_utc()))


@bp.get("/c/<slug>/")
def about(slug: str) -> str:
    consultation = _consultation(slug)
    return render_template("participate/about.html", c=consultation,
                           state=availability(consultation, now_utc()))


@bp.route("/c/<slug>/start", methods=["GET", "POST"])
def start(slug: str) -> Page:
    consultation = _open(slug)
    form = StartForm().setup(consultation)
    if form.validate_on_submit():
        lang = select_locale()
        lang = lang if lang in consultation.languages else consultation.languages[0]
        # The country stays in the server-side draft, which is deleted when the
        # answers are sent; only its region reaches the submission (docs/privacy.md#rule-2).
        country = form.country.data or None
        region = region_of(country)
        token = service.start_draft(db(), consultation, band=form.band.data,
                                    lang=lang, region=region, country=country,
                                    today=now_utc().date())
        db().commit()
        session["drafts"] = {**session.get("drafts", {}), slug: token}
        session["lang"] = lang
        if region:
            session["region"] = region
        step = ".group" if consultation.band_needs_group(form.band.data) else ".assent"
        return redirect(url_for(step, slug=slug))
    return render_template("participate/start.html", c=consultation, form=form)


@bp.route("/c/<slug>/group", methods=["GET", "POST"])
def group(slug: str) -> Page:
    consultation = _open(slug)
    draft = _draft(consultation)
    form = GroupForm()
    if form.validate_on_submit():
        found = find_active_group(db(), consultation, current_app.config["SECRET_KEY"],
                                  form.code.data)
        if found is not None:
            service.update_draft(draft, now_utc().date(), group_id=found.id)
            db().commit()
            return redirect(url_for(".assent", slug=slug))
        form.code.errors.append(_("We could not find that group code. Check it with the "
                                  "person who gave it to you."))
    return render_template("participate/group.html", c=consultation, form=form)


@bp.route("/c/<slug>/assent", methods=["GET", "POST"])
def assent(slug: str) -> Page:
    consultation = _open(slug)
    draft = _draft(consultation)
    if consultation.band_needs_group(draft.state["band"]) and not draft.state.get("group_id"):
        return redirect(url_for(".group", slug=slug))
    form = ActionForm()
    if form.validate_on_submit():
        if request.form.get("choice") == "take-part":
            service.update_draft(draft, now_utc().date(), assent=True)
            db().commit()
            return redirect(url_for(".question", slug=slug, n=1))
        if request.form.get("choice") == "no-thanks":
            db().delete(draft)
            db().commit()
            session.get("drafts", {}).pop(slug, None)
            session.modified = True
            return render_template("participate/no_thanks.html", c=consultation)
    return render_template("participate/assent.html", c=consultation, form=form)


@bp.route("/c/<slug>/q/<int:n>", methods=["GET", "POST"])
def question(slug: str, n: int) -> Page:
    consultation = _open(slug)
    draft = _draft(consultation)
    if not draft.state.get("assent"):
        return redirect(url_for(".assent", slug=slug))
    questions = consultation.questions
    if not 1 <= n <= len(questions):
        abort(404)
    q = questions[n - 1]
    band, lang, fallback = _wording(consultation, draft)
    if request.method == "POST" and request.form.get("action") == "clear":
        # A chosen radio button cannot be unticked: this is how a choice is
        # taken back, so that every question stays skippable.
        service.save_answer(draft, q, None, now_utc().date())
        db().commit()
        return redirect(url_for(".question", slug=slug, n=n,
                                review=1 if request.form.get("to_review") else None))
    saved = draft.state.get("answers", {}).get(q.key)
    form = question_form(q, band, lang, fallback,
                         formdata=request.form if request.method == "POST" else None,
                         value=saved)
    if request.method == "POST" and form.validate():
        service.save_answer(draft, q, form.answer.data, now_utc().date())
        db().commit()
        if request.form.get("action") == "back":
            return redirect(url_for(".question", slug=slug, n=n - 1) if n > 1
                            else url_for(".assent", slug=slug))
        if request.form.get("to_review"):
            return redirect(url_for(".review", slug=slug))
        return redirect(url_for(".question", slug=slug, n=n + 1) if n < len(questions)
                        else url_for(".quote", slug=slug))
    return render_template("participate/question.html", c=consultation, form=form, q=q, n=n,
                           total=len(questions), from_review=request.args.get("review"),
                           can_clear=saved is not None and q.kind in ONE_CHOICE_KINDS)


@bp.route("/c/<slug>/quote", methods=["GET", "POST"])
def quote(slug: str) -> Page:
    consultation = _open(slug)
    draft = _draft(consultation)
    form = QuoteForm(data={"consent": "yes" if draft.state.get("quote_consent") else "no"})
    if form.validate_on_submit():
        service.update_draft(draft, now_utc().date(), quote_consent=form.consent.data == "yes")
        db().commit()
        if request.form.get("action") == "back":
            return redirect(url_for(".question", slug=slug, n=len(consultation.questions)))
        return redirect(url_for(".review", slug=slug))
    return render_template("participate/quote.html", c=consultation, form=form)


@bp.route("/c/<slug>/review", methods=["GET", "POST"])
def review(slug: str) -> Page:
    consultation = _open(slug)
    draft = _draft(consultation)
    form = ActionForm()
    if form.validate_on_submit() and request.form.get("action") == "send":
        return _send(consultation, draft)
    rows = review_rows(consultation, draft.state, *_wording(consultation, draft))
    return render_template("participate/review.html", c=consultation, form=form, rows=rows,
                           quote_consent=draft.state.get("quote_consent"),
                           editing=draft.submission_id is not None)


def _send(consultation: ConsultationSnapshot, draft: Draft) -> Page:
    editing = draft.submission_id is not None
    # Read before the draft goes: the country is used for this page only and
    # is stored nowhere (docs/privacy.md#rule-2).
    country, region = draft.state.get("country"), draft.state.get("region")
    if editing:
        try:
            sent = service.save_edit(db(), consultation, draft, now_utc())
        except service.SubmissionLockedError:
            abort(403)
    else:
        sent = service.send(db(), consultation, draft, secret=current_app.config["SECRET_KEY"],
                            today=now_utc().date())
    db().commit()
    session.get("drafts", {}).pop(consultation.slug, None)
    session.modified = True
    # Shown once, in this response; never put in the session cookie (rule 3).
    return render_template("participate/done.html", c=consultation, code=sent.code,
                           editing=editing, disclosures=sent.disclosures,
                           lines=helplines_near(country, region), form=ActionForm())


@bp.post("/c/<slug>/return-code.txt")
def code_file(slug: str) -> Response:
    consultation = _consultation(slug)
    code = codes.normalise(request.form.get("code", ""))
    if len(code) != codes.RETURN_CODE_DIGITS:
        abort(400)
    body = render_template("participate/code.txt", c=consultation, code=codes.group(code),
                           url=url_for(".return_page", _external=True))
    return Response(body, mimetype="text/plain", headers={
        "Content-Disposition": "attachment; filename=consult-return-code.txt"})
