"""What each authoring form does to a definition (the YAML format's data).

Plain functions from posted fields to a changed copy of the data: nothing here
validates (definition.parse does, through service.check) or stores."""

from __future__ import annotations

import copy
from typing import Any

from werkzeug.datastructures import MultiDict

from consult.consultations.definition import DEFAULT_BANDS, UN_LANGUAGES
from consult.consultations.models import CHOICE_KINDS
from consult.consultations.readiness import FIELD_LABELS

LISTS = ("questions", "live_questions")
SETTINGS_NUMBERS = ("independent_age", "k_threshold", "retention_days")


def number(value: str) -> Any:
    """A whole number as typed, or the text itself, which parse then refuses by name."""
    value = value.strip()
    return int(value) if value.isdigit() else value


def when(value: str) -> str:
    """An <input type=datetime-local> value (no zone) is read as UTC."""
    value = value.strip()
    return value + ":00Z" if len(value) == 16 else value


def set_text(values: dict[str, Any], lang: str, text: str) -> dict[str, Any]:
    """One language's text in a {lang: text} mapping; empty text removes it."""
    out = {k: v for k, v in (values or {}).items() if k != lang}
    if text.strip():
        out[lang] = text.strip()
    return out


def set_band_text(values: dict[str, Any], band: str, lang: str, text: str) -> dict[str, Any]:
    out = dict(values or {})
    out[band] = set_text(out.get(band) or {}, lang, text)
    return {k: v for k, v in out.items() if v}


def new_draft(form: MultiDict[str, str]) -> dict[str, Any]:
    first = form.get("first_language", "en")
    languages = [first, *[lang for lang in UN_LANGUAGES
                          if lang in form.getlist("languages") and lang != first]]
    return {
        "format": 1, "slug": form.get("slug", "").strip(), "languages": languages,
        "bands": list(DEFAULT_BANDS),
        "opens_at": when(form.get("opens_at", "")), "closes_at": when(form.get("closes_at", "")),
        "status": "draft",
        "title": set_text({}, first, form.get("title", "")),
        "questions": [{"key": "q1", "kind": "long_text", "required": False,
                       "prompt": {"default": set_text({}, first, form.get("prompt", ""))}}],
    }


def settings(data: dict[str, Any], form: MultiDict[str, str], lang: str) -> dict[str, Any]:
    """The settings form: slug, dates, languages, bands, numbers, flags, and the
    consultation's texts in ``lang``. Texts in a language or band taken off the
    consultation go with it."""
    out = copy.deepcopy(data)
    out["slug"] = form.get("slug", "").strip()
    for name in ("opens_at", "closes_at"):
        out[name] = when(form.get(name, ""))
    due = form.get("feedback_due_on", "").strip()
    if due:
        out["feedback_due_on"] = due
    else:
        out.pop("feedback_due_on", None)
    for name in SETTINGS_NUMBERS:
        out[name] = number(form.get(name, ""))
    out["live_mode"] = bool(form.get("live_mode"))
    out["quotes_need_confirmation"] = bool(form.get("quotes_need_confirmation"))
    first = form.get("first_language") or data["languages"][0]
    out["languages"] = [first, *[lang for lang in UN_LANGUAGES
                                 if lang in form.getlist("languages") and lang != first]]
    out["bands"] = [b.strip() for b in form.get("bands", "").replace(";", ",").split(",")
                    if b.strip()]
    for name in FIELD_LABELS:
        if lang in out["languages"]:
            out[name] = set_text(out.get(name) or {}, lang, form.get(name, ""))
        if not out.get(name):
            out.pop(name, None)
    return _drop_unused(out)


