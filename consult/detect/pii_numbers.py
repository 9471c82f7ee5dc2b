"""Phone numbers and ID-like numbers in free text.

phonenumbers finds the local and international formats of the writer's likely
countries; a plain pattern catches the long digit groups it leaves. Every digit
group is then classed as a phone or an ID number by the words just before it
and by its shape. Years, ages, dates, times, prices and percentages are not
personal data and are let through.
"""

from __future__ import annotations

import re

import phonenumbers

from consult.detect.pii_text import Hit, lower
from consult.detect.pii_words import ID_CONTEXT, NUMBER_CONTEXT, PHONE_CONTEXT

# Hint regions by language: a writer's local format only parses with their country.
LANG_REGIONS: dict[str, tuple[str, ...]] = {
    "ar": ("EG", "SA", "AE", "MA"),
    "en": ("GB", "US", "IN", "NG"),
    "es": ("ES", "MX", "AR", "CO"),
    "fr": ("FR", "CA", "MA"),
    "ru": ("RU", "KZ"),
    "zh": ("CN", "TW"),
}
_DEFAULT_REGIONS = ("GB", "US", "FR", "CN")

# A digit group: digits joined by single spaces, dashes, dots, slashes or parentheses.
_GROUP = re.compile(
    r"(?<![0-9A-Za-z_+.,\d])(?:\+\s?|00)?\(?\d+\)?"
    r"(?:(?:[ \u00a0]?[-./][ \u00a0]?|[ \u00a0]|\)[ \u00a0]?|[ \u00a0]?\()\(?\d+\)?)*"
    r"(?![0-9A-Za-z_]|\d|[.,]\d)")
_ID_SHAPES = re.compile(
    r"(?<![A-Za-z0-9_])(?:"
    r"\d{17}[\dXx]"                                   # Chinese resident ID
    r"|\d{8}-?[A-HJ-NP-TV-Z]"                         # Spanish DNI
    r"|[XYZ]-?\d{7}-?[A-Z]"                           # Spanish NIE
    r"|[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]"  # UK National Insurance
    r"|[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d"           # Mexican CURP
    r")(?![A-Za-z0-9_])")
# Context words are searched in a lower-cased copy (pii_text.lower).
_ID_CONTEXT = re.compile("|".join(ID_CONTEXT))
_PHONE_CONTEXT = re.compile("|".join(PHONE_CONTEXT))
_NUMBER_CONTEXT = re.compile("|".join(NUMBER_CONTEXT))
# After an ID word: "ID: AB12345", "学号 2023-1145", "passport X1234567".
_ID_AFTER_CONTEXT = re.compile(
    r"\s*(?:is|est|es|:|：|#|№|no\.?|n°|nº|номер|это|是|为|هو|-)?\s*"
    r"(?P<id>(?:[A-Z]{1,3}[-\s]?)?\d[\dA-Za-z-]{2,19})(?![\w])")

_DECIMAL = re.compile(r"\d{1,3}[.,]\d+")
_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2}"
                   r"|\d{1,2} \d{1,2} (?:19|20)\d\d")
_TIMES = re.compile(r"\d{1,2}[.:h]\d{2}\s*[-–/]\s*\d{1,2}[.:h]\d{2}")
_YEARS = re.compile(r"(?:(?:19|20)\d\d(?:\s*[-–/ ]\s*|$))+(?:(?:19|20)?\d\d)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:([ \u00a0.,])\d{3})(?:\1\d{3})*")
_MONEY_BEFORE = re.compile(r"[$€£¥₽₹﷼]\s?$|(?:usd|eur|gbp|rmb|руб\.?|р\.)\s?$", re.IGNORECASE)
_MONEY_AFTER = re.compile(
    r"^\s?(?:[$€£¥₽₹%‰]|dollars?|euros?|pounds?|pesos?|rubles?|руб|рубл|тысяч|млн|млрд|元|万|亿|"
    r"ريال|جنيه|درهم|دينار|دولار|people|personnes|personas|человек|人|km|kg|m\b)",
    re.IGNORECASE)


_DIGIT = re.compile(r"\d")
_LIBRARY_CALLS = 8


def _digits(s: str) -> int:
    return len(_DIGIT.findall(s))


