"""The auth blueprints (signing in; the signed-in user's own account); their
routes are in views.py."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/staff")
account_bp = Blueprint("account", __name__, url_prefix="/staff/account")
