"""Helpers shared by the personal-data finders: case folding that keeps offsets,
and extending a name over the words that belong to it."""

from __future__ import annotations

import re
from functools import lru_cache

from consult.detect.pii_words import STOPWORDS

Hit = tuple[int, int, str]

# Upper to lower case for Latin, Latin-1 and Cyrillic letters only, so that every
# character stays one character and offsets found in the copy hold in the original.
_LOWER = {cp: cp + 32 for cp in [*range(0x41, 0x5B), *range(0xC0, 0xD7), *range(0xD8, 0xDF)]}
_LOWER.update({cp: cp + 32 for cp in range(0x410, 0x430)})
_LOWER[0x401] = 0x451  # Ё


@lru_cache(maxsize=16)  # each finder asks for the same text's copy
def lower(text: str) -> str:
    """`text` in lower case with the same length: search it with case-sensitive patterns."""
    return text.translate(_LOWER)


_NEXT_WORD = re.compile(
    r"(?P<sep>[ \t\u00a0]*,?[ \t\u00a0]*)(?P<w>№|#|[^\W_][\w'’\-]*\.?)")
_ELISION = re.compile(r"^(?:d|l|qu)['’](?=\w)", re.IGNORECASE)
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def take_words(text: str, pos: int, *, particles: frozenset[str] = frozenset(),
               allow_lower: bool = False, allow_digits: bool = False,
               max_words: int = 4, stop: frozenset[str] = STOPWORDS) -> tuple[int, int, int]:
    """Extend a name from `pos` over the words that belong to it.

    Returns (start of the first word taken, end, words taken). Capitalised words
    are taken; lower-case ones only if `allow_lower` and not a stopword
    (children often type in lower case); particles ("de", "van", "№", "д.") only
    when a taken word follows them. A comma may only come before a house number
    ("Avenida de Mayo, 12").
    """
    first, end, taken, cursor = pos, pos, 0, pos
    while taken < max_words:
        m = _NEXT_WORD.match(text, cursor)
        if not m or (cursor != pos and not m.group("sep")):
            break
        word = m.group("w")
        low = word.lower()
        is_particle = low in particles or low.rstrip(".") in particles
        if word.endswith(".") and low not in particles:
            word, low = word[:-1], low[:-1]  # a full stop ends the sentence here
        if "," in m.group("sep") and not (word[:1].isdigit() or is_particle):
            break
        if is_particle:
            cursor = m.start("w") + len(word)
            continue
        core = _ELISION.sub("", word)
        if not core:
            break
        if core[0].isdigit():
            if not allow_digits:
                break
        elif _ARABIC.match(core):
            if core in stop or not allow_lower:
                break
        elif not core[0].isupper():
            if not allow_lower or low in stop or core.lower() in stop:
                break
        elif low in stop and taken > 0:
            break  # "Amara And ...": a capitalised stopword after a name ends it
        if taken == 0:
            first = m.start("w")
        end = m.start("w") + len(word)
        cursor = end
        taken += 1
    return first, end, taken


