"""Rule 5: no output shows a count below k, not even by subtraction."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from consult.privacy.disclosure import Table


def _attack(table: Table, protected: dict) -> dict:
    """What a reader can work out: for each hidden cell, the least and most it
    can be, given every published count, every line, and counts >= 0 (LP)."""
    keys = list(table.values)
    index = {key: i for i, key in enumerate(keys)}
    a_eq, b_eq = [], []
    for key, value in protected.items():
        if value is not None:
            row = np.zeros(len(keys))
            row[index[key]] = 1
            a_eq.append(row)
            b_eq.append(value)
    for members, total in table.lines:
        row = np.zeros(len(keys))
        for m in members:
            row[index[m]] += 1
        row[index[total]] -= 1
        a_eq.append(row)
        b_eq.append(0)
    ranges = {}
    for key in keys:
        if protected.get(key) is not None:
            continue
        c = np.zeros(len(keys))
        c[index[key]] = 1
        low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        ranges[key] = (round(low.fun, 6), round(-high.fun, 6) if high.status == 0 else None)
    return ranges


def _assert_safe(table: Table, protected: dict) -> None:
    k = table.k
    for key, value in protected.items():
        assert value is None or value == 0 or value >= k, (key, value)
    for key, (low, high) in _attack(table, protected).items():
        true = table.values[key]
        if 0 < true < k:
            # The exact value of a small cell can never be pinned down.
            assert high is None or low != high, (key, true, low, high)


def _two_way(k: int, grid: list[list[int]]) -> Table:
    """Rows (e.g. age bands) by columns (e.g. options), with every margin shown."""
    t = Table(k)
    rows, cols = len(grid), len(grid[0])
    for r in range(rows):
        for c in range(cols):
            t.add(("cell", r, c), grid[r][c])
    for r in range(rows):
        t.add(("row", r), sum(grid[r]))
        t.line([("cell", r, c) for c in range(cols)], ("row", r))
    for c in range(cols):
        t.add(("col", c), sum(grid[r][c] for r in range(rows)))
        t.line([("cell", r, c) for r in range(rows)], ("col", c))
    t.add("total", sum(map(sum, grid)))
    t.line([("row", r) for r in range(rows)], "total")
    t.line([("col", c) for c in range(cols)], "total")
    return t


def test_small_cell_and_its_partner_are_hidden():
    t = Table(10)
    for key, value in {"a": 1, "b": 20, "c": 30}.items():
        t.add(key, value)
    t.add("n", 51)
    t.line(["a", "b", "c"], "n")
    out = t.protect("n")
    assert out["a"] is None and out["b"] is None and out["c"] == 30 and out["n"] == 51


def test_k_is_never_below_five():
    t = Table(2)
    t.add("a", 3)
    assert t.k == 5 and t.protect()["a"] is None


def test_total_below_k_hides_everything():
    t = Table(10)
    t.add("a", 4)
    t.add("b", 5)
    t.add("n", 9)
    t.line(["a", "b"], "n")
    assert set(t.protect("n").values()) == {None}


def test_hidden_complement_is_protected():
    # 25 answered, 22 chose an option: "did not choose" (3) must not be derivable.
    t = Table(10)
    t.add("answered", 25)
    t.add("chose", 22)
    t.add("not", 3, published=False)
    t.line(["chose", "not"], "answered")
    out = t.protect()
    assert out["chose"] is None or out["answered"] is None


@settings(max_examples=300, deadline=None)
@given(k=st.integers(5, 12),
       grid=st.integers(2, 4).flatmap(lambda rows: st.integers(2, 5).flatmap(
           lambda cols: st.lists(st.lists(st.integers(0, 40), min_size=cols, max_size=cols),
                                 min_size=rows, max_size=rows))))
def test_no_two_way_table_reveals_a_small_cell_by_subtraction(k, grid):
    table = _two_way(k, grid)
    _assert_safe(table, table.protect("total"))


@settings(max_examples=150, deadline=None)
@given(k=st.integers(5, 12), counts=st.lists(st.integers(0, 30), min_size=2, max_size=8))
def test_no_one_way_breakdown_reveals_a_small_cell(k, counts):
    t = Table(k)
    keys = [t.add(("c", i), v) for i, v in enumerate(counts)]
    t.add("n", sum(counts))
    t.line(keys, "n")
    _assert_safe(t, t.protect("n"))
