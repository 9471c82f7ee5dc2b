"""The base of every form: Flask-WTF, with WTForms' own messages in the page's language.

Flask-WTF reads WTForms' message catalogue from disk again on every request that
needs it; here each language's catalogue is read once per process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


@lru_cache(maxsize=16)
def _catalogue(locale: str) -> support.NullTranslations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _Messages:
    """WTForms' built-in messages ("Not a valid choice.") in the current language."""

    def gettext(self, string: str) -> str:
        return _catalogue(str(get_locale() or "en")).ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _catalogue(str(get_locale() or "en")).ungettext(singular, plural, n)


MESSAGES = _Messages()


class Form(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> Any:
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return MESSAGES
