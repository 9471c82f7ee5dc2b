"""Public results: no login, no cookie, nothing from another origin (resolves 5
of Council Resolution 1306: outputs publicly accessible without a password)."""

from __future__ import annotations

from typing import Any

from feedgenerator import Atom1Feed
from flask import abort, g, jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from consult.consultations.models import as_utc
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
from consult.results.files import public_files
from consult.results.service import shown_bands

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


@bp.app_template_global()
def file_label(kind: str) -> str:
    """What a downloadable file is, in the page's language."""
    names = {"docx": _("Report (Word, DOCX)"), "pdf": _("Report (PDF)"),
             "xlsx": _("Spreadsheet (XLSX)"), "csv": _("Data (CSV)"),
             "json": _("Summary as data (JSON)")}
    return names.get(kind, kind.upper())


@bp.get("/")
def index() -> str:
    groups = service.publications_by_meeting(db())
    files = {pub.id: public_files(db(), pub) for group in groups for pub in group.publications}
    return render_template("results/index.html", groups=groups, files=files)


@bp.get("/feed.atom")
def feed() -> Response:
    """Every publication, newest first, for the organisations that follow CWG-COP's work."""
    lang = str(get_locale() or "en")
    atom = ResultsFeed(
        title=_("CWG-COP: what young people told us"), link=url_for(".index", _external=True),
        description=_("Results of every published consultation of the ITU Council Working "
                      "Group on Child Online Protection."),
        language=lang, feed_url=url_for(".feed", lang=lang, _external=True),
        feed_guid=url_for(".index", _external=True), author_name="CWG-COP")
    for group in service.publications_by_meeting(db()):
        for pub in group.publications:
            c = pub.snapshot["consultation"]
            first = c["languages"][0]
            meeting = group.meeting.name(lang, first) if group.meeting else ""
            atom.add_item(
                title=c["title"].get(lang) or c["title"][first],
                link=url_for(".page", slug=pub.slug, _external=True),
                unique_id=url_for(".page", slug=pub.slug, _external=True),
                description=meeting or c["title"][first],
                pubdate=as_utc(pub.published_at), updateddate=as_utc(pub.published_at),
                files=[(url_for(f.endpoint, _external=True, **f.values), f.media_type, f.lang,
                        file_label(f.kind)) for f in public_files(db(), pub)])
    return Response(atom.writeString("utf-8"), mimetype="application/atom+xml")


class ResultsFeed(Atom1Feed):
    """Atom 1.0 (RFC 4287), each entry with a link to every file it offers."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for href, media_type, lang, title in item["files"]:
            attrs = {"rel": "enclosure", "href": href, "type": media_type, "title": title}
            if lang:
                attrs["hreflang"] = lang
            handler.addQuickElement("link", "", attrs)


def _published(slug: str) -> tuple[Any, dict[str, Any], str, str]:
    pub = service.publication(db(), slug)
    if pub is None:
        abort(404)
    snap = service.public_summary(db(), pub)
    g.consultation_languages = snap["consultation"]["languages"]
    return pub, snap, _lang(snap), snap["consultation"]["languages"][0]


@bp.get("/<slug>")
def page(slug: str) -> str:
    pub, snap, lang, first = _published(slug)
    feedback = service.feedback_for(db(), pub.consultation_id)
    bands = snap["consultation"]["bands"]
    rendered = {band: markdown_to_html(service.feedback_text(feedback, band, lang, first))
                for band in bands}
    return render_template("results/page.html", pub=pub, s=snap, view_lang=lang, first=first,
                           feedback=rendered, k=snap["consultation"]["k"],
                           files=public_files(db(), pub), by_band=shown_bands(snap))


@bp.get("/<slug>/bands")
def bands(slug: str) -> str:
    """The answers age band by age band, where k lets two bands or more be shown
    (every cell is the summary's, through the same disclosure control as the
    all-ages page: docs/privacy.md#rule-5)."""
    pub, snap, lang, first = _published(slug)
    shown = shown_bands(snap)
    if not shown:
        abort(404)
    return render_template("results/bands.html", pub=pub, s=snap, view_lang=lang, first=first,
                           k=snap["consultation"]["k"], shown=shown)


@bp.get("/<slug>.json")
def page_json(slug: str) -> Response:
    pub = service.publication(db(), slug)
    if pub is None:
        abort(404)
    response = jsonify(service.public_summary(db(), pub))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


