"""Live sessions during the meeting: the chair's steps, participants' phones,
the moderators' live queue and the room screen (one pipeline with the rest)."""

from __future__ import annotations

from flask import Blueprint

# The public side: joining, answering, the room screen. The chair's and the
# moderators' pages are staff blueprints of their own (consult/live/staff_views.py).
bp = Blueprint("live", __name__)
