"""The attacker of docs/privacy.md#rule-5: someone who holds every output of a
consultation (the JSON summary, the public page, the CSV rows, the XLSX and
DOCX files, the annual report) and combines them.

They know how the outputs are built: which counts add up to which (the
lines), that counts are whole numbers, what each label means ("fewer than k":
0 to k-1; "hidden to protect a small group": k or more), that a row-level
file holds at most the rows of each group, and that the year's counts are
sums of the consultations'. With all of that as one integer programme, they
work out the least and most each true count can be. A count from 1 to k-1
they can pin to one value is a breach.

This module is the tests' own: it does not use consult.privacy.disclosure's
solver, only the true counts (which the test may see) and the files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

FEWER, PROTECT = "fewer-than-k", "protects-another"


@dataclass
class Attacker:
    """Facts about unknown true counts, keyed as the summary's cells."""

    keys: list[Any]
    lines: list[tuple[tuple[Any, ...], Any]]
    k: int
    big: int
    low: dict[Any, float] = field(default_factory=dict)
    high: dict[Any, float] = field(default_factory=dict)
    # Sums of cells that are at least a number: (cells, at least).
    at_least: list[tuple[tuple[Any, ...], int]] = field(default_factory=list)

    def knows(self, key: Any, value: int) -> None:
        self.bound(key, value, value)

    def bound(self, key: Any, low: float, high: float) -> None:
        self.low[key] = max(self.low.get(key, 0), low)
        self.high[key] = min(self.high.get(key, self.big), high)

    # Zeros are shown except beside a small total, so a reader may take any
    # other "fewer than k" to be 1 or more. Given the true counts, the attacker
    # does so wherever that is true (a hidden zero elsewhere would only mislead
    # a reader). None: only what the labels say.
    truth: dict[Any, int] | None = None
    fewer: set[Any] = field(default_factory=set)

    def _nonzero_known(self) -> dict[Any, float]:
        if self.truth is None:
            return {}
        beside_small = {m for members, total in self.lines
                        if total in self.fewer or 0 < self.low.get(total, 0) == self.high.get(
                            total, -1) < self.k for m in members}
        return {key: 1 for key in self.fewer
                if key not in beside_small and self.truth.get(key, 0) > 0}

    def label(self, key: Any, reason: str | None, count: int | None,
              k: int | None = None) -> None:
        """What one published cell says: its count, or why it is hidden (with
        the k of the output it is in)."""
        k = k or self.k
        if count is not None:
            self.knows(key, count)
        elif reason == FEWER:
            self.fewer.add(key)
            self.bound(key, 0, k - 1)
        elif reason == PROTECT:
            self.bound(key, k, self.big)

    def rows_hold(self, cells: Iterable[Any], rows: int) -> None:
        """A row-level file shows `rows` rows of people counted in `cells`."""
        self.at_least.append((tuple(cells), rows))

    def range_of(self, key: Any) -> tuple[int, int]:
        index = {k: i for i, k in enumerate(self.keys)}
        n = len(self.keys)
        rows, lo, hi = [], [], []
        for members, total in self.lines:
            row = np.zeros(n)
            for m in members:
                row[index[m]] += 1
            row[index[total]] -= 1
            rows.append(row)
            lo.append(0)
            hi.append(0)
        for cells, value in self.at_least:
            row = np.zeros(n)
            for c in cells:
                row[index[c]] += 1
            rows.append(row)
            lo.append(value)
            hi.append(np.inf)
        constraints = [LinearConstraint(np.array(rows), np.array(lo), np.array(hi))]
        nonzero = self._nonzero_known()
        bounds = Bounds(np.array([max(self.low.get(k, 0), nonzero.get(k, 0))
                                  for k in self.keys], dtype=float),
                        np.array([self.high.get(k, self.big) for k in self.keys], dtype=float))
        c = np.zeros(n)
        c[index[key]] = 1
        least = milp(c, constraints=constraints, bounds=bounds, integrality=np.ones(n))
        most = milp(-c, constraints=constraints, bounds=bounds, integrality=np.ones(n))
        assert least.status == 0 and most.status == 0, "the truth must be feasible"
        return round(least.fun), round(-most.fun)


