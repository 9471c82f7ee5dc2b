"""The translation round trip: a consultation's texts for one language as a PO
file (the gettext format every translators' tool reads: Poedit, Weblate,
OmegaT, Lokalize, memoQ, Trados), read back, compared with what is stored, and
applied through the same validation as a definition import
(`definition.parse`, the one door), as a wording change only.

Each text is one PO entry: the source is the consultation's first language
(the one the others fall back to), the context (msgctxt) says which text it is
(`question/apps/option/games/9-12`), and an extracted comment says it in words
for the translator. A file is refused whole, naming each text, when a
translation loses or adds a placeholder (%(name)s, {name}) or changes the
markup that `consult.privacy.sanitize` renders (emphasis, links, lists), or
when its source text has changed since the file was made.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from consult.audit.service import record
from consult.consultations.definition import (
    TEXT_FIELDS,
    DefinitionError,
    export_definition,
    parse,
)
from consult.consultations.models import Consultation
from consult.privacy.sanitize import markup_outline

# Python's named and positional %-placeholders and str.format / ICU-style braces.
PLACEHOLDER = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[sdif]|\{\w*\}")
# A PO file for one language of the largest consultation is well under this.
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class Unit:
    """One text to translate: where it lives, and its words in the source language."""

    context: str
    path: tuple[str, ...]
    source: str
    target: str
    note: str


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be applied. `reason` is one of the REASONS below, which
    the chair's page words in the staff member's language; `unit` is the text
    concerned, if any; `detail` carries what the sentence needs (a placeholder,
    a language). str() is the English sentence the command line prints."""

    reason: str
    unit: Unit | None = None
    detail: str = ""

    def __str__(self) -> str:
        where = f"{self.unit.note} [{self.unit.context}]: " if self.unit else ""
        return where + ENGLISH[self.reason].format(detail=self.detail)


ENGLISH = {
    "too_big": "the file is larger than the {detail} bytes a translation needs",
    "not_po": "this is not a PO file this app can read ({detail}); upload the file as "
              "your translation tool saved it",
    "no_language": "the file does not say its language (the 'Language:' line of its "
                   "header); export a new file and translate that",
    "wrong_language": "'{detail}' is not one of the consultation's languages to translate "
                      "into (its first language is the source)",
    "unknown_text": "'{detail}' is not a text of this consultation (it may have been removed "
                    "since the file was made); export a new file",
    "source_changed": "its source text has changed since the file was made; export a new "
                      "file and translate it again",
    "placeholders": "the placeholders differ from the source ({detail}); keep each one "
                    "exactly as it is",
    "markup": "the markup differs from the source (bold, emphasis, links and their "
              "addresses, lists); keep the same marks around the translated words",
    "invalid": "{detail}",
}


