"""The staff blueprint; its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")
