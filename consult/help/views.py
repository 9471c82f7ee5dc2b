"""'Need help now?': reachable from the same place on every page."""

from __future__ import annotations

from flask import render_template, request, session

from consult.help.service import helplines
from consult.vocabulary import ITU_REGIONS
from consult.help import bp



@bp.get("/help")
def index() -> str:
    region = request.args.get("region") or session.get("region")
    region = region if region in ITU_REGIONS else None
    return render_template("help/index.html", region=region, regions=ITU_REGIONS,
                           lines=helplines(region))