def _drop_unused(data: dict[str, Any]) -> dict[str, Any]:
    languages, bands = set(data["languages"]), {*data["bands"], "default"}

    def lang_text(values: Any) -> Any:
        return {k: v for k, v in values.items() if k in languages} \
            if isinstance(values, dict) else values

    def band_text(values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        kept = {b: lang_text(t) for b, t in values.items() if b in bands}
        return {b: t for b, t in kept.items() if t}

    for name in FIELD_LABELS:
        if name in data:
            data[name] = lang_text(data[name])
    for list_key in LISTS:
        for q in data.get(list_key) or []:
            for name in ("prompt", "help"):
                if name in q:
                    q[name] = band_text(q[name])
            for o in q.get("options") or []:
                o["label"] = band_text(o.get("label"))
    return data


def question(data: dict[str, Any], list_key: str, n: int, form: MultiDict[str, str],
             lang: str) -> dict[str, Any]:
    """The question form: key, kind, required, length, and in ``lang`` the
    wording, hint and option labels for 'default' and each band; then the
    option action its button names (add, delete, move up)."""
    out = copy.deepcopy(data)
    q = out[list_key][n]
    q["key"] = form.get("key", "").strip()
    q["kind"] = form.get("kind", q["kind"])
    q["required"] = bool(form.get("required"))
    q.pop("max_length", None)
    if form.get("max_length", "").strip():
        q["max_length"] = number(form["max_length"])
    bands = ["default", *data["bands"]]
    for name in ("prompt", "help"):
        for band in bands:
            q[name] = set_band_text(q.get(name) or {}, band, lang,
                                    form.get(f"{name}.{band}", ""))
    if not q.get("help"):
        q.pop("help", None)
    options = []
    old = q.get("options") or []
    count = form.get("option_count", "0")
    for j in range(min(int(count), 12) if count.isdigit() else 0):
        label = dict(old[j].get("label") or {}) if j < len(old) else {}
        for band in bands:
            label = set_band_text(label, band, lang, form.get(f"option.{j}.{band}", ""))
        options.append({"key": form.get(f"option.{j}.key", "").strip(), "label": label})
    op = form.get("op", "")
    if op == "add-option":
        options.append({"key": _free([o["key"] for o in options], "option"), "label": {}})
    elif op.startswith(("delete-option-", "up-option-")):
        j = int(op.rsplit("-", 1)[1]) if op.rsplit("-", 1)[1].isdigit() else -1
        if 0 <= j < len(options):
            if op.startswith("delete"):
                options.pop(j)
            elif j > 0:
                options[j - 1], options[j] = options[j], options[j - 1]
    if q["kind"] in CHOICE_KINDS:
        # A question just made a choice starts with the two options a choice needs.
        q["options"] = options or [{"key": "option-1", "label": {}},
                                   {"key": "option-2", "label": {}}]
    else:
        q.pop("options", None)
    return out


def _free(taken: list[str], stem: str) -> str:
    n = len(taken) + 1
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def add_question(data: dict[str, Any], list_key: str, kind: str, prompt: str,
                 options: str = "") -> dict[str, Any]:
    """A new question in the first language; a choice's options one per line."""
    out = copy.deepcopy(data)
    first = out["languages"][0]
    taken = [q.get("key") for key in LISTS for q in out.get(key) or []]
    q: dict[str, Any] = {"key": _free(taken, "question"), "kind": kind, "required": False,
                         "prompt": {"default": set_text({}, first, prompt)}}
    if kind in CHOICE_KINDS:
        labels = [line.strip() for line in options.splitlines() if line.strip()]
        q["options"] = [{"key": f"option-{j}", "label": {"default": {first: label}}}
                        for j, label in enumerate(labels, 1)]
    out.setdefault(list_key, []).append(q)
    return out


def rearrange(data: dict[str, Any], list_key: str, n: int, action: str) -> dict[str, Any]:
    """Move a question up or down, duplicate it (next to it, with a free key) or delete it."""
    out = copy.deepcopy(data)
    items = out.get(list_key) or []
    if not 0 <= n < len(items):
        return out
    if action == "up" and n > 0:
        items[n - 1], items[n] = items[n], items[n - 1]
    elif action == "down" and n < len(items) - 1:
        items[n + 1], items[n] = items[n], items[n + 1]
    elif action == "duplicate":
        taken = [q.get("key") for key in LISTS for q in out.get(key) or []]
        items.insert(n + 1, {**copy.deepcopy(items[n]), "key": _free(taken, items[n]["key"])})
    elif action == "delete":
        items.pop(n)
    if not items:
        out.pop(list_key, None)
    return out
