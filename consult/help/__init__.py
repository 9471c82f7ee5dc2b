"""The help blueprint (participants' "Need help now?"), and the helplines
blueprint where safeguarding leads and admins keep the list; their routes are in
views.py and staff_views.py."""

from flask import Blueprint

bp = Blueprint("help", __name__)
staff_bp = Blueprint("helplines", __name__, url_prefix="/staff/helplines")
