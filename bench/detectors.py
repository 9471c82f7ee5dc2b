"""Recall and false alarms of the text detectors.

    python bench/detectors.py [--no-timings] [shared-path]

First on the labelled evaluation set tests/data/detectors_eval.jsonl (see
tests/data/README.md), its development and held-out parts apart: per language
and per category, disclosure recall, false alarms on topic talk (the same
subjects in opinion, advice or policy voice), personal-data recall for the
structured kinds (email, phone, URL, handle) and the others (name, school,
address), and abuse false alarms on plain criticism. Then on the shared
answers at ../shared/testdata/responses.jsonl beside the repository (or the
path given), whose lines have "lang", "text", "pii" ([{"kind", "text"}]),
"safeguarding" and "abuse": personal-data recall per kind and per language (an
expected substring counts as found when detected spans of any kind cover it;
"exact" when spans of its own kind do), false alarms (detected spans that
overlap no expected substring), disclosure and abuse recall and false-alarm
rates, then timings.
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
EVAL_PATH = ROOT / "tests/data/detectors_eval.jsonl"
LANGS = ("en", "fr", "es", "ru", "ar", "zh")
STRUCTURED = ("email", "phone", "url", "handle")
# Targets per language (the tests in tests/test_detect_eval.py hold the held-out part to them).
TARGETS = {"disclosure recall": 0.95, "topic false alarms": 0.05,
           "structured personal data recall": 0.98, "names, schools, addresses recall": 0.8}

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


def eval_counts(rows: list[dict[str, Any]]) -> dict[str, Counter]:
    """Counters [hits, total] keyed by measure, then by language or category.

    Measures: "disclosure recall", "topic false alarms", "other false alarms"
    (disclosures flagged on personal-data and criticism lines), "structured
    personal data recall", "names, schools, addresses recall", "abuse false
    alarms" (criticism lines flagged as abuse), "personal data false alarms"
    (lines without personal data where a span was found).
    """
    from consult.detect.abuse import find_abuse
    from consult.detect.disclosure import find_disclosures
    from consult.detect.pii import find_personal_data

    counts: dict[str, Counter] = defaultdict(lambda: defaultdict(lambda: [0, 0]))

    def add(measure: str, keys: tuple[str, ...], hit: bool) -> None:
        for key in keys:
            counts[measure][key][0] += hit
            counts[measure][key][1] += 1

    for row in rows:
        text, lang, category = row["text"], row["lang"], row["category"]
        subject = row.get("subject") or category
        flagged = bool(find_disclosures(text, lang))
        if row["disclosure"]:
            add("disclosure recall", (lang, subject, "all"), flagged)
        elif category == "topic":
            add("topic false alarms", (lang, subject, "all"), flagged)
        else:
            add("other false alarms", (lang, category, "all"), flagged)
        if category == "criticism":
            add("abuse false alarms", (lang, "all"), find_abuse(text, lang))
        spans = find_personal_data(text, lang)
        if not row["pii"]:
            add("personal data false alarms", (lang, category, "all"), bool(spans))
        for item in row["pii"]:
            places = _locate(text, item["text"])
            found = bool(places) and all(_covered(s, e, spans) for s, e in places)
            measure = ("structured personal data recall" if item["kind"] in STRUCTURED
                       else "names, schools, addresses recall")
            add(measure, (lang, item["kind"], "all"), found)
    return counts


def eval_tables(rows: list[dict[str, Any]], title: str) -> None:
    counts = eval_counts(rows)
    measures = list(counts)
    _table(f"{title}: per language", ["measure", *LANGS, "all"],
           [[m, *(_rate(counts[m][k]) for k in (*LANGS, "all"))] for m in measures])
    by_category = [[m, key, _rate(pair)] for m in measures
                   for key, pair in sorted(counts[m].items())
                   if key not in LANGS and key != "all"]
    _table(f"{title}: per category", ["measure", "category", "rate"], by_category)


def main(argv: list[str]) -> int:
    # Imported here so that the script runs from a checkout whether or not it is installed.
    sys.path.insert(0, str(ROOT))
    from consult.detect.abuse import find_abuse
    from consult.detect.disclosure import find_disclosures

    args = [a for a in argv[1:] if not a.startswith("--")]
    eval_rows = _load(EVAL_PATH)
    print(f"{EVAL_PATH.relative_to(ROOT)}: {len(eval_rows)} lines")
    print("targets per language: " + "; ".join(
        f"{name} {'<=' if 'false' in name else '>='} {value}" for name, value in TARGETS.items()))
    for split, title in (("dev", "Development part"), ("heldout", "Held-out part")):
        eval_tables([r for r in eval_rows if r["split"] == split], title)

    path = Path(args[0]) if args else DEFAULT_PATH
    print()
    if not path.is_file():
        print(f"Shared test answers NOT FOUND at {path}: that part is not measured.")
        return 0
    rows = _load(path)
    print(f"{path}: {len(rows)} lines")
    pii_tables(rows)
    flag_table(rows, "Disclosures (rule 8)", "safeguarding", find_disclosures)
    flag_table(rows, "Abuse", "abuse", find_abuse)
    if "--no-timings" not in argv:
        timings(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
