"""The live blueprints: the public side (joining, answering, the room screen) and
the staff side (the chair's steps, the moderators' live queue). Their routes are
in views.py and staff_views.py."""

from flask import Blueprint

bp = Blueprint("live", __name__)
chair_bp = Blueprint("live_chair", __name__, url_prefix="/chair/live")
moderate_bp = Blueprint("live_moderate", __name__, url_prefix="/moderate/live")
