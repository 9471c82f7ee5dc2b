"""The public side of a live session: joining, answering, and the room screen.

A participant joins with the consultation's own age screen, group-code rule and
assent (the participate service and forms), then their page follows the chair:
with JavaScript by polling a small state with ETag/304 (static/js/live.js),
without it by a "Check for the next question" button and a meta refresh.
"""

from __future__ import annotations

import hmac

import qrcode
import qrcode.image.svg
from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from werkzeug.wrappers import Response as BaseResponse

from consult.consultations.cache import ConsultationSnapshot
from consult.consultations.service import now_utc
from consult.extensions import db, limiter
from consult.groups.service import refusal_message, use_code
from consult.help.countries import region_of
from consult.help.service import helplines_near
from consult.i18n import select_locale
from consult.live import bp, service
from consult.live import screen as display
from consult.live.forms import ActionForm, JoinForm
from consult.live.models import LiveSession
from consult.live.poll import poll_response
from consult.participate import service as participate
from consult.participate.forms import GroupForm, StartForm, question_form
from consult.participate.views import consultation_or_404 as _consultation

Page = str | BaseResponse | tuple[str, int]
SQLITE_RETRIES = 5


def _live(slug: str) -> LiveSession | None:
    try:
        return service.session_for_slug(db(), slug)
    except service.LiveSessionNotFoundError:
        return None


def _draft(consultation: ConsultationSnapshot) -> participate.OpenDraft | None:
    try:
        return participate.load_draft(db(), consultation,
                                      session.get("live", {}).get(consultation.slug))
    except participate.DraftNotFoundError:
        return None


@bp.get("/live")
def join() -> Page:
    form = JoinForm(request.args)
    if "code" in request.args and form.validate():
        slug = service.slug_for_code(db(), form.code.data)
        if slug is not None:
            return redirect(url_for(".room", slug=slug))
        form.code.errors.append(_("No live session has that code. Check the 6 digits on the "
                                  "screen in the room."))
    return render_template("live/join.html", form=form), 400 if form.errors else 200


@bp.get("/live/<slug>")
def room(slug: str) -> Page:
    consultation = _consultation(slug)
    live = _live(slug)
    if live is None:
        return render_template("live/none.html", c=consultation), 404
    draft = _draft(consultation)
    if draft is None:
        # The same age screen as the consultation; asked once per phone.
        return render_template("live/start.html", c=consultation,
                               form=StartForm().setup(consultation))
    ahead = _next_step(consultation, draft)
    if ahead:
        return redirect(ahead)
    return _room_page(consultation, live, draft)


def _next_step(consultation: ConsultationSnapshot, draft: participate.OpenDraft) -> str | None:
    """Where a participant who has not finished joining goes next."""
    if consultation.band_needs_group(draft.state["band"]) and not draft.state.get("group_id"):
        return url_for(".group", slug=consultation.slug)
    if not draft.state.get("assent"):
        return url_for(".assent", slug=consultation.slug)
    return None


def _room_page(consultation: ConsultationSnapshot, live: LiveSession, draft: participate.OpenDraft,
               form: object = None, code: str | None = None,
               disclosures: list[str] | None = None, problem: str | None = None,
               status: int = 200) -> tuple[str, int]:
    found = service.current_question(consultation, live)
    n, q = found if found else (0, None)
    done = q is not None and service.answered(db(), draft, q.id)
    if q is not None and live.state == "open" and not done and form is None:
        band, lang = draft.state["band"], draft.state["lang"]
        form = question_form(q, band, lang, consultation.languages[0])
    # Refresh by itself only when there is nothing to type, so a half-written
    # answer is never lost to a reload.
    refresh = live.state != "open" or done or q is None
    return render_template(
        "live/room.html", c=consultation, live=live, q=q, n=n, form=form, done=done,
        code=code, disclosures=disclosures or [], problem=problem, refresh=refresh,
        lines=helplines_near(db(), draft.state.get("country"), draft.state.get("region"),
                             str(get_locale() or "en")),
        action=ActionForm(),
        total=len(consultation.live_questions)), status


