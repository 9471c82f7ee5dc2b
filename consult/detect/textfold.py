"""Text folding shared by the word-list detectors (abuse, safeguarding).

Folding makes a keyword written one way match the other ways children type it:
case, accents left off ("telefono", "ecole"), ё typed as е, Arabic hamza and
diacritics. The result is only ever tested for matches, never used for spans,
so it may change the length of the text.
"""

from __future__ import annotations

import re
import unicodedata

_LATIN_MARKS = "àáâãäåāăąçćčďèéêëēėęěìíîïīįñńňòóôõöōùúûüūůűýÿźżžśšşřľĺłğ"

# Each accented Latin letter maps to its base letter ("é" -> "e").
_TABLE: dict[int, str | None] = {
    ord(ch): unicodedata.normalize("NFD", ch)[0] for ch in _LATIN_MARKS}
_TABLE.update({ord("ø"): "o", ord("đ"): "d", ord("ł"): "l"})
_TABLE.update({
    ord("ё"): "е",
    # Arabic: the hamza seats and the final forms that children use interchangeably.
    ord("أ"): "ا", ord("إ"): "ا", ord("آ"): "ا", ord("ٱ"): "ا",
    ord("ى"): "ي", ord("ئ"): "ي", ord("ؤ"): "و", ord("ة"): "ه",
    ord("ـ"): None,  # tatweel, the stretching stroke
    ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'", ord("`"): "'",
    ord("＠"): "@",
    ord("\u00a0"): " ", ord("\u202f"): " ", ord("\u3000"): " ",
})
# Arabic diacritics (harakat, shadda, sukun, dagger alif) carry no meaning for matching.
_TABLE.update(dict.fromkeys(range(1611, 1632)))
_TABLE[0x0670] = None
# Zero-width and bidi controls can hide a word from a list ("id\u200biot").
_TABLE.update(dict.fromkeys((8203, 8204, 8205, 8288, 65279, 173)))
_TABLE.update(dict.fromkeys(range(8234, 8239)))
_TABLE.update(dict.fromkeys(range(8294, 8298)))

_COMBINING_RUN = re.compile(r"[\u0300-\u036f\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Casefold, strip accents from Latin letters and normalise Arabic and Cyrillic.

    Cyrillic й is kept (it is a letter, not и with an accent); stacked combining
    marks ("Zalgo" text) are dropped so that they cannot hide a word.
    """
    # NFKC also turns full-width Latin ("ｆｕｃｋ") and ligatures into plain letters.
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _COMBINING_RUN.sub("", text.translate(_TABLE))
    return _SPACES.sub(" ", text)


def fold_pattern(pattern: str) -> str:
    """Fold the letters of a regex source written in lower case, leaving its syntax alone.

    Only non-ASCII characters change, so escapes such as \\W or \\S keep their meaning.
    """
    return "".join(ch if ch.isascii() else fold(ch) for ch in pattern)
