"""The auth blueprints (signing in; the signed-in user's own account); their
routes are in views.py."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/staff")
# Signing in is a staff page (consult.i18n.staff_page): no participant-only
# elements, the staff language switcher.
bp.staff_pages = True  # type: ignore[attr-defined]
account_bp = Blueprint("account", __name__, url_prefix="/staff/account")
