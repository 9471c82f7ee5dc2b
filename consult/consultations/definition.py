"""Consultation definition files (YAML): validate, import all-or-nothing, export.

The format is documented in docs/consultation-format.md. Every error names the
line it was found on and says how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from consult.consultations.models import (
    CHOICE_KINDS,
    KINDS,
    LIVE_KINDS,
    TEXT_KINDS,
    Consultation,
    Question,
    as_utc,
)
from consult.meetings.models import Meeting
from consult.meetings.service import KEY_RE as MEETING_KEY_RE
from consult.meetings.service import MeetingError, for_definition
from consult.signals import consultation_replacing

UN_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
DEFAULT_BANDS = ["9-12", "13-15", "16-17", "18-24"]
TEXT_FIELDS = ("title", "audience", "intro", "next_steps")
TOP_KEYS = {"format", "slug", "languages", "bands", "independent_age", "k_threshold",
            "retention_days", "opens_at", "closes_at", "feedback_due_on", "status",
            "live_mode", "quotes_need_confirmation", "questions", "live_questions",
            "meeting", *TEXT_FIELDS}
MEETING_KEYS = {"key", "symbol", "name", "starts_on", "ends_on", "place", "online"}
QUESTION_KEYS = {"key", "kind", "required", "max_length", "prompt", "help", "options"}
DEFAULT_MAX_LENGTH = {"short_text": 280, "long_text": 2000}
MAX_TEXT_LENGTH = 5000
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{2,59}$")
BAND_RE = re.compile(r"^(\d{1,2})-(\d{1,2})$")
# The demo, six languages and four bands of 13 questions, is about 72 KB: four
# times that is room for any consultation, and a bound on the parser's work.
MAX_FILE_BYTES = 300_000


@dataclass
class Problem:
    line: int
    message: str
    # Where in the definition (keys and list positions): the authoring pages
    # show the message next to the field it concerns.
    path: tuple[Any, ...] = ()

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class DefinitionError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class _Doc:
    """Parsed YAML values with the line each path started on."""

    data: Any
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def line(self, *path: Any) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def _load(text: str) -> _Doc:
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise DefinitionError([Problem(1, f"the file is {size:,} bytes, more than the "
                                          f"{MAX_FILE_BYTES:,} allowed; split long texts or "
                                          "remove what is not needed")])
    try:
        _refuse_references(text)
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            doc = _Doc(None)
            doc.data = _construct(loader, node, (), doc.lines) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise DefinitionError([Problem(line, f"this is not valid YAML ({exc.problem}); "
                                             "check indentation and quoting")]) from None
    except yaml.YAMLError as exc:
        raise DefinitionError([Problem(1, f"this is not valid YAML: {exc}")]) from None
    return doc


def _refuse_references(text: str) -> None:
    """Refuse anchors (&name) and aliases (*name) before any value is built.

    An alias repeats a value by reference, so a few hundred bytes of nested
    aliases expand to billions of values ("billion laughs"); a definition never
    needs one. Reading the parser's events builds nothing, so this is cheap."""
    problems = []
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            problems.append(Problem(line, f"'*{event.anchor}' is a YAML alias, which this "
                                          "format does not allow; write the value out in full"))
        elif getattr(event, "anchor", None) is not None:
            problems.append(Problem(line, f"'&{event.anchor}' is a YAML anchor, which this "
                                          "format does not allow; remove it and write each "
                                          "value out in full"))
        if len(problems) >= 20:
            break
    if problems:
        raise DefinitionError(problems)


