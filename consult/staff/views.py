"""The staff dashboard: consultations and their submissions by status."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from consult.auth.models import ROLES
from consult.consultations.service import now_utc
from consult.extensions import db
from consult.participate.models import SUBMISSION_STATUSES
from consult.results.purge_watch import purge_health
from consult.staff import bp, service
from consult.staff.access import require_roles

require_roles(bp, ROLES)


@bp.get("/")
def dashboard() -> str:
    cases = service.safeguarding(db(), now_utc().date(),
                                 detail=current_user.has_role("safeguarding"),
                                 alerts=current_user.has_role("safeguarding", "admin"))
    return render_template("staff/dashboard.html", rows=service.dashboard(db()),
                           statuses=SUBMISSION_STATUSES,
                           purge=purge_health(db(), now_utc()), cases=cases)
