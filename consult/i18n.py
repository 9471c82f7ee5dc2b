"""Which language a page is shown in, and its writing direction."""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_translations

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
RTL = {"ar"}
# Each language named in itself, for the language switcher.
NATIVE_NAMES = {"ar": "العربية", "en": "English", "es": "Español", "fr": "Français",
                "ru": "Русский", "zh": "中文"}


# The session key of a staff member's interface language: apart from the
# participant's, so that opening a text in another language (a moderator
# reading an Arabic submission, a chair previewing the French journey, the
# journey taken on the same browser) never changes the staff pages' language.
STAFF_LANG = "staff_lang"


def staff_page() -> bool:
    """Whether this request is for a staff page: a blueprint marked `staff_pages`
    (every blueprint that checks roles, and sign-in)."""
    if not has_request_context() or request.blueprint is None:
        return False
    blueprint = current_app.blueprints.get(request.blueprint)
    return bool(getattr(blueprint, "staff_pages", False))


def select_locale() -> str:
    """The participant's choice (URL, then session), then Accept-Language, then
    the consultation's first language, then English. Staff pages: the staff
    member's own choice (URL, then session), then Accept-Language, then English."""
    if not has_request_context():
        return "en"
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if staff_page():
        if session.get(STAFF_LANG) in LANGUAGES:
            return str(session[STAFF_LANG])
        return request.accept_languages.best_match(LANGUAGES) or "en"
    if session.get("lang") in LANGUAGES:
        return str(session["lang"])
    offered = getattr(g, "consultation_languages", None) or LANGUAGES
    best = request.accept_languages.best_match(offered)
    if best:
        return best
    return offered[0] if getattr(g, "consultation_languages", None) else "en"


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def page_translations() -> NullTranslations:
    """The catalogue for this request's language, looked up once per request.

    Flask-Babel finds the catalogue again for every string, which on a page of
    a dozen strings cost more than the rest of the template. The locale is
    checked each time, so `force_locale` still works."""
    locale = get_locale()
    cached = g.get("_consult_translations")
    if cached is None or cached[0] is not locale:
        cached = g._consult_translations = (locale, get_translations())
    return cached[1]


def install_template_gettext(app: Flask) -> None:
    """Templates' _(), gettext and ngettext through page_translations()."""
    def _gettext(s: str) -> str:
        return page_translations().ugettext(s)

    def _ngettext(s: str, p: str, n: int) -> str:
        return page_translations().ungettext(s, p, n)

    def _pgettext(c: str, s: str) -> str:
        return page_translations().upgettext(c, s)

    def _npgettext(c: str, s: str, p: str, n: int) -> Any:
        return page_translations().unpgettext(c, s, p, n)

    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, newstyle=True, pgettext=_pgettext,
        npgettext=_npgettext)
