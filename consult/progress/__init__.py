"""The progress blueprint (how a consultation is going); its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("progress", __name__, url_prefix="/staff/progress")