@bp.post("/live/<slug>/start")
def start(slug: str) -> Page:
    consultation = _consultation(slug)
    if _live(slug) is None:
        abort(404)
    form = StartForm().setup(consultation)
    if not form.validate_on_submit():
        return render_template("live/start.html", c=consultation, form=form), 400
    lang = select_locale()
    lang = lang if lang in consultation.languages else consultation.languages[0]
    # As in the journey: the country stays in the server-side draft, for the
    # helplines; only its region reaches the submission (docs/privacy.md#rule-2).
    country = form.country.data or None
    region = region_of(country)
    token = participate.start_draft(db(), consultation, band=form.band.data, lang=lang,
                                    region=region, country=country, today=now_utc().date())
    db().commit()
    session["live"] = {**session.get("live", {}), slug: token}
    session["lang"] = lang
    if region:
        session["region"] = region
    return redirect(url_for(".room", slug=slug))


@bp.route("/live/<slug>/group", methods=["GET", "POST"])
def group(slug: str) -> Page:
    consultation = _consultation(slug)
    draft = _draft(consultation)
    if draft is None:
        return redirect(url_for(".room", slug=slug))
    form = GroupForm()
    if form.validate_on_submit():
        found = use_code(db(), consultation, current_app.config["SECRET_KEY"],
                         form.code.data, now_utc(), admitted_to=draft.state.get("group_id"))
        if found.group is not None:
            participate.update_draft(db(), draft, now_utc().date(), group_id=found.group.id)
            db().commit()
            return redirect(url_for(".room", slug=slug))
        form.code.errors.append(refusal_message(found.refused) if found.refused else _(
            "We could not find that group code. Check it with the person who gave it to you."))
    return render_template("live/group.html", c=consultation, form=form), \
        400 if form.errors else 200


@bp.route("/live/<slug>/assent", methods=["GET", "POST"])
def assent(slug: str) -> Page:
    consultation = _consultation(slug)
    draft = _draft(consultation)
    if draft is None:
        return redirect(url_for(".room", slug=slug))
    if consultation.band_needs_group(draft.state["band"]) and not draft.state.get("group_id"):
        return redirect(url_for(".group", slug=slug))
    form = ActionForm()
    if form.validate_on_submit():
        if request.form.get("choice") == "take-part":
            participate.update_draft(db(), draft, now_utc().date(), assent=True)
            db().commit()
            return redirect(url_for(".room", slug=slug))
        if request.form.get("choice") == "no-thanks":
            participate.discard_draft(db(), draft)
            db().commit()
            session.get("live", {}).pop(slug, None)
            session.modified = True
            return render_template("participate/no_thanks.html", c=consultation)
    return render_template("live/assent.html", c=consultation, form=form)


@bp.post("/live/<slug>/answer")
def answer(slug: str) -> Page:
    consultation = _consultation(slug)
    live = _live(slug)
    draft = _draft(consultation)
    if live is None or draft is None:
        return redirect(url_for(".room", slug=slug))
    if _next_step(consultation, draft):
        return redirect(url_for(".room", slug=slug))
    if not ActionForm().validate_on_submit():
        abort(400)
    found = service.current_question(consultation, live)
    asked = request.form.get("question", type=int)
    if live.state != "open" or found is None or found[1].id != asked:
        return _room_page(consultation, live, draft, status=409,
                          problem=_("Answers to that question are closed. Here is where the "
                                    "room is now."))
    q = found[1]
    form = question_form(q, draft.state["band"], draft.state["lang"], consultation.languages[0],
                         formdata=request.form)
    if not form.validate() or form.answer.data in (None, "", []) or not str(
            form.answer.data).strip():
        if not form.errors:
            form.answer.errors = [_("Choose or write an answer, then press Send.")]
        return _room_page(consultation, live, draft, form=form, status=400)
    try:
        sent = _store_answer(live, consultation, draft, q.id, form.answer.data)
    except service.AnswersClosedError:
        db().rollback()
        return _room_page(consultation, live, draft, status=409,
                          problem=_("Answers to that question are closed."))
    except service.AlreadyAnsweredError:
        db().rollback()
        draft = _draft(consultation) or draft
        return _room_page(consultation, live, draft, status=409,
                          problem=_("You have already answered this question."))
    # The return code is shown once, in this response, never in the cookie (rule 3).
    return _room_page(consultation, live, draft, code=sent.code, disclosures=sent.disclosures)


