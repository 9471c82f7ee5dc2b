"""The moderate blueprint; its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("moderate", __name__, url_prefix="/moderate")
