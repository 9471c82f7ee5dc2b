"""What the authoring pages show beside the fields: the import's problems by
field, and the readability warnings of `consult consultations lint`."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult.consultations.definition import Problem
from consult.consultations.models import Consultation
from consult.consultations.readability import check

KIND_LABELS = {"single_choice": _l("One choice"), "multiple_choice": _l("Several choices"),
               "emoji_scale": _l("Faces, from 1 to 5"), "short_text": _l("Short text"),
               "long_text": _l("Long text")}


def text_language(c: Consultation) -> str:
    """The language whose texts the page edits (?tl=), the first one by default."""
    chosen = request.values.get("tl")
    return chosen if chosen in c.languages else c.languages[0]


def errors_by_path(problems: list[Problem]) -> dict[str, list[str]]:
    """Each problem under the dotted path it names (questions.0.prompt.default)."""
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(".".join(str(part) for part in p.path), []).append(p.message)
    return out


def lint_message(band: str, measure: str, score: float, target: float) -> str:
    if measure == "grade":
        return _("Ages %(band)s: reads at school grade %(score).1f, above the target of "
                 "%(target)g. Use shorter sentences and common words.", band=band, score=score,
                 target=target)
    return _("Ages %(band)s: reading ease %(score).1f, below the target of %(target)g. Use "
             "shorter sentences and common words.", band=band, score=score, target=target)


def readers(values: dict[str, Any], band: str, lang: str, bands: list[str]) -> list[str]:
    """The bands that read a wording: its own band, or for 'default' every band
    without a wording of its own in that language."""
    if band != "default":
        return [band]
    return [b for b in bands if not (values.get(b) or {}).get(lang)]


def field_lint(q: dict[str, Any], bands: list[str], lang: str) -> dict[str, list[str]]:
    """Warnings per field name of the question form, in language ``lang``."""
    fields: list[tuple[str, dict[str, Any]]] = [
        ("prompt", q.get("prompt") or {}), ("help", q.get("help") or {})]
    fields += [(f"option.{j}", o.get("label") or {}) for j, o in enumerate(q.get("options") or [])]
    out: dict[str, list[str]] = {}
    for name, values in fields:
        if not isinstance(values, dict):
            continue
        for band, by_lang in values.items():
            text = (by_lang or {}).get(lang) if isinstance(by_lang, dict) else None
            if not isinstance(text, str):
                continue
            for reader in readers(values, band, lang, bands):
                found = check(text, lang, reader)
                if found:
                    out.setdefault(f"{name}.{band}", []).append(lint_message(reader, *found))
    return out
