"""The participant journey: no account, no personal data, JavaScript optional."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from consult.consultations.cache import ConsultationCache, ConsultationSnapshot
from consult.consultations.service import (
    ConsultationNotFoundError,
    availability,
    now_utc,
    open_consultations,
)
from consult.extensions import (
    code_tries_left,
    count_failed_code,
    db,
    limiter,
    send_limit,
    start_limit,
)
from consult.groups.service import group_admits, refusal_message, use_code
from consult.help.countries import region_of
from consult.help.service import helplines_near
from consult.i18n import select_locale
from consult.participate import bp, service
from consult.participate.forms import ActionForm, GroupForm, QuoteForm, StartForm, question_form
from consult.participate.review import review_rows
from consult.participate.service import OpenDraft
from consult.privacy import codes

# Kinds answered with radio buttons, which a participant cannot untick.
ONE_CHOICE_KINDS = ("single_choice", "emoji_scale")
Page = str | BaseResponse | tuple[str, int]


def consultation_or_404(slug: str) -> ConsultationSnapshot:
    """The consultation's snapshot for a participant's page (the live pages too)."""
    try:
        consultation = _cache().get(db(), slug)
    except ConsultationNotFoundError:
        abort(404)
    g.consultation_languages = consultation.languages
    return consultation


_consultation = consultation_or_404


def _cache() -> ConsultationCache:
    return current_app.extensions["consult.consultations"]  # type: ignore[no-any-return]


def _autocommit() -> None:
    """On PostgreSQL, run this request's statements each in a transaction of its own.

    Every step of the journey but sending writes at most one statement (one
    INSERT, UPDATE or DELETE, or one answer's upsert), each whole by itself, so
    a surrounding transaction adds nothing but its BEGIN and COMMIT: two of a
    page's round trips. Sending keeps its transaction (_send). SQLite runs in
    the worker, with no round trips to save, and its driver begins a
    transaction only before a write anyway; switching it costs two PRAGMAs."""
    if not db().in_transaction() and db().get_bind().dialect.name == "postgresql":
        db().connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def _step(slug: str, *, atomic: bool = False) -> tuple[ConsultationSnapshot, OpenDraft | None]:
    """The open consultation and this participant's draft in it (None if there is
    none), read in one query."""
    if not atomic:
        _autocommit()
    found, draft = service.read_page(db(), slug, session.get("drafts", {}).get(slug))
    try:
        consultation = _cache().current(db(), slug, found)
    except ConsultationNotFoundError:
        abort(404)
    g.consultation_languages = consultation.languages
    _refuse_unless_open(consultation)
    return consultation, draft


def _open(slug: str) -> ConsultationSnapshot:
    return _step(slug)[0]


def _refuse_unless_open(consultation: ConsultationSnapshot) -> None:
    state = availability(consultation, now_utc())
    if state != "open":
        abort(Response(render_template("participate/unavailable.html", c=consultation,
                                       state=state), 403))


# The steps of a journey, in order; each page needs every step before it.
STEPS = (".start", ".group", ".assent")


def _with_draft(slug: str, page: str = "") -> tuple[ConsultationSnapshot, OpenDraft]:
    """The open consultation and the browser's draft, once every step before
    this page is done.

    Checked on the server for every page, so no step can be skipped by
    posting straight to a later address."""
    consultation, draft = _step(slug)
    if draft is None:
        abort(redirect(url_for(".start", slug=slug)))
    _require_steps(consultation, draft, STEPS[:STEPS.index(page)] if page in STEPS else STEPS)
    return consultation, draft


def _require_steps(consultation: ConsultationSnapshot, draft: OpenDraft,
                   needed: tuple[str, ...]) -> None:
    missing = next((step for step in needed if not _done(consultation, draft, step)), None)
    if missing:
        abort(redirect(url_for(missing, slug=consultation.slug)))


def _done(consultation: ConsultationSnapshot, draft: OpenDraft, step: str) -> bool:
    band = draft.state.get("band")
    if step == ".start":
        return band in consultation.bands
    if step == ".group":
        # Below the independent age a child takes part only through a group
        # whose organiser collected a guardian's consent.
        return not consultation.band_needs_group(band) or bool(draft.state.get("group_id"))
    return bool(draft.state.get("assent"))


def _wording(consultation: ConsultationSnapshot, draft: OpenDraft) -> tuple[str, str, str]:
    """(band, language, fallback language) of the consultation's own words.

    They follow the page's language when the consultation has it, so a
    participant who switches language mid-journey reads the question, its
    options and hint in that language too; the draft remembers the choice,
    and the submission is stored in the language last read."""
    page = select_locale()
    if page != draft.state["lang"] and page in consultation.languages:
        service.update_draft(db(), draft, now_utc().date(), lang=page)
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
@limiter.limit(start_limit, methods=["POST"])
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
    consultation, draft = _with_draft(slug, ".group")
    form = GroupForm()
    if form.validate_on_submit():
        # A short code from before codes were lengthened is guessable: once
        # this address (or everyone) has made too many wrong tries it is not
        # even looked up. A full-length code always is.
        if codes.is_short_group_code(form.code.data) and not code_tries_left("group"):
            return _too_many_tries(consultation, form)
        found = use_code(db(), consultation, current_app.config["SECRET_KEY"],
                         form.code.data, now_utc(), admitted_to=draft.state.get("group_id"))
        if found.group is not None:
            service.update_draft(db(), draft, now_utc().date(), group_id=found.group.id)
            db().commit()
            return redirect(url_for(".assent", slug=slug))
        if found.refused:
            # The right code, no longer usable: not a wrong try.
            form.code.errors.append(refusal_message(found.refused))
            return render_template("participate/group.html", c=consultation, form=form)
        if not count_failed_code("group"):
            return _too_many_tries(consultation, form)
        form.code.errors.append(_("We could not find that group code. Check it with the "
                                  "person who gave it to you."))
    return render_template("participate/group.html", c=consultation, form=form)


def _too_many_tries(consultation: ConsultationSnapshot, form: GroupForm) -> Page:
    form.code.errors.append(_("There were too many wrong codes from this place. Wait a few "
                              "minutes, then try again."))
    return render_template("participate/group.html", c=consultation, form=form), 429


@bp.route("/c/<slug>/assent", methods=["GET", "POST"])
def assent(slug: str) -> Page:
    consultation, draft = _with_draft(slug, ".assent")
    form = ActionForm()
    if form.validate_on_submit():
        if request.form.get("choice") == "take-part":
            service.update_draft(db(), draft, now_utc().date(), assent=True)
            db().commit()
            return redirect(url_for(".question", slug=slug, n=1))
        if request.form.get("choice") == "no-thanks":
            service.discard_draft(db(), draft)
            db().commit()
            session.get("drafts", {}).pop(slug, None)
            session.modified = True
            return render_template("participate/no_thanks.html", c=consultation)
    return render_template("participate/assent.html", c=consultation, form=form)


@bp.route("/c/<slug>/q/<int:n>", methods=["GET", "POST"])
def question(slug: str, n: int) -> Page:
    consultation, draft = _with_draft(slug)
    questions = consultation.questions
    if not 1 <= n <= len(questions):
        abort(404)
    q = questions[n - 1]
    band, lang, fallback = _wording(consultation, draft)
    if request.method == "POST" and request.form.get("action") == "clear":
        # A chosen radio button cannot be unticked: this is how a choice is
        # taken back, so that every question stays skippable.
        service.save_answer(db(), draft, q, None, now_utc().date())
        db().commit()
        return redirect(url_for(".question", slug=slug, n=n,
                                review=1 if request.form.get("to_review") else None))
    saved = draft.answers.get(q.key)
    form = question_form(q, band, lang, fallback,
                         formdata=request.form if request.method == "POST" else None,
                         value=saved)
    if request.method == "POST" and form.validate():
        service.save_answer(db(), draft, q, form.answer.data, now_utc().date())
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
    consultation, draft = _with_draft(slug)
    form = QuoteForm(data={"consent": "yes" if draft.state.get("quote_consent") else "no"})
    if form.validate_on_submit():
        service.update_draft(db(), draft, now_utc().date(),
                             quote_consent=form.consent.data == "yes")
        db().commit()
        if request.form.get("action") == "back":
            return redirect(url_for(".question", slug=slug, n=len(consultation.questions)))
        return redirect(url_for(".review", slug=slug))
    return render_template("participate/quote.html", c=consultation, form=form)


@bp.route("/c/<slug>/review", methods=["GET", "POST"])
@limiter.limit(send_limit, methods=["POST"])
def review(slug: str) -> Page:
    sending = request.method == "POST" and request.form.get("action") == "send"
    consultation, draft = _step(slug, atomic=sending)
    form = ActionForm()
    empty = False
    if sending and form.validate_on_submit():
        page = _send(consultation, draft)
        if page is not None:
            return page
        empty = True
    if draft is None:
        return redirect(url_for(".start", slug=slug))
    _require_steps(consultation, draft, STEPS)
    rows = review_rows(consultation, draft.answers, draft.state.get("country"),
                       *_wording(consultation, draft))
    return render_template("participate/review.html", c=consultation, form=form, rows=rows,
                           quote_consent=draft.state.get("quote_consent"),
                           editing=draft.submission_id is not None, empty=empty,
                           send_nonce=codes.send_nonce(current_app.config["SECRET_KEY"])), (
        400 if empty else 200)


def _send(consultation: ConsultationSnapshot, draft: OpenDraft | None) -> Page | None:
    """Send the draft once; None when it holds no answer (the review page says so).

    Claiming the draft and storing the submission is one transaction: the draft
    was read in it, by _step(atomic=True)."""
    secret = current_app.config["SECRET_KEY"]
    token = session.get("drafts", {}).get(consultation.slug)
    nonce = request.form.get("send_nonce")
    try:
        if draft is None:
            raise service.DraftNotFoundError
        _require_steps(consultation, draft, STEPS)
        if not draft.answers:
            if not service.draft_exists(db(), draft.id):
                # Sent meanwhile by a double click: its answers went with it.
                raise service.DraftAlreadySentError
            return None
        group_id = draft.state.get("group_id")
        if group_id and not group_admits(db(), consultation, group_id):
            # The group's code was withdrawn while this child was answering.
            service.update_draft(db(), draft, now_utc().date(), group_id=None)
            db().commit()
            return redirect(url_for(".group", slug=consultation.slug))
        editing = draft.submission_id is not None
        # Read before the draft goes: the country is used for this page only and
        # is stored nowhere (docs/privacy.md#rule-2).
        country, region = draft.state.get("country"), draft.state.get("region")
        if editing:
            sent = service.save_edit(db(), consultation, draft, now_utc())
        else:
            sent = service.send(db(), consultation, draft, secret=secret, today=now_utc().date(),
                                token=token, nonce=nonce)
        db().commit()
    except service.SubmissionLockedError:
        abort(403)
    except (service.DraftNotFoundError, service.DraftAlreadySentError):
        # A double click, a second tab, or a reload after the worker that sent
        # it died: show what the first send showed, never store a second one.
        db().rollback()
        found = service.sent_before(db(), consultation, secret=secret, token=token, nonce=nonce)
        if found is None and token is None:
            return redirect(url_for(".start", slug=consultation.slug))
        if found is None:
            return render_template("participate/already_sent.html", c=consultation), 409
        sent, editing = found, False
        country, region = None, sent.submission.region
    session.get("drafts", {}).pop(consultation.slug, None)
    session.modified = True
    # Shown once, in this response; never put in the session cookie (docs/privacy.md#rule-3).
    return render_template("participate/done.html", c=consultation, code=sent.code,
                           editing=editing, disclosures=sent.disclosures,
                           lines=helplines_near(db(), country, region,
                                                str(get_locale() or "en")),
                           form=ActionForm())


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
