"""The authoring workspace blueprint; its routes are in views.py and preview_views.py."""

from flask import Blueprint

bp = Blueprint("author", __name__, url_prefix="/author")
