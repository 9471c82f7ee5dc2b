"""Administration (role admin): the audit log, read only; staff accounts."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
