"""docs/privacy.md#rule-5: no output shows a count below k, not even by subtraction."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from consult.privacy.disclosure import PROTECTING, SMALL, WITHHELD, Table, effective_k
from tests.disclosure_attack import attacker_for, pinned_small_cells


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


# ------------------------------------------------------------ true labels


def _assert_labels_pin_nothing(table: Table, protected: dict) -> None:
    """A reader who also reads the labels: "fewer than k" is 0..k-1, "hidden to
    protect a small group" is k or more. Each label must be true, and with all
    of them no small cell may be pinned."""
    attacker = attacker_for(table)
    for key, value in protected.items():
        reason = table.reason(key)
        assert (value is None) == (reason is not None), key
        assert reason != SMALL or table.values[key] < table.k, key
        assert reason != PROTECTING or table.values[key] >= table.k, key
        attacker.label(key, reason, value)
    assert pinned_small_cells(attacker, table.values) == []


def test_effective_k_is_the_one_floor():
    assert effective_k(2) == 5 and effective_k(12) == 12 and effective_k(None) == 10
    assert Table(3).k == 5


def test_a_true_label_cannot_give_its_neighbour_away():
    # 1 + 10 = 11: with both hidden, "hidden to protect" says the 10 is at least
    # 10, so the 1 would be pinned; more must be hidden.
    t = Table(10)
    for key, value in {"a": 1, "b": 10, "c": 30}.items():
        t.add(key, value)
    t.add("n", 41)
    t.line(["a", "b", "c"], "n")
    out = t.protect("n")
    assert out["a"] is None and out["b"] is None and out["n"] == 41
    assert t.reason("a") == SMALL and t.reason("b") == PROTECTING
    assert out["c"] is None, "1 + 10 of 11 would pin the 1"
    _assert_labels_pin_nothing(t, out)


def test_a_label_that_would_pin_a_fixed_cell_is_withheld():
    # A consultation (k = 6) published "en: fewer than 6, fr: fewer than 6,
    # total: hidden to protect" (5 + 5 = 10). The year's total is that same 10,
    # in a report with k = 10: shown, or labelled "hidden to protect" (10 or
    # more), it pins both fives. Only "hidden", which bounds nothing, is safe.
    t = Table(10)
    for key, value in {"en": 5, "fr": 5, "c": 10}.items():
        t.add(key, value, k=6)
        t.fix(key, False)
    t.line(["en", "fr"], "c")
    t.add("year", 10)
    t.line(["c"], "year")
    out = t.protect("year")
    assert out["year"] is None and t.reason("year") == WITHHELD
    assert t.reason("en") == SMALL and t.reason("c") == PROTECTING
    attacker = attacker_for(t)
    attacker.k = 6
    for key in ("en", "fr", "c"):
        attacker.label(key, t.reason(key), out[key], 6)
    attacker.label("year", t.reason("year"), out["year"], 10)
    assert pinned_small_cells(attacker, t.values) == []
    # Labelled as before, the year would pin them: the test can fail.
    attacker.label("year", PROTECTING, None, 10)
    assert ("en", 5) in pinned_small_cells(attacker, t.values)


def test_zeros_beside_a_small_total_are_hidden_and_read_fewer_than_k():
    # One person chose X; "0" in every other band would say which band they are in.
    t = _two_way(10, [[1, 0, 0], [0, 20, 15], [0, 0, 0]])
    out = t.protect("total")
    assert out[("cell", 1, 0)] is None and out[("cell", 2, 0)] is None
    assert t.reason(("cell", 1, 0)) == SMALL  # 0 is fewer than 10: true
    _assert_labels_pin_nothing(t, out)


@settings(max_examples=150, deadline=None)
@given(k=st.integers(5, 12),
       grid=st.integers(2, 3).flatmap(lambda rows: st.integers(2, 4).flatmap(
           lambda cols: st.lists(st.lists(st.integers(0, 25), min_size=cols, max_size=cols),
                                 min_size=rows, max_size=rows))))
def test_no_two_way_table_gives_a_small_cell_away_with_its_labels(k, grid):
    table = _two_way(k, grid)
    _assert_labels_pin_nothing(table, table.protect("total"))
