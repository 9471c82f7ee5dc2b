"""The themes blueprint; its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("themes", __name__, url_prefix="/themes")
