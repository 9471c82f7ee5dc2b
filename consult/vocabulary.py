"""The fixed vocabularies every layer shows by name: ITU regions and the emoji
scale. Codes are stored; people read these names, in their language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ITU_REGIONS = {
    "AFR": _l("Africa"),
    "AMS": _l("The Americas"),
    "ARB": _l("Arab States"),
    "ASP": _l("Asia and the Pacific"),
    "CIS": _l("Commonwealth of Independent States"),
    "EUR": _l("Europe"),
}

EMOJI_LABELS = {
    "1": ("😞", _l("Very unhappy")),
    "2": ("🙁", _l("Unhappy")),
    "3": ("😐", _l("Not sure")),
    "4": ("🙂", _l("Happy")),
    "5": ("😄", _l("Very happy")),
}
