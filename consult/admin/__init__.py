"""Administration (role admin): the audit log, read only."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