class TranslationError(Exception):
    """The file cannot be applied; `problems` names each text and says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Change:
    unit: Unit
    after: str

    @property
    def before(self) -> str:
        return self.unit.target


@dataclass
class Reading:
    """What a translated file would change, before anything is applied."""

    lang: str
    changes: list[Change]
    untranslated: list[Unit]
    fuzzy: list[Unit]


def _band_words(band: str) -> str:
    return "all ages" if band == "default" else "ages " + band.replace("-", "–")


def units(consultation: Consultation, lang: str) -> list[Unit]:
    """Every text of the consultation that has words in its source language."""
    source = consultation.languages[0]
    out: list[Unit] = []
    for name in TEXT_FIELDS:
        texts = consultation.texts.get(name) or {}
        if texts.get(source):
            out.append(Unit(f"consultation/{name}", ("consultation", name), texts[source],
                            texts.get(lang, ""), f"Consultation: {name.replace('_', ' ')}"))
    for number, q in enumerate(consultation.questions, start=1):
        label = f"Question {number} ({q.key})" + (" — live" if q.live_order else "")
        for name in ("prompt", "help"):
            for band, by_lang in _bands(q.texts.get(name)):
                if by_lang.get(source):
                    out.append(Unit(f"question/{q.key}/{name}/{band}",
                                    ("question", q.key, name, band), by_lang[source],
                                    by_lang.get(lang, ""),
                                    f"{label}: {name}, {_band_words(band)}"))
        for option in q.options:
            for band, by_lang in _bands(option.get("label")):
                if by_lang.get(source):
                    out.append(Unit(f"question/{q.key}/option/{option['key']}/{band}",
                                    ("option", q.key, option["key"], band), by_lang[source],
                                    by_lang.get(lang, ""),
                                    f"{label}: answer option '{option['key']}', "
                                    f"{_band_words(band)}"))
    return out


def _bands(values: dict[str, dict[str, str]] | None) -> Iterator[tuple[str, dict[str, str]]]:
    values = values or {}
    # The default wording first, then the bands as the consultation lists them.
    yield from sorted(values.items(), key=lambda item: item[0] != "default")


def _check_language(consultation: Consultation, lang: str) -> None:
    if lang not in consultation.languages[1:]:
        raise TranslationError([Problem("wrong_language", detail=lang)])


def export_po(consultation: Consultation, lang: str) -> bytes:
    _check_language(consultation, lang)
    catalog = Catalog(locale=lang, project=f"consult {consultation.slug}",
                      fuzzy=False, charset="utf-8")
    catalog.header_comment = (
        f"# Texts of the consultation '{consultation.slug}' to translate from "
        f"'{consultation.languages[0]}' into '{lang}'.\n"
        "# Keep every placeholder such as %(name)s or {name}, and the Markdown marks:\n"
        "# **bold**, *emphasis*, [link text](address) keeps its address, lists stay lists.\n"
        "# An empty translation leaves the stored text as it is.")
    for unit in units(consultation, lang):
        flags = _format_flags(unit.source)
        catalog.add(unit.source, unit.target, context=unit.context,
                    auto_comments=[unit.note], flags=flags)
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False, sort_output=False)
    return out.getvalue()


def _format_flags(text: str) -> list[str]:
    # Translators' tools check placeholders for entries flagged so.
    flags = []
    if re.search(r"%\(\w+\)|%[sdif]", text):
        flags.append("python-format")
    if re.search(r"\{\w*\}", text):
        flags.append("python-brace-format")
    return flags


def read_translation(consultation: Consultation, data: bytes) -> Reading:
    """Check a translated PO file against the consultation; say what it would change."""
    if len(data) > MAX_FILE_BYTES:
        raise TranslationError([Problem("too_big", detail=f"{MAX_FILE_BYTES:,}")])
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True, ignore_obsolete=True,
                          charset="utf-8")
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise TranslationError([Problem("not_po", detail=str(exc)[:200])]) from None
    if catalog.locale is None:
        raise TranslationError([Problem("no_language")])
    lang = str(catalog.locale)
    _check_language(consultation, lang)
    known = {u.context: u for u in units(consultation, lang)}
    problems: list[Problem] = []
    reading = Reading(lang, [], [], [])
    for message in catalog:
        if not message.id:
            continue  # the header
        unit = known.get(message.context or "")
        if unit is None:
            problems.append(Problem("unknown_text",
                                    detail=str(message.context or message.id)[:200]))
            continue
        if message.id != unit.source:
            problems.append(Problem("source_changed", unit))
            continue
        after = (message.string or "").strip() if isinstance(message.string, str) else ""
        if message.fuzzy and after:
            reading.fuzzy.append(unit)
            continue
        if not after:
            reading.untranslated.append(unit)
            continue
        problems.extend(_damage(unit, after))
        if after != unit.target:
            reading.changes.append(Change(unit, after))
    if problems:
        raise TranslationError(problems)
    return reading


def _damage(unit: Unit, after: str) -> list[Problem]:
    out = []
    before, now = Counter(PLACEHOLDER.findall(unit.source)), Counter(PLACEHOLDER.findall(after))
    if before != now:
        lost = sorted((before - now).elements())
        added = sorted((now - before).elements())
        said = [f"lost {', '.join(lost)}" if lost else "", f"added {', '.join(added)}"
                if added else ""]
        out.append(Problem("placeholders", unit, "; ".join(s for s in said if s)))
    if markup_outline(unit.source) != markup_outline(after):
        out.append(Problem("markup", unit))
    return out


class StaleTranslationError(Exception):
    """The consultation changed between the comparison shown and the confirmation."""


def apply_translation(session: Session, consultation: Consultation, data: bytes, *,
                      seen_revision: str | None, actor_id: int | None,
                      actor_label: str | None = None) -> Reading:
    """Store the translated texts of `data`, audited; all of them or none.

    The new wording goes through `definition.parse`, the validation every
    import goes through, on the consultation's own definition with the
    translations written into it; only texts change, so an open consultation
    with answers can take it, and a participant's draft keeps its answers.
    `seen_revision` is the revision the chair saw the comparison for: if the
    consultation changed since, nothing is applied."""
    if seen_revision is not None and seen_revision != consultation.revision:
        raise StaleTranslationError(consultation.slug)
    reading = read_translation(consultation, data)
    if not reading.changes:
        return reading
    definition = yaml.safe_load(export_definition(consultation))
    for change in reading.changes:
        _write(definition, change.unit.path, reading.lang, change.after)
    try:
        values = parse(yaml.safe_dump(definition, allow_unicode=True, sort_keys=False))
    except DefinitionError as exc:
        raise TranslationError([Problem("invalid", detail=p.message)
                                for p in exc.problems]) from None
    consultation.texts = values["texts"]
    flag_modified(consultation, "texts")  # a new revision, which the cache follows
    by_key = {q["key"]: q for q in values["questions"] + values["live_questions"]}
    for question in consultation.questions:
        question.texts = by_key[question.key]["texts"]
        question.options = by_key[question.key]["options"]
    record(session, "consultation.translate", actor_id=actor_id, actor_label=actor_label,
           object_type="consultation", object_id=consultation.id,
           detail={"slug": consultation.slug, "language": reading.lang,
                   "changed": [c.unit.context for c in reading.changes]})
    session.flush()
    return reading


def _write(definition: dict[str, Any], path: tuple[str, ...], lang: str, text: str) -> None:
    questions = definition.get("questions", []) + definition.get("live_questions", [])
    if path[0] == "consultation":
        definition.setdefault(path[1], {})[lang] = text
        return
    question = next(q for q in questions if q["key"] == path[1])
    if path[0] == "question":
        _, _key, name, band = path
        question.setdefault(name, {}).setdefault(band, {})[lang] = text
    else:
        _, _key, option_key, band = path
        option = next(o for o in question["options"] if o["key"] == option_key)
        option["label"].setdefault(band, {})[lang] = text
