"""Which language a page is shown in, and its writing direction."""

from __future__ import annotations

from flask import g, has_request_context, request, session

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
RTL = {"ar"}
# Each language named in itself, for the language switcher.
NATIVE_NAMES = {"ar": "العربية", "en": "English", "es": "Español", "fr": "Français",
                "ru": "Русский", "zh": "中文"}


def select_locale() -> str:
    """The participant's choice (URL, then session), then Accept-Language, then
    the consultation's first language, then English."""
    if not has_request_context():
        return "en"
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if session.get("lang") in LANGUAGES:
        return str(session["lang"])
    offered = getattr(g, "consultation_languages", None) or LANGUAGES
    best = request.accept_languages.best_match(offered)
    if best:
        return best
    return offered[0] if getattr(g, "consultation_languages", None) else "en"


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"
