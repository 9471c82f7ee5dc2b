"""The results blueprint; its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/results")