def _construct(loader: yaml.SafeLoader, node: yaml.Node, path: tuple[Any, ...],
               lines: dict[tuple[Any, ...], int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = str(key) if not isinstance(key, str) else key
            out[key] = _construct(loader, value_node, (*path, key), lines)
            lines.setdefault((*path, key), key_node.start_mark.line + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*path, i), lines) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


class _Checker:
    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def fail(self, path: tuple[Any, ...], message: str) -> None:
        self.problems.append(Problem(self.doc.line(*path), message, path))

    def unknown_keys(self, mapping: dict[str, Any], allowed: set[str],
                     path: tuple[Any, ...]) -> None:
        for key in mapping:
            if key not in allowed:
                self.fail((*path, key), f"unknown key '{key}'; allowed keys are "
                                        f"{', '.join(sorted(allowed))}")

    def integer(self, data: dict[str, Any], key: str, default: int, low: int, high: int) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail((key,), f"'{key}' must be a whole number from {low} to {high}")
            return default
        return value

    def when(self, data: dict[str, Any], key: str) -> datetime | None:
        value = data.get(key)
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                value = None
        if not isinstance(value, datetime):
            self.fail((key,), f"'{key}' must be a UTC date and time like 2027-03-31T23:59:59Z")
            return None
        return as_utc(value).astimezone(UTC)

    def day(self, value: Any, path: tuple[Any, ...]) -> date | None:
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                pass
        if isinstance(value, datetime) or not isinstance(value, date):
            self.fail(path, f"'{path[-1]}' must be a date like 2027-05-31")
            return None
        return value

    def lang_text(self, value: Any, path: tuple[Any, ...], languages: list[str],
                  required: bool) -> dict[str, str]:
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.fail(path, f"'{path[-1]}' must map language codes to text, like "
                            f"{{{languages[0]}: \"...\"}}")
            return {}
        out: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in languages:
                self.fail((*path, lang), f"language '{lang}' is not in this consultation's "
                                         f"languages ({', '.join(languages)}); add it there "
                                         "or remove this text")
            elif not isinstance(text, str) or not text.strip():
                self.fail((*path, lang), "the text must be a non-empty string; quote it if "
                                         "it starts with a special character")
            else:
                out[lang] = text.strip()
        if required and languages and languages[0] not in out:
            self.fail(path, f"'{path[-1]}' needs a text in '{languages[0]}', the first "
                            "language, which the others fall back to")
        return out

    def band_text(self, value: Any, path: tuple[Any, ...], languages: list[str],
                  bands: list[str], required: bool) -> dict[str, dict[str, str]]:
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.fail(path, f"'{path[-1]}' must map 'default' or an age band to texts by "
                            "language")
            return {}
        out: dict[str, dict[str, str]] = {}
        for band, texts in value.items():
            if band != "default" and band not in bands:
                self.fail((*path, band), f"'{band}' is not one of this consultation's bands "
                                         f"({', '.join(bands)}) nor 'default'")
                continue
            out[band] = self.lang_text(texts, (*path, band), languages, required=False)
        if required and languages:
            first = languages[0]
            for band in bands:
                if first not in out.get(band, {}) and first not in out.get("default", {}):
                    self.fail(path, f"'{path[-1]}' has no '{first}' wording for band {band}; "
                                    f"add it under '{band}' or under 'default'")
        return out


def parse(text: str) -> dict[str, Any]:
    """Validate a definition; return plain values ready to import, or raise DefinitionError."""
    doc = _load(text)
    data = doc.data
    check = _Checker(doc)
    if not isinstance(data, dict):
        raise DefinitionError([Problem(1, "the file must be a YAML mapping that starts with "
                                          "'slug:'; see docs/consultation-format.md")])
    check.unknown_keys(data, TOP_KEYS, ())
    if data.get("format", 1) != 1:
        check.fail(("format",), "'format' must be 1, the only version this app reads")
    for key in ("slug", "languages", "opens_at", "closes_at", "title", "questions"):
        if key not in data:
            check.fail((), f"'{key}' is missing; add it (see docs/consultation-format.md)")
    slug = data.get("slug")
    if "slug" in data and not (isinstance(slug, str) and SLUG_RE.match(slug)):
        check.fail(("slug",), "'slug' must be 3 to 60 lowercase letters, digits or hyphens")
    languages = data.get("languages", ["en"])
    if not (isinstance(languages, list) and languages
            and all(lang in UN_LANGUAGES for lang in languages)
            and len(set(languages)) == len(languages)):
        check.fail(("languages",), "'languages' must list distinct codes from "
                                   f"{', '.join(UN_LANGUAGES)}")
        kept = [lang for lang in languages if lang in UN_LANGUAGES] \
            if isinstance(languages, list) else []
        languages = list(dict.fromkeys(kept)) or ["en"]
    bands = _bands(check, data.get("bands", DEFAULT_BANDS))
    out: dict[str, Any] = {
        "slug": slug,
        "languages": languages,
        "bands": bands,
        "independent_age": check.integer(data, "independent_age", 13, 5, 30),
        "k_threshold": check.integer(data, "k_threshold", 10, 5, 1000),
        "retention_days": check.integer(data, "retention_days", 180, 1, 3650),
        "opens_at": check.when(data, "opens_at") if "opens_at" in data else None,
        "closes_at": check.when(data, "closes_at") if "closes_at" in data else None,
        "live_mode": data.get("live_mode", False),
        "quotes_need_confirmation": data.get("quotes_need_confirmation", False),
        "status": data.get("status", "draft"),
        "feedback_due_on": data.get("feedback_due_on"),
    }
    if out["opens_at"] and out["closes_at"] and out["closes_at"] <= out["opens_at"]:
        check.fail(("closes_at",), "'closes_at' must come after 'opens_at'")
    for flag in ("live_mode", "quotes_need_confirmation"):
        if not isinstance(out[flag], bool):
            check.fail((flag,), f"'{flag}' must be true or false")
    if out["status"] not in ("draft", "open"):
        check.fail(("status",), "'status' must be draft or open")
    if out["feedback_due_on"] is not None:
        out["feedback_due_on"] = check.day(out["feedback_due_on"], ("feedback_due_on",))
    if out["status"] == "open" and out["feedback_due_on"] is None:
        check.fail(("status",), "a consultation cannot open without 'feedback_due_on', the "
                                "date by which participants will hear what was done with "
                                "their views; add it or set status: draft")
    out["texts"] = {name: check.lang_text(data.get(name), (name,), languages,
                                          required=name == "title")
                    for name in TEXT_FIELDS}
    out["meeting"] = _meeting(check, data.get("meeting"), languages)
    out["questions"] = _questions(check, data.get("questions"), languages, bands)
    out["live_questions"] = _live_questions(check, data, out, languages, bands)
    if check.problems:
        raise DefinitionError(check.problems)
    return out


def _meeting(check: _Checker, given: Any, languages: list[str]) -> dict[str, Any] | None:
    """The meeting as `meetings.service.for_definition` reads it, with the line it is on."""
    if given is None:
        return None
    line = check.doc.line("meeting")
    if isinstance(given, str) and MEETING_KEY_RE.match(given):
        return {"key": given, "line": line}
    if not isinstance(given, dict):
        check.fail(("meeting",), "'meeting' must be a meeting's key (like "
                                 "cwg-cop-2027-geneva) or a mapping with 'key' and 'name'")
        return None
    if "key" not in given:
        # Before meetings were rows, a definition gave the meeting's name alone.
        names = check.lang_text(given, ("meeting",), languages, required=False)
        return {"names": names, "line": line} if names else None
    check.unknown_keys(given, MEETING_KEYS, ("meeting",))
    spec: dict[str, Any] = {"key": given["key"], "line": line}
    if not (isinstance(given["key"], str) and MEETING_KEY_RE.match(given["key"])):
        check.fail(("meeting", "key"), "the meeting's 'key' must be 2 to 60 lowercase letters, "
                                       "digits or hyphens")
    if "name" in given:
        spec["names"] = check.lang_text(given["name"], ("meeting", "name"), list(UN_LANGUAGES),
                                        required=False)
    if "place" in given:
        spec["place"] = check.lang_text(given["place"], ("meeting", "place"),
                                        list(UN_LANGUAGES), required=False)
    if "symbol" in given:
        if not isinstance(given["symbol"], str) or not given["symbol"].strip():
            check.fail(("meeting", "symbol"), "the meeting's 'symbol' must be text, like "
                                              "\"CWG-COP-22/INF/3\"")
        spec["symbol"] = str(given["symbol"]).strip()
    for key in ("starts_on", "ends_on"):
        if key in given:
            spec[key] = check.day(given[key], ("meeting", key))
    if "online" in given:
        if not isinstance(given["online"], bool):
            check.fail(("meeting", "online"), "'online' must be true or false")
        spec["online"] = given["online"] is True
    return spec


def _bands(check: _Checker, bands: Any) -> list[str]:
    if not isinstance(bands, list) or not bands:
        check.fail(("bands",), "'bands' must be a list like [\"9-12\", \"13-15\"]")
        return DEFAULT_BANDS
    spans: list[tuple[int, int]] = []
    for i, band in enumerate(bands):
        match = BAND_RE.match(str(band))
        if not match:
            check.fail(("bands", i), f"band '{band}' must look like \"13-15\" (quote it)")
            continue
        low, high = int(match[1]), int(match[2])
        if not 5 <= low <= high <= 30:
            check.fail(("bands", i), f"band '{band}' must have ages from 5 to 30, low first")
        if any(low <= h and high >= lo for lo, h in spans):
            check.fail(("bands", i), f"band '{band}' overlaps another band")
        spans.append((low, high))
    return [str(b) for b in bands]


def _live_questions(check: _Checker, data: dict[str, Any], out: dict[str, Any],
                    languages: list[str], bands: list[str]) -> list[dict[str, Any]]:
    """The questions the chair puts during the meeting, in the order written."""
    given = data.get("live_questions")
    if given is None:
        return []
    if not isinstance(given, list) or not given:
        check.fail(("live_questions",), "'live_questions' must be a list with at least one "
                                        "question, or be left out")
        return []
    if out["live_mode"] is not True:
        check.fail(("live_questions",), "live questions need 'live_mode: true'")
    taken = {q["key"] for q in out["questions"]}
    live = _questions(check, given, languages, bands, "live_questions", taken)
    for i, q in enumerate(live):
        if q["kind"] not in LIVE_KINDS:
            check.fail(("live_questions", i, "kind"),
                       f"a live question's 'kind' must be one of {', '.join(LIVE_KINDS)}")
    return live


def _questions(check: _Checker, questions: Any, languages: list[str],
               bands: list[str], list_key: str = "questions",
               taken: set[str] | None = None) -> list[dict[str, Any]]:
    if not isinstance(questions, list) or not questions:
        if questions is not None:
            check.fail((list_key,), f"'{list_key}' must be a list with at least one question")
        return []
    out: list[dict[str, Any]] = []
    seen: set[str] = set(taken or ())
    for i, q in enumerate(questions):
        path: tuple[Any, ...] = (list_key, i)
        if not isinstance(q, dict):
            check.fail(path, "each question must be a mapping with 'key', 'kind' and 'prompt'")
            continue
        check.unknown_keys(q, QUESTION_KEYS, path)
        key, kind = q.get("key"), q.get("kind")
        if not (isinstance(key, str) and KEY_RE.match(key)):
            check.fail((*path, "key"), "each question needs a 'key' of lowercase letters, "
                                       "digits or hyphens")
        elif key in seen:
            check.fail((*path, "key"), f"question key '{key}' is used twice; keys must differ")
        seen.add(str(key))
        if kind not in KINDS:
            check.fail((*path, "kind"), f"'kind' must be one of {', '.join(KINDS)}")
        required = q.get("required", False)
        if not isinstance(required, bool):
            check.fail((*path, "required"), "'required' must be true or false")
        max_length = q.get("max_length")
        if max_length is not None and kind not in TEXT_KINDS:
            check.fail((*path, "max_length"), "'max_length' applies only to text questions")
        elif kind in TEXT_KINDS:
            max_length = max_length or DEFAULT_MAX_LENGTH[kind]
            if isinstance(max_length, bool) or not isinstance(max_length, int) \
                    or not 1 <= max_length <= MAX_TEXT_LENGTH:
                check.fail((*path, "max_length"),
                           f"'max_length' must be a whole number from 1 to {MAX_TEXT_LENGTH}")
        options = _options(check, q.get("options"), kind, path, languages, bands)
        out.append({
            "key": key, "kind": kind, "required": required,
            "max_length": max_length if kind in TEXT_KINDS else None,
            "texts": {
                "prompt": check.band_text(q.get("prompt"), (*path, "prompt"), languages,
                                          bands, required=True),
                "help": check.band_text(q.get("help"), (*path, "help"), languages, bands,
                                        required=False),
            },
            "options": options,
        })
    return out


def _options(check: _Checker, options: Any, kind: Any, path: tuple[Any, ...],
             languages: list[str], bands: list[str]) -> list[dict[str, Any]]:
    if kind not in CHOICE_KINDS:
        if options is not None:
            check.fail((*path, "options"), f"a {kind} question takes no 'options'; remove them")
        return []
    if not isinstance(options, list) or not 2 <= len(options) <= 12:
        check.fail((*path, "options"), "a choice question needs 'options': a list of 2 to 12")
        return []
    out, seen = [], set()
    for j, opt in enumerate(options):
        opath = (*path, "options", j)
        if not isinstance(opt, dict):
            check.fail(opath, "each option must be a mapping with 'key' and 'label'")
            continue
        check.unknown_keys(opt, {"key", "label"}, opath)
        key = opt.get("key")
        if not (isinstance(key, str) and KEY_RE.match(key)):
            check.fail((*opath, "key"), "each option needs a 'key' of lowercase letters, digits "
                                        "or hyphens; quote keys like \"yes\" and \"no\"")
        elif key in seen:
            check.fail((*opath, "key"), f"option key '{key}' is used twice in this question")
        seen.add(key)
        out.append({"key": key, "label": check.band_text(opt.get("label"), (*opath, "label"),
                                                         languages, bands, required=True)})
    return out


class SlugTakenError(Exception):
    pass


class ConsultationInUseError(Exception):
    """--replace would delete answers: refused."""


def import_definition(session: Session, text: str, *, replace: bool = False) -> Consultation:
    """Create the consultation described by ``text``; all of it or, on error, nothing."""
    values = parse(text)
    existing = session.scalar(select(Consultation).where(Consultation.slug == values["slug"]))
    if existing is not None:
        if not replace:
            raise SlugTakenError(values["slug"])
        # The package that owns answers refuses (raises ConsultationInUseError)
        # when deleting this consultation would delete them.
        consultation_replacing.send(existing, session=session)
        session.delete(existing)
        session.flush()
    rows = _question_rows(values.pop("questions"), values.pop("live_questions"))
    meeting = values.pop("meeting")
    consultation = Consultation(**values)
    _set_meeting(session, consultation, meeting)
    consultation.questions = [Question(**row) for row in rows]
    session.add(consultation)
    session.flush()
    return consultation


def _set_meeting(session: Session, consultation: Consultation,
                 meeting: dict[str, Any] | None) -> None:
    if meeting is None:
        consultation.meeting = None
        return
    meeting = dict(meeting)
    line = meeting.pop("line")
    try:
        consultation.meeting = for_definition(session, meeting)
    except MeetingError as exc:
        raise DefinitionError([Problem(line, str(exc))]) from None


def _question_rows(questions: list[dict[str, Any]],
                   live: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Live questions come after the others, so every question keeps one position.
    return ([{**q, "position": i + 1, "live_order": None} for i, q in enumerate(questions)]
            + [{**q, "position": len(questions) + i + 1, "live_order": i + 1}
               for i, q in enumerate(live)])


def update_definition(session: Session, consultation: Consultation,
                      values: dict[str, Any]) -> None:
    """Write values from parse() over an existing consultation, in place.

    Its state is left as it is (opening is a step of its own). Questions are
    matched by key, so a question that keeps its key keeps its row and every
    answer to it; a key no longer there is deleted, a new one added."""
    values = {k: v for k, v in values.items() if k != "status"}
    rows = _question_rows(values.pop("questions"), values.pop("live_questions"))
    _set_meeting(session, consultation, values.pop("meeting"))
    for name, value in values.items():
        setattr(consultation, name, value)
    existing = {q.key: q for q in consultation.questions}
    wanted = {row["key"] for row in rows}
    consultation.questions = [q for q in consultation.questions if q.key in wanted]
    # Deleted before any insert: a key deleted and added back in one change
    # would otherwise meet itself in the unique (consultation, key) index.
    session.flush()
    kept = []
    for row in rows:
        question = existing.get(row["key"])
        if question is None:
            question = Question(**row)
        else:
            for name, value in row.items():
                setattr(question, name, value)
        kept.append(question)
    consultation.questions = kept
    # A new revision even when only a question changed: the participant pages'
    # cache and the authoring pages' lock both read it (consultations/cache.py).
    flag_modified(consultation, "texts")
    session.flush()


def export_definition(consultation: Consultation) -> str:
    data: dict[str, Any] = {
        "format": 1,
        "slug": consultation.slug,
        "languages": list(consultation.languages),
        "bands": list(consultation.bands),
        "independent_age": consultation.independent_age,
        "k_threshold": consultation.k_threshold,
        "retention_days": consultation.retention_days,
        "opens_at": consultation.opens_at_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "closes_at": consultation.closes_at_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": "open" if consultation.status == "open" else "draft",
        "live_mode": consultation.live_mode,
        "quotes_need_confirmation": consultation.quotes_need_confirmation,
    }
    if consultation.feedback_due_on:
        data["feedback_due_on"] = consultation.feedback_due_on
    for name in TEXT_FIELDS:
        if consultation.texts.get(name):
            data[name] = dict(consultation.texts[name])
    if consultation.meeting is not None:
        data["meeting"] = _meeting_definition(consultation.meeting)
    data["questions"] = [_question_definition(q) for q in consultation.questions
                         if q.live_order is None]
    live = sorted((q for q in consultation.questions if q.live_order is not None),
                  key=lambda q: q.live_order or 0)
    if live:
        data["live_questions"] = [_question_definition(q) for q in live]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _meeting_definition(meeting: Meeting) -> dict[str, Any]:
    item: dict[str, Any] = {"key": meeting.key}
    if meeting.symbol:
        item["symbol"] = meeting.symbol
    item["name"] = dict(meeting.names)
    for key in ("starts_on", "ends_on"):
        if getattr(meeting, key):
            item[key] = getattr(meeting, key)
    if meeting.place:
        item["place"] = dict(meeting.place)
    item["online"] = meeting.online
    return item


def _question_definition(q: Question) -> dict[str, Any]:
    item: dict[str, Any] = {"key": q.key, "kind": q.kind, "required": q.required}
    if q.max_length is not None:
        item["max_length"] = q.max_length
    item["prompt"] = q.texts["prompt"]
    if q.texts.get("help"):
        item["help"] = q.texts["help"]
    if q.options:
        item["options"] = q.options
    return item
