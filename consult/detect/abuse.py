"""Flag insults and profanity so moderators see them before anything is published.

Latin, Cyrillic and Arabic words are matched as whole words, so "Scunthorpe",
"class" and "assess" are fine; Chinese is matched as substrings. Common
disguises are undone first: stretched letters ("idiooot"), digits and symbols
for letters ("sh1t", "6лять"), Latin look-alikes inside Cyrillic words ("xуй"),
spaced or dotted letters ("f u c k") and masked letters ("f*ck").

Criticism of a product is not abuse: "these apps are stupid and useless" is a
child's opinion and must reach the count. The mild words that also describe
things (`MILD`: "stupid", "nul", "тупые", "غبية", "真垃圾") only count when
the text aims at a person ("you", "he", "whoever wrote this").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from consult.detect.abuse_words import (
    AMBIGUOUS,
    HAN,
    MASKED_TARGETS,
    MILD,
    PERSON,
    PHRASES,
    RAW_PHRASES,
    STEMS,
    WORDS,
)
from consult.detect.textfold import fold, fold_pattern

_STEM = re.compile("|".join(f"(?:{fold_pattern(s)})" for s in STEMS))
# Phrases that start at a word boundary share one leading \b: far fewer tries per text.
_PHRASE = re.compile(
    r"\b(?:" + "|".join(f"(?:{fold_pattern(p)[2:]})" for p in PHRASES if p.startswith(r"\b"))
    + ")|" + "|".join(f"(?:{fold_pattern(p)})" for p in PHRASES if not p.startswith(r"\b")))
_RAW_PHRASE = re.compile("|".join(RAW_PHRASES))
_HAN = re.compile("|".join(re.escape(w) for w in HAN))
_PERSON = re.compile("|".join(f"(?:{fold_pattern(p)})" for p in PERSON))

# Han characters split tokens, so "你个sb" yields "sb".
_TOKEN = re.compile(r"[^\s\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
_EDGE = ".,;:?\"'()[]{}«»“”„‹›<>~`^_-–—…/\\|"
_SPACED = re.compile(r"(?<![^\W_])(?:[^\W\d_][ .\-_*]{1,2}){2,}[^\W\d_](?![^\W_])")
_RUN3 = re.compile(r"(.)\1{2,}")
_RUN2 = re.compile(r"(.)\1+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_PLAIN = re.compile(r"[a-z]+|[\u0430-\u044f]+")  # one script, letters only (after folding)

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "@": "a", "$": "s", "!": "i", "|": "l", "€": "e", "9": "g", "+": "t"})
_LEET_L = str.maketrans({"1": "l", "!": "l"})
_TO_CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х",
                              "y": "у", "k": "к", "m": "м", "t": "т", "h": "н", "b": "б",
                              "u": "и", "3": "з", "0": "о", "6": "б", "4": "ч", "@": "а"})
_AR_PREFIX = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?(?:ال)?")
_AR_SUFFIX = re.compile(r"(?:ين|ون|ات|ها|ه)$")


def _variants(token: str) -> Iterator[str]:
    """The spellings a disguised token may stand for, cheapest first."""
    yield token
    if _PLAIN.fullmatch(token) and not _RUN2.search(token):
        return  # nothing disguised: letters of one script, none doubled
    if _ARABIC.search(token):
        bare = _AR_PREFIX.sub("", token, count=1)
        yield bare
        yield _AR_SUFFIX.sub("", bare)
        return
    forms = {token}
    if _CYRILLIC.search(token):
        forms.add(token.translate(_TO_CYRILLIC))
    elif any(ch.isalpha() for ch in token):
        forms.add(token.translate(_LEET))
        forms.add(token.translate(_LEET_L).translate(_LEET))
    # "idiooot" -> "idioot" and "idiot": stretched letters, and doubled ones typed once.
    forms |= {_RUN3.sub(r"\1\1", form) for form in forms} | {_RUN2.sub(r"\1", f) for f in forms}
    for form in forms:
        yield form
        # "l'enculé", "bull-shit": the pieces are words too.
        if "'" in form or "-" in form:
            yield from (piece for piece in re.split(r"['-]", form) if piece)


def _is_bad(word: str, lang: str | None) -> bool:
    if not word:
        return False
    if word in WORDS or (lang and word in AMBIGUOUS.get(lang, frozenset())):
        return True
    return bool(_STEM.fullmatch(word))


@lru_cache(maxsize=65536)
def _token_is_bad(token: str, lang: str | None) -> bool:
    return any(_is_bad(v, lang) for v in _variants(token))


@lru_cache(maxsize=65536)
def _token_is_mild(token: str, lang: str | None) -> bool:
    """Every bad spelling `token` may stand for is a mild word."""
    return all(v in MILD for v in _variants(token) if _is_bad(v, lang))


@lru_cache(maxsize=4096)
def _masked_is_bad(token: str) -> bool:
    """"f*ck", "c**t": a star stands for one letter of a listed word."""
    if token.count("*") > 3 or len(token) < 3 or not any(ch.isalpha() for ch in token):
        return False
    pattern = re.compile(re.escape(token).replace(r"\*", r"[^\W\d_]"))
    return any(pattern.fullmatch(target) for target in MASKED_TARGETS)


def find_abuse(text: str, lang: str | None = None) -> bool:
    """True if `text` contains an insult or profanity in any of the six languages.

    `lang` (ISO 639-1) switches on the words that are only rude in that language.
    """
    if not text:
        return False
    folded = fold(text)
    lang = (lang or "").lower()[:2] or None
    if _PHRASE.search(folded) or _RAW_PHRASE.search(text.casefold()):
        return True
    mild = False
    for match in _HAN.finditer(folded):
        if match.group() not in MILD:
            return True
        mild = True
    for match in _TOKEN.finditer(folded):
        token = match.group().strip(_EDGE)
        if not token:
            continue
        if "*" in token and _masked_is_bad(token.strip("!?.")):
            return True
        token = token.rstrip("!?")
        if _token_is_bad(token, lang):
            if not _token_is_mild(token, lang):
                return True
            mild = True
    for match in _SPACED.finditer(folded):
        if _token_is_bad(re.sub(r"[ .\-_*]", "", match.group()), lang):
            return True
    return mild and bool(_PERSON.search(folded))
