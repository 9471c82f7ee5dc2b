"""The words every output uses for what it counts, in any of the six languages,
without a request: region and band names, the emoji scale's faces and labels,
and the labels of hidden counts (docs/privacy.md#rule-5: every label is true).

Pages and office files that run inside an app context translate the same
msgids through Flask-Babel; this module serves the JSON summary and scripts.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

from consult.privacy.disclosure import N_
from consult.vocabulary import EMOJI_LABELS, ITU_REGIONS

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
NOT_GIVEN = "not-given"
NOT_GIVEN_LABEL = N_("Not given")
BAND_LABEL = N_("%(band)s years")


@functools.cache
def catalogue(lang: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS), [lang])


def translate(msgid: str, lang: str, **values: Any) -> str:
    text = catalogue(lang).ugettext(msgid)
    return text % values if values else text


def region_name(key: str | None, lang: str) -> str:
    if key in (None, "", NOT_GIVEN):
        return translate(NOT_GIVEN_LABEL, lang)
    label = ITU_REGIONS.get(key)
    return translate(str(label), lang) if label is not None else str(key)


def band_name(band: str, lang: str) -> str:
    return translate(BAND_LABEL, lang, band=band.replace("-", "–"))


def emoji_face(point: str) -> str:
    entry = EMOJI_LABELS.get(point)
    return entry[0] if entry else ""


def emoji_label(point: str, lang: str) -> str:
    """The scale point's words ("Very unhappy"), never its number."""
    entry = EMOJI_LABELS.get(point)
    return translate(str(entry[1]), lang) if entry else point
