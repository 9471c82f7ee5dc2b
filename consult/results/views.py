"""Public results: no login, no cookie, nothing from another origin (resolves 5
of Council Resolution 1306: outputs publicly accessible without a password)."""

from __future__ import annotations

from flask import abort, g, jsonify, render_template, request
from werkzeug.wrappers import Response

from consult.export.cells import (
    any_protecting,
    band_name,
    count_text,
    hidden_footnote,
    language_name,
    option_label,
    region_name,
)
from consult.extensions import db
from consult.privacy.sanitize import markdown_to_html
from consult.results import bp, service

_GROUP_NAMES = {"band": band_name, "language": language_name, "region": region_name}


@bp.app_template_global()
def hidden_count(cell: dict, k: int) -> str:
    """A hidden count's label, the same words every export uses."""
    return count_text(cell, k)


@bp.app_template_global()
def group_name(dim: str, key: str) -> str:
    """A band, language or region as a person reads it, never as a code."""
    return _GROUP_NAMES[dim](key)


@bp.app_template_global()
def option_text(question: dict, option: dict, lang: str, fallback: str) -> str:
    return option_label(question, option, lang, fallback)


bp.add_app_template_global(any_protecting, "any_protecting")
bp.add_app_template_global(hidden_footnote, "hidden_footnote")


def _lang(snapshot: dict) -> str:
    langs = snapshot["consultation"]["languages"]
    chosen = request.args.get("lang")
    if chosen in langs:
        return chosen
    best = request.accept_languages.best_match(langs)
    return best or langs[0]


@bp.get("/")
def index() -> str:
    return render_template("results/index.html", pubs=service.publications(db()))


@bp.get("/<slug>")
def page(slug: str) -> str:
    pub = service.publication(db(), slug)
    if pub is None:
        abort(404)
    snap = service.public_summary(db(), pub)
    lang = _lang(snap)
    first = snap["consultation"]["languages"][0]
    feedback = service.feedback_for(db(), pub.consultation_id)
    bands = snap["consultation"]["bands"]
    rendered = {band: markdown_to_html(service.feedback_text(feedback, band, lang, first))
                for band in bands}
    g.consultation_languages = snap["consultation"]["languages"]
    return render_template("results/page.html", pub=pub, s=snap, view_lang=lang, first=first,
                           feedback=rendered, k=snap["consultation"]["k"])


@bp.get("/<slug>.json")
def page_json(slug: str) -> Response:
    pub = service.publication(db(), slug)
    if pub is None:
        abort(404)
    response = jsonify(service.public_summary(db(), pub))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