def _is_ordinary_number(text: str, start: int, end: int) -> bool:
    """Dates, year ranges, prices and counts with thousands separators are not personal."""
    s = text[start:end]
    if any(p.fullmatch(s) for p in (_DATE, _YEARS, _DECIMAL, _TIMES)):
        return True
    if _MONEY_BEFORE.search(text[max(0, start - 5):start]):
        return True
    if _MONEY_AFTER.search(text[end:end + 10]):
        return True
    # "1 000 000", "2,500,000": grouped in threes and ending in zeros is a count, not a phone.
    return bool(_THOUSANDS.fullmatch(s)) and s.endswith("000")


def _nearest_context(text: str, start: int) -> str | None:
    """The kind the words just before a number give it: the nearest ID or phone word
    wins; a bare "number" means a phone only when no ID word is near."""
    window = lower(text[max(0, start - 40):start])
    best: tuple[int, str] | None = None
    for kind, pattern in (("id_number", _ID_CONTEXT), ("phone", _PHONE_CONTEXT)):
        for m in pattern.finditer(window):
            if best is None or m.end() > best[0] or (m.end() == best[0] and kind == "id_number"):
                best = (m.end(), kind)
    if best is None and _NUMBER_CONTEXT.search(window):
        return "phone"
    return best[1] if best else None


def _looks_like_phone(s: str, regions: tuple[str, ...]) -> bool:
    if s.lstrip().startswith(("+", "00", "(")):
        return True
    if any(not ch.isdigit() for ch in s):
        return True  # "07700 900123", "345-67-89": grouping is how phone numbers are written
    for region in regions:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(s, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def _classify(text: str, start: int, end: int, regions: tuple[str, ...]) -> str | None:
    s = text[start:end]
    n = _digits(s)
    if n < 7 or _is_ordinary_number(text, start, end):
        return None
    if n > 20:
        return "id_number"  # a run this long is no phone; masking it all is the safe side
    context = _nearest_context(text, start)
    if context:
        return context
    if n <= 15 and _looks_like_phone(s, regions):
        return "phone"
    # Seven bare digits are as often a count as a number; eight or more are ID-like.
    return "id_number" if n >= 8 else None


def regions_for(lang: str | None, region: str | None) -> tuple[str, ...]:
    found: list[str] = []
    if region and len(region) == 2 and region.isalpha():
        found.append(region.upper())
    found.extend(LANG_REGIONS.get((lang or "").lower()[:2], _DEFAULT_REGIONS))
    return tuple(dict.fromkeys(found))


def _library_matches(text: str, start: int, end: int,
                     regions: tuple[str, ...]) -> list[tuple[int, int]]:
    """phonenumbers' reading of the digit group at start:end, in the first hint region
    whose format covers it ("8 (912) 345-67-89" in RU). Only a window around the
    group is parsed: parsing is the slow part, and one region usually suffices."""
    lo, hi = max(0, start - 8), min(len(text), end + 8)
    found: list[tuple[int, int]] = []
    for hint in regions:
        try:
            matcher = phonenumbers.PhoneNumberMatcher(
                text[lo:hi], hint, leniency=phonenumbers.Leniency.POSSIBLE, max_tries=20)
            spans = [(lo + m.start, lo + m.end) for m in matcher]
        except Exception:  # noqa: BLE001 - a library hiccup must not lose the other finds
            spans = []
        found.extend(spans)
        if any(s <= start and e >= end for s, e in spans):
            break
    return found


def find_numbers(text: str, lang: str | None = None, region: str | None = None) -> list[Hit]:
    hits: list[Hit] = [(m.start(), m.end(), "id_number") for m in _ID_SHAPES.finditer(text)]
    for m in _ID_CONTEXT.finditer(lower(text)):
        after = _ID_AFTER_CONTEXT.match(text, m.end())
        if after and _digits(after.group("id")) >= 3:
            hits.append((after.start("id"), after.end("id"), "id_number"))
    if _digits(text) < 7:
        return hits
    regions = regions_for(lang, region)
    candidates: list[tuple[int, int]] = []
    library_calls = 0
    for m in _GROUP.finditer(text):
        candidates.append((m.start(), m.end()))
        # Parsing is slow: a text full of numbers gets the library's reading for the
        # first few only, and the plain pattern's for the rest.
        if 7 <= _digits(m.group()) <= 17 and library_calls < _LIBRARY_CALLS:
            library_calls += 1
            candidates.extend(_library_matches(text, m.start(), m.end(), regions))
    for start, end in set(candidates):
        kind = _classify(text, start, end, regions)
        if kind:
            hits.append((start, end, kind))
    return hits
