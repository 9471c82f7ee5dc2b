"""'Need help now?': reachable from the same place on every page."""

from __future__ import annotations

from flask import render_template, request, session
from flask_babel import get_locale

from consult.extensions import db
from consult.help import bp
from consult.help.countries import country_choices, country_name, region_of
from consult.help.service import helplines_near
from consult.vocabulary import ITU_REGIONS


@bp.app_template_filter("country_name")
def _country_name(code: str | None) -> str:
    """A helpline's country, named in the page's language."""
    return country_name(code, str(get_locale() or "en")) if code else ""


@bp.get("/help")
def index() -> str:
    # A child picks a country, not an ITU region; the region remembered from
    # the start of a consultation still puts its helplines first.
    country = request.args.get("country") or None
    country = country if region_of(country) else None
    region = region_of(country) or request.args.get("region") or session.get("region")
    region = region if region in ITU_REGIONS else None
    lang = str(get_locale() or "en")
    return render_template("help/index.html", country=country,
                           countries=country_choices(lang),
                           lines=helplines_near(db(), country, region, lang))
