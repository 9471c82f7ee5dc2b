"""The safeguarding blueprint; its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("safeguarding", __name__, url_prefix="/safeguarding")
