"""Recall and false alarms of the text detectors on a labelled JSON-lines file.

    python bench/detectors.py [path]

Default path: ../shared/testdata/responses.jsonl beside the repository. Each
line has "lang", "text", "pii" ([{"kind", "text"}]), "safeguarding" and
"abuse". Prints plain-text tables: personal-data recall per kind and per
language (an expected substring counts as found when detected spans of any
kind cover it; "exact" when spans of its own kind do), false alarms (detected
spans that overlap no expected substring), then disclosure and abuse recall
and false-alarm rates, then timings.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from consult.detect.pii import Span

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATH = ROOT.parent / "shared/testdata/responses.jsonl"

Counter = dict[str, list[int]]  # name -> [hits, total]


def _load(path: Path) -> list[dict[str, Any]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def _covered(start: int, end: int, spans: list[Span], kind: str | None = None) -> bool:
    covered = [False] * (end - start)
    for span in spans:
        if kind and span.kind != kind:
            continue
        for i in range(max(start, span.start), min(end, span.end)):
            covered[i - start] = True
    return all(covered)


def _locate(text: str, needle: str) -> list[tuple[int, int]]:
    found, i = [], text.find(needle)
    while i >= 0:
        found.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return found


def _rate(pair: list[int]) -> str:
    hits, total = pair
    return f"{hits}/{total} {100 * hits / total:5.1f}%" if total else "-"


def _table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def pii_tables(rows: list[dict[str, Any]]) -> None:
    from consult.detect.pii import KINDS, find_personal_data

    recall: dict[str, Counter] = {"any": defaultdict(lambda: [0, 0]),
                                  "exact": defaultdict(lambda: [0, 0])}
    spans_of: Counter = defaultdict(lambda: [0, 0])  # kind -> [false alarms, spans]
    lines_of: Counter = defaultdict(lambda: [0, 0])  # kind -> [lines flagged, clean lines]
    for row in rows:
        text, lang = row["text"], row["lang"]
        spans = find_personal_data(text, lang)
        expected = [(p["kind"], s, e) for p in row["pii"] for s, e in _locate(text, p["text"])]
        for p in row["pii"]:
            places = _locate(text, p["text"]) or [(0, 0)]
            for key in (p["kind"], f"lang:{lang}", "all"):
                any_ok = all(_covered(s, e, spans) for s, e in places) and places != [(0, 0)]
                exact_ok = all(_covered(s, e, spans, p["kind"]) for s, e in places)
                recall["any"][key][0] += any_ok
                recall["any"][key][1] += 1
                recall["exact"][key][0] += exact_ok and any_ok
                recall["exact"][key][1] += 1
        for span in spans:
            stray = not any(span.start < e and s < span.end for _, s, e in expected)
            for key in (span.kind, f"lang:{lang}", "all"):
                spans_of[key][0] += stray
                spans_of[key][1] += 1
        kinds_here = {p["kind"] for p in row["pii"]}
        for kind in KINDS:
            if kind not in kinds_here:
                lines_of[kind][1] += 1
                lines_of[kind][0] += any(s.kind == kind for s in spans)
    keys = [*KINDS, *sorted({f"lang:{r['lang']}" for r in rows}), "all"]
    table = [[key, _rate(recall["any"][key]), _rate(recall["exact"][key]),
              _rate(spans_of[key]), _rate(lines_of[key]) if key in KINDS else "-"]
             for key in keys if recall["any"][key][1] or spans_of[key][1] or key in KINDS]
    _table("Personal data (rule 4)",
           ["kind / lang", "recall (any kind)", "recall (kind exact)",
            "false-alarm spans / spans", "lines flagged / lines without that kind"], table)


def flag_table(rows: list[dict[str, Any]], title: str, label: str,
               flagged: Any) -> None:
    found: Counter = defaultdict(lambda: [0, 0])
    false: Counter = defaultdict(lambda: [0, 0])
    for row in rows:
        hit = bool(flagged(row["text"], row["lang"]))
        for key in (row["lang"], "all"):
            counter = found if row[label] else false
            counter[key][0] += hit
            counter[key][1] += 1
    langs = [*sorted({r["lang"] for r in rows}), "all"]
    _table(title, ["lang", "recall", "false-alarm rate"],
           [[lang, _rate(found[lang]), _rate(false[lang])] for lang in langs])


def _best_of(runs: int, text: str, lang: str | None) -> float:
    from consult.detect.scan import scan_text

    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        scan_text(text, lang)
        best = min(best, time.perf_counter() - start)
    return best


def timings(rows: list[dict[str, Any]]) -> None:
    """Best of several runs, so that other work on the machine counts as little as it can."""
    per_line = sum(_best_of(5, r["text"], r["lang"]) for r in rows) / len(rows)
    mixed = (" ".join(r["text"] for r in rows) * 3)[:2000]
    english = (" ".join(r["text"] for r in rows if r["lang"] == "en") * 5)[:2000]
    print("\nTimings (scan_text: personal data + disclosure + abuse, best of 5 runs)")
    avg = sum(len(r["text"]) for r in rows) // len(rows)
    print(f"  per test line (avg {avg} chars):    {per_line * 1000:6.2f} ms")
    print(f"  2000 chars, English lines:          {_best_of(5, english, 'en') * 1000:6.2f} ms")
    print(f"  2000 chars, all six languages:      {_best_of(5, mixed, None) * 1000:6.2f} ms")


def main(argv: list[str]) -> int:
    # Imported here so that the script runs from a checkout whether or not it is installed.
    sys.path.insert(0, str(ROOT))
    from consult.detect.abuse import find_abuse
    from consult.detect.disclosure import find_disclosures

    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    rows = _load(path)
    print(f"{path}: {len(rows)} lines")
    pii_tables(rows)
    flag_table(rows, "Disclosures (rule 8)", "safeguarding", find_disclosures)
    flag_table(rows, "Abuse", "abuse", find_abuse)
    timings(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
