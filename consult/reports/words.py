"""Numbers, dates and hidden counts as a report's reader reads them, in the
report's language (Babel, CLDR conventions: "1 234" in French, "1.234" in
Spanish, "5 mars 2026"). Counts come already protected (docs/privacy.md#rule-5):
a hidden one reads as its true reason, never as a number.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from consult.consultations.models import band_min_age
from consult.export.cells import count_text


def number(value: int | float, lang: str) -> str:
    return str(format_decimal(value, locale=lang))


def day(value: date | str, lang: str) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return str(format_date(value, format="long", locale=lang))


def count(cell: dict[str, Any], k: int, lang: str) -> str:
    """A protected count: the number in the language's digits and separators,
    or the reason it is hidden ("fewer than 10", "hidden to protect a small group")."""
    if cell.get("count") is not None and not cell.get("suppressed"):
        return number(cell["count"], lang)
    return count_text(cell, number(k, lang))  # type: ignore[arg-type]


def percent(cell: dict[str, Any], lang: str) -> str:
    value = cell.get("percent")
    return "" if value is None else share(value, lang)


def share(value: float, lang: str) -> str:
    """A percentage (0-100) as the language writes it: "89.1%", "89,1 %"."""
    exact = Decimal(str(value)) / 100  # 89.1 / 100 as a float is 0.8909999...
    return str(format_percent(exact, locale=lang, decimal_quantization=False))


def by_age(bands: Any) -> list[str]:
    """Age bands youngest first ("9-12" before "13-15"), never as strings sort."""
    return sorted(bands, key=band_min_age)
