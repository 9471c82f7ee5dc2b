"""Issue 5: complete catalogues for the six UN languages.

Every catalogue under translations/ must translate every message (every plural
form), mark nothing fuzzy, keep the same ``%(name)x`` placeholders as the
English, compile cleanly, and hold every message that the code and templates
contain today: the test extracts them afresh with babel.cfg, so a string added
without a translation fails here.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from consult.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
BABEL_CFG = ROOT / "babel.cfg"
# The keywords `pybabel extract -F babel.cfg -k _l -k lazy_gettext` uses.
KEYWORDS: dict[str, Any] = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]")

# How many plural forms each language has, and which form a few numbers take
# (CLDR rules, as `pybabel init` writes them).
PLURAL_FORMS = {
    "ar": (6, {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 102: 5, 103: 3, 111: 4}),
    "en": (2, {0: 1, 1: 0, 2: 1, 21: 1}),
    "es": (3, {0: 2, 1: 0, 2: 2, 21: 2, 1_000_000: 1}),
    "fr": (3, {0: 0, 1: 0, 2: 2, 21: 2, 1_000_000: 1}),
    "ru": (3, {1: 0, 2: 1, 4: 1, 5: 2, 11: 2, 12: 2, 14: 2, 21: 0, 22: 1, 25: 2, 111: 2}),
    "zh": (1, {0: 0, 1: 0, 2: 0, 100: 0}),
}


def po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


@cache
def catalogue(lang: str) -> Catalog:
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def messages(lang: str) -> Iterator[Message]:
    for message in catalogue(lang):
        if message.id:  # skip the header
            yield message


def label(message: Message) -> str:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
    return f"{msgid!r} ({where})" if where else repr(msgid)


def placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text)}


class _Anything(dict):  # type: ignore[type-arg]
    """A mapping that has every key, so `text % _Anything()` checks the format only."""

    def __missing__(self, key: str) -> int:
        return 1


def formats(text: str) -> bool:
    try:
        text % _Anything()
    except (ValueError, TypeError, KeyError):
        return False
    return True


@lru_cache(maxsize=1)
def extracted() -> dict[tuple[str, str | None], list[str]]:
    """Every message in the code and templates today, as `pybabel extract` finds it."""
    with BABEL_CFG.open() as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(BABEL_CFG))
    found: dict[tuple[str, str | None], list[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        msgid = message if isinstance(message, str) else message[0]
        if msgid:
            found.setdefault((msgid, context), []).append(f"{filename}:{lineno}")
    return found


def test_every_language_has_a_catalogue() -> None:
    assert set(LANGUAGES) == set(PLURAL_FORMS)
    for lang in LANGUAGES:
        assert po_path(lang).is_file(), f"missing {po_path(lang).relative_to(ROOT)}"


def test_extraction_finds_the_messages() -> None:
    # Guards the next tests against passing on an empty extraction.
    assert len(extracted()) > 100
    assert ("Have your say", None) in extracted()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_header_is_right(lang: str) -> None:
    count, samples = PLURAL_FORMS[lang]
    cat = catalogue(lang)
    assert cat.num_plurals == count
    plural = gettext.c2py(cat.plural_expr)
    assert {n: plural(n) for n in samples} == samples


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang: str) -> None:
    cat = catalogue(lang)
    untranslated = []
    for message in messages(lang):
        if isinstance(message.id, str):
            if not (isinstance(message.string, str) and message.string.strip()):
                untranslated.append(label(message))
            continue
        forms = list(message.string)
        if len(forms) != cat.num_plurals or not all(f and f.strip() for f in forms):
            filled = sum(1 for f in forms if f and f.strip())
            untranslated.append(f"{label(message)}: {filled} of {cat.num_plurals} plural forms")
    assert not untranslated, f"{lang}: untranslated:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_is_fuzzy(lang: str) -> None:
    fuzzy = [label(m) for m in messages(lang) if m.fuzzy]
    assert not catalogue(lang).fuzzy, f"{lang}: the catalogue header is marked fuzzy"
    assert not fuzzy, f"{lang}: fuzzy:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match(lang: str) -> None:
    wrong = []
    for message in messages(lang):
        if isinstance(message.id, str):
            pairs = [(message.id, message.string, True)]
        else:
            singular, plural = message.id[0], message.id[1]
            forms = list(message.string)
            # A form for one or two may spell the number out ("إجابتان"), so it
            # may leave the count out; the last ("other") form must keep them all.
            pairs = [(singular + plural, f, i == len(forms) - 1) for i, f in enumerate(forms)]
        for source, target, exact in pairs:
            if not target:
                continue  # reported by test_every_message_is_translated
            want = placeholders(source)
            got = placeholders(target)
            if (got != want) if exact else not got <= want:
                wrong.append(f"{label(message)}: expected {sorted(want)}, got {sorted(got)}")
            elif formats(source) and not formats(target):
                # Templates always %-format, so a stray % would break the page.
                wrong.append(f"{label(message)}: {target!r} is not a valid format string "
                             "(write a literal percent sign as %%)")
    assert not wrong, f"{lang}: placeholder mismatch:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_compiles_without_errors(lang: str) -> None:
    cat = catalogue(lang)
    errors = [f"{label(message)}: {', '.join(map(str, errs))}"
              for message, errs in cat.check() if errs]
    assert not errors, f"{lang}:\n" + "\n".join(errors)
    write_mo(io.BytesIO(), cat)


def test_english_catalogue_repeats_the_source() -> None:
    different = [label(m) for m in messages("en")
                 if (m.string if isinstance(m.id, str) else tuple(m.string)[:2])
                 != (m.id if isinstance(m.id, str) else tuple(m.id))]
    assert not different, "en: msgstr differs from msgid:\n" + "\n".join(different)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_in_the_code_is_missing_from_the_catalogue(lang: str) -> None:
    cat = catalogue(lang)
    missing = [f"{msgid!r} ({', '.join(where[:2])})"
               for (msgid, context), where in sorted(extracted().items(),
                                                     key=lambda kv: kv[1][0])
               if cat.get(msgid, context=context) is None]
    assert not missing, (
        f"{lang}: {len(missing)} message(s) not in {po_path(lang).relative_to(ROOT)}; run "
        "pybabel extract + update (see translations/README.md) and translate them:\n"
        + "\n".join(missing))
