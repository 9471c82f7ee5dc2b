"""The meetings blueprint (chairs and admins); its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/chair/meetings")