def _store_answer(live: LiveSession, consultation: ConsultationSnapshot,
                  draft: participate.OpenDraft, question_id: int,
                  value: participate.Value) -> service.LiveAnswer:
    """Store and commit one answer. SQLite refuses at once ("database is locked")
    a transaction that read before another's write committed; it is run again
    from the start, and sees that write (a second copy then gets 409)."""
    for attempt in range(SQLITE_RETRIES):
        try:
            sent = service.answer(db(), live, consultation, draft, question_id, value,
                                  secret=current_app.config["SECRET_KEY"],
                                  today=now_utc().date())
            db().commit()
            return sent
        except OperationalError as exc:
            db().rollback()
            if "database is locked" not in str(exc) or attempt == SQLITE_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


@bp.get("/live/<slug>/state.json")
@limiter.exempt
def state(slug: str) -> Response:
    """What a participant's page polls: one number that changes with every step.

    In production consult/live/poll.py answers this before Flask; this view is
    the same answer for whatever reaches Flask (and gives url_for its address)."""
    polled = current_app.extensions["consult.live_steps"].get(slug)
    status, headers, body = poll_response(polled, request.headers.get("If-None-Match"), [])
    return Response(body, status=int(status.split()[0]), headers=headers)


# --- the room screen -----------------------------------------------------------

def _screen_session(slug: str) -> tuple[ConsultationSnapshot, LiveSession]:
    consultation = _consultation(slug)
    live = _live(slug)
    if live is None:
        abort(404)
    if live.screen_key is not None and not hmac.compare_digest(
            request.args.get("key", ""), live.screen_key):
        abort(404)  # the same answer as no session at all: the key is not guessed
    return consultation, live


def _screen_body(consultation: ConsultationSnapshot, live: LiveSession) -> str:
    """The screen's changing part, built at most once per change for everyone."""
    now = now_utc()
    if display.screen_is_stale(live, now) and display.claim_rebuild(db(), live, now):
        built_from = display.screen_key_for(live)
        view = display.screen_view(db(), live, consultation, consultation.k_threshold)
        with force_locale(live.screen_lang):
            html = render_template("live/_screen_body.html", v=view, live=live,
                                   join_url=url_for(".join", _external=True))
        display.store_screen(db(), live, built_from, html, now)
        db().commit()
    return live.screen_html or ""


@bp.get("/live/<slug>/screen")
def screen(slug: str) -> Response:
    consultation, live = _screen_session(slug)
    body = _screen_body(consultation, live)
    with force_locale(live.screen_lang):
        html = render_template("live/screen.html", c=consultation, live=live, body=body,
                               screen_lang=live.screen_lang,
                               body_url=url_for(".screen_body", slug=slug,
                                                key=live.screen_key))
    return Response(html, mimetype="text/html")


@bp.get("/live/<slug>/screen/body")
@limiter.exempt
def screen_body(slug: str) -> Response:
    consultation, live = _screen_session(slug)
    body = _screen_body(consultation, live)
    etag = display.etag_for(live, current_app.config["SECRET_KEY"])
    if request.headers.get("If-None-Match") == etag:
        response = Response(status=304)
    else:
        response = Response(body, mimetype="text/html")
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/live/<slug>/qr.svg")
def qr(slug: str) -> Response:
    _consultation(slug)
    image = qrcode.make(url_for(".room", slug=slug, _external=True),
                        image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return Response(image.to_string(encoding="unicode"), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})
