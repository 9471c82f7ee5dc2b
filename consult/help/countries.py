"""Countries a participant can pick, named in the page's language, and the ITU
region each belongs to (consult/data/countries.yaml).

The country is asked because a child knows it, and it picks the helplines on
the confirmation page; only its ITU region is stored with the submission
(docs/privacy.md#rule-2).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale

DATA = Path(__file__).resolve().parent.parent / "data" / "countries.yaml"


@lru_cache(maxsize=1)
def country_regions() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> ITU region code."""
    with DATA.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {str(country): str(region) for region, countries in data.items()
            for country in countries}


def region_of(country: str | None) -> str | None:
    return country_regions().get(country or "")


@lru_cache(maxsize=16)
def _names(lang: str) -> dict[str, str]:
    territories = Locale.parse(lang).territories
    return {code: territories.get(code, code) for code in country_regions()}


def country_name(country: str, lang: str) -> str:
    return _names(lang).get(country, country)


def _sort_key(name: str) -> str:
    # "Égypte" sorts with the Es: accents are dropped for ordering only.
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=16)
def country_choices(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) for every country, in alphabetical order of its name in `lang`."""
    names = _names(lang)
    return tuple(sorted(names.items(), key=lambda item: _sort_key(item[1])))