def attacker_for(table: Any, *, knows_zeros: bool = True) -> Attacker:
    """An attacker who knows how the summary's counts fit together (its lines),
    and, unless told otherwise, that hidden counts not beside a small total
    are not zero."""
    return Attacker(keys=list(table.values), lines=list(table.lines), k=table.k,
                    big=2 * max(table.values.values(), default=0) + 10,
                    truth=dict(table.values) if knows_zeros else None)


def read_summary(attacker: Attacker, summary: dict[str, Any]) -> None:
    """Every count and label of a JSON summary (export or public twin)."""
    part = summary["participation"]
    attacker.label("total", part["total"].get("hidden"), part["total"]["count"])
    for dim in ("band", "language", "region"):
        for cell in part[dim]:
            attacker.label((dim, cell["key"]), cell.get("hidden"), cell["count"])
    for q in summary["questions"]:
        for what in ("answered", "skipped"):
            attacker.label(("q", q["key"], what), q[what].get("hidden"), q[what]["count"])
        for o in q["options"]:
            attacker.label(("q", q["key"], o["key"]), o.get("hidden"), o["count"])
        for b in q["by_band"]:
            for what in ("answered", "skipped"):
                attacker.label(("qb", q["key"], b["band"], what), b[what].get("hidden"),
                               b[what]["count"])
            for o in b["options"]:
                attacker.label(("qb", q["key"], b["band"], o["key"]), o.get("hidden"),
                               o["count"])
    for t in summary["themes"]:
        attacker.label(("theme", t["key"]), t.get("hidden"), t["count"])


def read_rows(attacker: Attacker, rows: list[dict[str, str]], summary: dict[str, Any],
              band_of: dict[str, str]) -> None:
    """Counting a row-level file: each (question, band, answer) it shows holds at
    least that many people; rows of an answer without a band are among its total.
    `band_of` maps a shown band name back to its key."""
    by_label: dict[tuple[str, str], str] = {}
    kinds = {q["key"]: q["kind"] for q in summary["questions"]}
    for q in summary["questions"]:
        for o in q["options"]:
            label = o["label"]["en"]
            if q["kind"] == "emoji_scale":
                label = f"{o['face']} {label}"
            by_label[(q["key"], label)] = o["key"]
    classes: Counter[tuple[str, str, str]] = Counter()
    for r in rows:
        if kinds[r["question"]] in ("short_text", "long_text"):
            classes[(r["question"], r["band"], "answered")] += 1
        else:
            classes[(r["question"], r["band"], by_label[(r["question"], r["answer"])])] += 1
    per_answer: Counter[tuple[str, str]] = Counter()
    for (question, band, answer), n in classes.items():
        per_answer[(question, answer)] += n
        if band:
            attacker.rows_hold([("qb", question, band_of[band], answer)], n)
    for (question, answer), n in per_answer.items():
        attacker.rows_hold([("q", question, answer)], n)


def read_annual(attacker: Attacker, report: dict[str, Any]) -> None:
    """A year with this one consultation: its counts are this consultation's."""
    part, k = report["participation"], report["k"]
    attacker.label("total", part["total"]["hidden"], part["total"]["count"], k)
    for dim in ("band", "language", "region"):
        for key, cell in part[dim].items():
            if (dim, key) in attacker.keys:
                attacker.label((dim, key), cell["hidden"], cell["count"], k)


def pinned_small_cells(attacker: Attacker, truth: dict[Any, int]) -> list[tuple[Any, int]]:
    """Every true count from 1 to k-1 the attacker can pin to one value."""
    out = []
    for key, value in truth.items():
        if 0 < value < attacker.k:
            least, most = attacker.range_of(key)
            assert least <= value <= most, (key, value, least, most)
            if least == most:
                out.append((key, value))
    return out


def row_classes_are_k_anonymous(rows: list[dict[str, str]], k: int) -> list[Any]:
    """Each combination a row shows (question, band, answer, given live; for
    text, question, band and given live) is shared by k rows or more; returns
    those that are not."""
    text = {r["question"] for r in rows if r["kind"] in ("short_text", "long_text")}
    classes = Counter((r["question"], r["band"], "" if r["question"] in text else r["answer"],
                       r["given_live"]) for r in rows)
    return [(key, n) for key, n in classes.items() if n < k]
