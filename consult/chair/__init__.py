"""The chair blueprints: the chair's pages (routes in views.py and
group_views.py) and the translation round trip (translation_views.py), which an
editor may use too where that role exists."""

from flask import Blueprint

bp = Blueprint("chair", __name__, url_prefix="/chair")
translation_bp = Blueprint("chair_translation", __name__, url_prefix="/chair")
