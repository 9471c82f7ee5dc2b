"""What may go into a cell of an export: the one formula neutraliser, XML-safe
text, and the words shared by every format ("fewer than k", region names).

`neutralise` is the only place that defends spreadsheets against formula
injection (exports to CSV/XLSX neutralise it); CSV and XLSX both
call it and nothing else re-implements it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import has_app_context
from flask_babel import force_locale, gettext

from consult.i18n import NATIVE_NAMES
from consult.privacy.disclosure import (
    FEWER_THAN_K,
    HIDDEN_FOOTNOTE,
    HIDDEN_TO_PROTECT,
    PROTECTING,
    SMALL,
    WITHHELD,
    WITHHELD_FOOTNOTE,
    WITHHELD_TEXT,
)
from consult.summarize.words import BAND_LABEL, NOT_GIVEN_LABEL
from consult.vocabulary import EMOJI_LABELS, ITU_REGIONS

# A spreadsheet treats a cell starting with one of these as a formula.
# Full-width forms are included because some spreadsheet locales fold them to
# their ASCII twins. Tab, CR and LF (OWASP's list) and every other control
# character are treated alike: an importer that strips them leaves whatever
# follows at the start of the cell.
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# Leading spaces do not stop every importer (LibreOffice can trim them).
_PADDING = " \u00a0\u3000"
# Characters XML 1.0 cannot hold at all (XLSX and DOCX are XML): C0 controls
# except tab, LF and CR; lone surrogates; U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def neutralise(value: str) -> str:
    """Make text inert in a spreadsheet: prefix a cell that could start a
    formula with an apostrophe, which Excel and LibreOffice read as "this is
    text" (OWASP's CSV injection advice)."""
    if not value:
        return value
    first = value[0]
    if first in _FORMULA_START or first < " " or first == "\x7f":
        return "'" + value
    if first in _PADDING:
        rest = value.lstrip(_PADDING)
        if rest and (rest[0] in _FORMULA_START or rest[0] < " "):
            return "'" + value
    return value


def xml_safe(value: str) -> str:
    """Replace characters XML cannot carry with U+FFFD, so a participant's
    stray control character cannot break an XLSX or DOCX file."""
    return _NOT_XML.sub("\ufffd", value)


# --------------------------------------------------------------- words


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Translate the export's own words into `lang` inside an app context;
    outside one (a script, a test without an app) they stay in English."""
    if not has_app_context():
        yield
        return
    with force_locale(lang):
        yield


def _(text: str, **values: Any) -> str:
    """gettext inside an app context (see `in_language`), plain English otherwise."""
    if has_app_context():
        return str(gettext(text, **values))
    return text % values if values else text


HIDDEN = WITHHELD_TEXT  # also what a summary older than the reasons says


def fewer_than(k: int) -> str:
    """The one label of a count from 1 to k-1 (docs/privacy.md#rule-5)."""
    return _(FEWER_THAN_K, k=k)


def hidden_to_protect() -> str:
    """The label of a count hidden so that a small one cannot be worked out:
    not itself small, so never called "fewer than k"."""
    return _(HIDDEN_TO_PROTECT)


def hidden_footnote(k: int) -> str:
    return _(HIDDEN_FOOTNOTE, k=k)


def withheld_footnote(k: int) -> str:
    return _(WITHHELD_FOOTNOTE, k=k)


def count_text(cell: dict[str, Any], k: int) -> str:
    """A protected count as a reader sees it: the number, or the true reason it
    is hidden. A summary older than the reasons says only "hidden"."""
    if not (cell.get("suppressed") or cell.get("count") is None):
        return str(cell["count"])
    reason = cell.get("hidden")
    if reason == SMALL:
        return fewer_than(k)
    if reason == PROTECTING:
        return hidden_to_protect()
    return _(HIDDEN)


def count_value(cell: dict[str, Any], k: int) -> int | str:
    """A protected count for a spreadsheet cell: the number itself where it is
    shown, else the words `count_text` gives (never a number, so a column
    cannot be summed into a hidden count: docs/privacy.md#rule-5)."""
    if cell.get("suppressed") or cell.get("count") is None:
        return count_text(cell, k)
    return int(cell["count"])


def hidden_reason(cell: dict[str, Any], k: int) -> str | None:
    """Why a count is hidden, in a sentence (None where it is shown)."""
    if not (cell.get("suppressed") or cell.get("count") is None):
        return None
    if cell.get("hidden") == PROTECTING:
        return hidden_footnote(k)
    if cell.get("hidden") == WITHHELD:
        return withheld_footnote(k)
    return _("A number from 1 to %(small)s is never shown: so few people could be "
             "recognised.", small=k - 1)


def any_protecting(summary: dict[str, Any]) -> bool:
    """Whether any cell of a summary is hidden to protect another (its footnote is due)."""
    def walk(node: Any) -> bool:
        if isinstance(node, dict):
            return node.get("hidden") == PROTECTING or any(walk(v) for v in node.values())
        if isinstance(node, list):
            return any(walk(v) for v in node)
        return False
    return walk(summary)


def percent_text(cell: dict[str, Any]) -> str:
    percent = cell.get("percent")
    return "" if percent is None else f"{percent:g}%"


def region_name(key: str) -> str:
    if key in ("not-given", "", None):
        return _(NOT_GIVEN_LABEL)
    label = ITU_REGIONS.get(key)
    return str(label) if label is not None else key


def band_name(band: str) -> str:
    return _(BAND_LABEL, band=band.replace("-", "–"))


def language_name(code: str) -> str:
    return NATIVE_NAMES.get(code, code)


def emoji_name(point: str) -> str:
    """A point of the emoji scale as a reader sees it: its face and its words,
    never its number."""
    entry = EMOJI_LABELS.get(point)
    return f"{entry[0]} {entry[1]}" if entry else point


def option_label(question: dict[str, Any], option: dict[str, Any], lang: str,
                 fallback: str) -> str:
    """An option's label in `lang` (the consultation's first language if missing)."""
    if question["kind"] == "emoji_scale":
        return emoji_name(option["key"])
    labels = option.get("label") or {}
    return labels.get(lang) or labels.get(fallback) or option["key"]


def in_lang(texts: dict[str, str], lang: str, fallback: str) -> str:
    return texts.get(lang) or texts.get(fallback) or ""


def prompt_text(consultation: Any, question: dict[str, Any], lang: str) -> str:
    """A question's prompt in `lang`. The summary carries the band-independent
    ("default") wording; a question worded only per band falls back to the
    wording for the oldest band, then to its key."""
    first = consultation.languages[0]
    text = in_lang(question.get("prompt") or {}, lang, first)
    if text:
        return text
    for q in consultation.questions:
        if q.key == question["key"]:
            for band in reversed(list(consultation.bands)):
                text = q.wording("prompt", band, lang, first)
                if text:
                    return text
    return str(question["key"])
