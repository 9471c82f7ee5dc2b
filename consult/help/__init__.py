"""The help blueprint; its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("help", __name__)
