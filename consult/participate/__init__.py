"""The participate blueprint; its routes are in views.py."""

from flask import Blueprint

bp = Blueprint("participate", __name__)
