"""The chair blueprint; its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("chair", __name__, url_prefix="/chair")
