"""Preview: a consultation as a participant of a chosen band and language sees
it, drawn by the participant pages' own templates (templates/participate/).

Read-only: the frame's pages are served with `form-action 'none'`, so none of
their forms can be sent; no draft is made and nothing is stored."""

from __future__ import annotations

from typing import Any

from flask import g, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult.author import bp
from consult.author.views import consultation_or_404
from consult.consultations.cache import ConsultationSnapshot, snapshot
from consult.i18n import direction
from consult.participate.forms import ActionForm, QuoteForm, StartForm, question_form
from consult.participate.review import review_rows

WIDTHS = ("phone", "desktop")


def _steps(c: ConsultationSnapshot) -> list[str]:
    """The journey's pages, then each live question as a phone in the room sees it."""
    return ["about", "start", "assent", *[f"q{n}" for n in range(1, len(c.questions) + 1)],
            "quote", "review", *[f"live{n}" for n in range(1, len(c.live_questions) + 1)]]


def step_label(step: str) -> str:
    """A page's name in the preview's list."""
    if step.startswith("live"):
        return _("Live question %(n)s", n=step[4:])
    if step.startswith("q"):
        return _("Question %(n)s", n=step[1:])
    return str(STEP_LABELS[step])


# The pages' own titles; the first page's title is the consultation's.
STEP_LABELS = {"about": _l("Welcome page"), "start": _l("About you"),
               "assent": _l("Before you start"), "quote": _l("Quoting your words"),
               "review": _l("Check your answers")}


def _choice(name: str, allowed: list[str] | tuple[str, ...]) -> str:
    value = request.args.get(name)
    return value if value in allowed else allowed[0]


def _chosen(c: ConsultationSnapshot) -> dict[str, str]:
    return {"band": _choice("band", c.bands), "plang": _choice("plang", c.languages),
            "step": _choice("step", _steps(c))}


@bp.get("/<int:consultation_id>/preview")
def preview(consultation_id: int) -> str:
    c = snapshot(consultation_or_404(consultation_id))
    chosen = _chosen(c)
    steps = _steps(c)
    at = steps.index(chosen["step"])
    return render_template("author/preview.html", c=c, steps=steps, chosen=chosen,
                           step_label=step_label,
                           width=_choice("width", WIDTHS),
                           before=steps[at - 1] if at else None,
                           after=steps[at + 1] if at + 1 < len(steps) else None)


@bp.get("/<int:consultation_id>/preview/frame")
def preview_frame(consultation_id: int) -> str:
    c = snapshot(consultation_or_404(consultation_id))
    chosen = _chosen(c)
    band, lang, step = chosen["band"], chosen["plang"], chosen["step"]
    # Framed by the preview page only, and no form in it can be sent (web.py).
    g.preview_frame = True
    g.consultation_languages = c.languages
    with force_locale(lang):
        template, context = _page(c, step, band, lang)
        # The frame's own language links switch the preview's language, not the staff page's.
        links = [(code, url_for(".preview_frame", consultation_id=c.id, band=band, plang=code,
                                step=step)) for code in c.languages]
        return render_template(template, c=c, lang=lang, dir=direction(lang), lang_links=links,
                               **context)


def _page(c: ConsultationSnapshot, step: str, band: str, lang: str) -> tuple[str, dict[str, Any]]:
    fallback = c.languages[0]
    if step == "about":
        return "participate/about.html", {"state": "open"}
    if step == "start":
        return "participate/start.html", {"form": StartForm().setup(c)}
    if step == "assent":
        return "participate/assent.html", {"form": ActionForm()}
    if step == "quote":
        return "participate/quote.html", {"form": QuoteForm()}
    if step == "review":
        return "participate/review.html", {
            "form": ActionForm(), "rows": review_rows(c, {}, None, band, lang, fallback),
            "quote_consent": False, "editing": False, "empty": False, "send_nonce": ""}
    if step.startswith("live"):
        n = int(step[4:])
        q = c.live_questions[n - 1]
        # The room's page with this question open; no session exists, so
        # nothing polls (the preview flag drops the script and its address).
        room = {"id": 0, "step": 0, "state": "open"}
        return "live/room.html", {
            "form": question_form(q, band, lang, fallback), "q": q, "n": n,
            "total": len(c.live_questions), "live": room, "done": False, "code": None,
            "disclosures": [], "problem": None, "refresh": False, "lines": [],
            "action": ActionForm(), "preview": True}
    n = int(step[1:])
    q = c.questions[n - 1]
    return "participate/question.html", {
        "form": question_form(q, band, lang, fallback), "q": q, "n": n,
        "total": len(c.questions), "from_review": None, "can_clear": False}
