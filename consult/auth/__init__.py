"""The auth blueprint; its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/staff")
