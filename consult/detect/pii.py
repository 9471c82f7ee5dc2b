"""The one place that finds personal data in free text and masks it (rule 4).

`find_personal_data` is the safety net in front of every export, the public
page and the live screen: it prefers masking a word too many to letting a
child's phone number or name through. Moderators confirm and extend the
masks; `is_masking_of` checks that a hand-edited copy only masks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consult.detect.pii_contact import find_emails, find_handles, find_urls
from consult.detect.pii_names import find_names
from consult.detect.pii_numbers import find_numbers
from consult.detect.pii_places import find_addresses, find_schools

MASK = "\u2588\u2588\u2588"
MASK_CHAR = "\u2588"

KINDS = ("email", "phone", "url", "handle", "address", "name", "school", "id_number")
# When two finds overlap they become one span; its kind is the most specific one
# ("jordan@example.com" is an email even though "example.com" looks like a URL).
_PRIORITY = {kind: rank for rank, kind in enumerate(
    ("email", "handle", "url", "phone", "id_number", "address", "school", "name"))}

_MASK_RUN = re.compile(MASK_CHAR + "+")


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int
    text: str


def find_personal_data(text: str, lang: str | None = None,
                       region: str | None = None) -> list[Span]:
    """Spans of personal data in `text`, sorted by start and never overlapping.

    `lang` (ISO 639-1) and `region` (ISO 3166 alpha-2) only hint at local phone
    formats; the patterns of all six languages always run, since children do not
    always write in the language they chose.
    """
    if not text:
        return []
    hits = [
        *find_emails(text), *find_urls(text), *find_handles(text),
        *find_numbers(text, lang, region), *find_addresses(text), *find_schools(text),
        *find_names(text),
    ]
    return _merge(text, hits)


def _merge(text: str, hits: list[tuple[int, int, str]]) -> list[Span]:
    spans: list[Span] = []
    cluster: list[tuple[int, int, str]] = []
    cluster_end = -1
    for hit in sorted(h for h in hits if 0 <= h[0] < h[1] <= len(text)):
        if cluster and hit[0] >= cluster_end:
            spans.append(_cluster_span(text, cluster, cluster_end))
            cluster = []
        cluster.append(hit)
        cluster_end = max(cluster_end, hit[1]) if len(cluster) > 1 else hit[1]
    if cluster:
        spans.append(_cluster_span(text, cluster, cluster_end))
    return spans


def _cluster_span(text: str, cluster: list[tuple[int, int, str]], end: int) -> Span:
    start = cluster[0][0]
    kind = min((h[2] for h in cluster), key=_PRIORITY.__getitem__)
    return Span(kind=kind, start=start, end=end, text=text[start:end])


def redact(text: str, spans: list[Span]) -> str:
    """`text` with every span replaced by MASK; overlapping spans are masked once."""
    pieces: list[str] = []
    cursor = 0
    for start, end in _union(spans, len(text)):
        pieces.append(text[cursor:start])
        pieces.append(MASK)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _union(spans: list[Span], length: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        start, end = max(0, span.start), min(length, span.end)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# A hand-edited copy with more mask runs than this is refused outright: no real
# answer needs so many, and the cap bounds the work a crafted edit can ask for.
MAX_MASK_RUNS = 500


def masked_spans(original: str, edited: str) -> list[Span] | None:
    """The spans of `original` that `edited` masks, or None unless `edited` is
    `original` with zero or more substrings replaced by runs of █.

    A moderator's hand-redacted copy may hide text but never add any: every
    piece of `edited` between mask runs must be the original text, in order,
    and each mask run must stand for at least one original character. The one
    check of that in the code. It is a single left-to-right scan with
    `str.find` (no regular expression that could backtrack), at most
    MAX_MASK_RUNS pieces, so its work grows linearly with the text.
    """
    if MASK_CHAR not in edited:
        return [] if edited == original else None
    pieces = _MASK_RUN.split(edited)  # literal text around the mask runs
    if len(pieces) - 1 > MAX_MASK_RUNS:
        return None
    head, tail, middle = pieces[0], pieces[-1], pieces[1:-1]
    if not original.startswith(head) or not original.endswith(tail):
        return None
    limit = len(original) - len(tail)  # where the tail begins
    spans: list[Span] = []
    cursor = len(head)
    for piece in middle:
        # Leftmost placement leaves the most room for what follows, so it is enough.
        found = original.find(piece, cursor + 1, limit)
        if found < 0:
            return None
        spans.append(Span("manual", cursor, found, original[cursor:found]))
        cursor = found + len(piece)
    if limit < cursor + 1:
        return None
    spans.append(Span("manual", cursor, limit, original[cursor:limit]))
    return spans


def is_masking_of(original: str, edited: str) -> bool:
    """True if `edited` only masks text of `original` (see `masked_spans`)."""
    return masked_spans(original, edited) is not None
