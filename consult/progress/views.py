"""A consultation's progress page (roles chair and moderator)."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from consult.consultations.models import Consultation
from consult.consultations.service import now_utc
from consult.export.cells import band_name, language_name
from consult.extensions import db
from consult.participate.models import SUBMISSION_STATUSES
from consult.progress import bp, service
from consult.progress.chart import day_chart
from consult.staff.access import require_roles

require_roles(bp, ["chair", "moderator"])
STATUS_NAMES = {"pending": _l("Pending"), "approved": _l("Approved"),
                "rejected": _l("Rejected"), "escalated": _l("Escalated"),
                "withdrawn": _l("Withdrawn")}


@bp.get("/<int:consultation_id>/")
def consultation(consultation_id: int) -> str:
    c = db().get(Consultation, consultation_id)
    if c is None:
        abort(404)
    p = service.progress(db(), c, now_utc().date())
    # (caption id, caption, first column's heading, [(row label, protected cell)])
    tables = [
        ("by-status", _l("Submissions by state"), _l("State"),
         [(STATUS_NAMES[s], p.statuses.cells[s]) for s in SUBMISSION_STATUSES]),
        ("by-band", _l("Submissions by age band"), _l("Age band"),
         [(band_name(band), cell) for band, cell in p.by_band]),
        ("by-language", _l("Submissions by language"), _l("Language"),
         [(language_name(code), cell) for code, cell in p.by_language]),
    ]
    return render_template("progress/consultation.html", c=c, p=p, chart=day_chart(p.days),
                           tables=tables,
                           safeguarding=current_user.has_role("safeguarding"))
