"""Disclosure control: the one module every output's numbers go through
(docs/privacy.md#rule-5).

A summary's numbers are cells of one `Table`, tied together by the linear
facts a reader can see ("these cells add up to that total"). `protect()`
returns, for each published cell, its count or None, and `reason(key)` says
why a cell is hidden, so that every label is true:

- SMALL ("fewer than k"): the count is below k (a zero hidden beside a small
  count reads so too, truthfully, so that it does not stand out).
- PROTECTING ("hidden to protect a small group"): the count is k or more,
  hidden so that a small count elsewhere cannot be worked out.

1. Primary suppression: any count from 1 to k-1 is hidden. A grand total
   below k hides everything.
2. A line whose total is small hides all its members, zeros included: a zero
   beside a hidden small total tells a reader where the small group is ("the
   one person who chose X is aged 9-12").
3. Secondary suppression: a reader who knows a line's total and all but one
   of its members can subtract. Cells that can be derived this way (following
   chains of derivations across lines) must not be small, and the hidden part
   of any line must not add up to 1..k-1; while either happens, the smallest
   visible non-zero member of the offending line is hidden too.
4. A reader also has the labels: a "fewer than k" cell is between 0 and k-1,
   a cell hidden to protect another is at least k. With every equation,
   those bounds and whole numbers (an integer programme) no small cell may be
   pinned to one value; while one is, the smallest count shown on the lines
   that pin it is hidden too (a total last).
5. A label is itself a fact. Where another release has fixed what shows and
   the labels alone still pin a small cell (a year's total "hidden to protect
   a small group", so at least k, beside a consultation's hidden counts that
   can then only be their most), a hidden cell on the pinning lines is
   labelled WITHHELD ("hidden"), which bounds nothing.

Zero counts are otherwise shown: "nobody chose this" identifies nobody. Cells
that are never published (for instance "did not choose option X") are hidden
from the start, so that subtracting a published count from its total cannot
reveal a small complement.

`effective_k()` is the one place that says k is never below 5.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

Key = Hashable
MIN_K = 5
SMALL = "fewer-than-k"
PROTECTING = "protects-another"
WITHHELD = "withheld"
REASONS = (SMALL, PROTECTING, WITHHELD)
# Above this many lines, finding the lines that pin a cell is too slow; the
# cell's own lines are used instead.
_MAX_CERTIFICATE_LINES = 600


def N_(text: str) -> str:
    """Marks a msgid for extraction; whoever shows it translates it."""
    return text


# The words each reason reads as, in every output (translated where shown).
FEWER_THAN_K = N_("fewer than %(k)s")
HIDDEN_TO_PROTECT = N_("hidden to protect a small group")
WITHHELD_TEXT = N_("hidden")
WITHHELD_FOOTNOTE = N_("“Hidden”: showing this number, or even saying whether it is below "
                       "%(k)s, would let a reader work out a number below %(k)s.")
HIDDEN_FOOTNOTE = N_("“Hidden to protect a small group”: this number is not small itself, "
                     "but showing it would let a reader work out a number below %(k)s.")


def effective_k(k: int | None) -> int:
    """The k every output uses: what the consultation asks for, never below 5
    (docs/privacy.md#rule-5)."""
    return max(MIN_K, int(k if k is not None else 10))


@dataclass
class Table:
    k: int
    values: dict[Key, int] = field(default_factory=dict)
    published: set[Key] = field(default_factory=set)
    lines: list[tuple[tuple[Key, ...], Key]] = field(default_factory=list)
    # Cells whose visibility another release has already decided (shown or
    # hidden): they are never hidden here, so this table stays consistent
    # with what has been published. Maps key -> shown (True) or hidden (False).
    fixed: dict[Key, bool] = field(default_factory=dict)
    # Per-cell k where a cell comes from a release with its own threshold.
    cell_k: dict[Key, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.k = effective_k(self.k)
        self._reasons: dict[Key, str] = {}
        self._withheld: set[Key] = set()

    def add(self, key: Key, value: int, *, published: bool = True, k: int | None = None) -> Key:
        if value < 0:
            raise ValueError(f"negative count for {key!r}")
        self.values[key] = int(value)
        if published:
            self.published.add(key)
        if k is not None:
            self.cell_k[key] = effective_k(k)
        return key

    def fix(self, key: Key, shown: bool) -> None:
        """Keep `key` as another release showed it."""
        self.fixed[key] = shown

    def line(self, members: Iterable[Key], total: Key) -> None:
        """Record that the members add up to the total."""
        members = tuple(members)
        if sum(self.values[m] for m in members) != self.values[total]:
            raise ValueError(f"line for {total!r} does not add up")
        self.lines.append((members, total))

    def reason(self, key: Key) -> str | None:
        """Why a cell is hidden (SMALL or PROTECTING), None if it is shown."""
        return self._reasons.get(key)

    def protect(self, grand_total: Key | None = None) -> dict[Key, int | None]:
        hidden = {key for key in self.values
                  if key not in self.published or self._small(key)}
        hidden |= {key for key, shown in self.fixed.items() if not shown}
        hidden -= {key for key, shown in self.fixed.items() if shown}
        # docs/privacy.md#rule-2: a small total hides every member of its line.
        for members, total in self.lines:
            if self._small(total):
                hidden.update(m for m in members if not self.fixed.get(m))
        # Hiding more only widens what a reader can infer, so a cell shown
        # un-pinnable stays so: it is not checked again.
        self._unpinnable: set[Key] = set()
        # Totals of lines that are not themselves members: what readers need most.
        members_anywhere = {m for members, _t in self.lines for m in members}
        self._totals = {t for _m, t in self.lines if t not in members_anywhere}
        if grand_total is not None and self.values[grand_total] < self._k(grand_total):
            hidden = self._hide_all(relabel=bool(self.fixed))
        else:
            for _ in range(10 * len(self.values) + 10):
                extra = self._next_to_hide(hidden)
                if extra is None:
                    extra = self._pinned(hidden)
                if extra is None:
                    break
                if extra in hidden or not self._can_hide(extra):
                    # Nothing sensible left to hide: hide all that may be.
                    hidden = self._hide_all(relabel=True)
                    break
                hidden.add(extra)
            else:  # pragma: no cover - the loop hides one cell a turn, so it ends
                hidden = self._hide_all(relabel=False)
        # "Fewer than k" is true of every hidden count below k, zeros included;
        # only a count of k or more is hidden to protect another; a withheld
        # count says neither.
        self._reasons = {key: (WITHHELD if key in self._withheld
                               else SMALL if self.values[key] < self._k(key) else PROTECTING)
                         for key in hidden}
        return {key: (None if key in hidden else self.values[key]) for key in self.published}

    def _hide_all(self, relabel: bool) -> set[Key]:
        """Every cell another release has not fixed as shown; with `relabel`,
        then drop labels while a label alone still pins a small cell."""
        hidden = {key for key in self.values if not self.fixed.get(key)}
        while relabel and self._pinned(hidden, relabel_only=True) is _RELABELLED:
            pass
        return hidden

    def _k(self, key: Key) -> int:
        return self.cell_k.get(key, self.k)

    def _small(self, key: Key) -> bool:
        return 0 < self.values[key] < self._k(key)

    def _small_value(self, value: int) -> bool:
        return 0 < value < self.k

    def _can_hide(self, key: Key) -> bool:
        return key not in self.fixed

    def _next_to_hide(self, hidden: set[Key]) -> Key | None:
        """The next cell to hide, or None once no small number can be worked out."""
        known, via = self._derivable(hidden)
        for cell, line in via.items():
            if self._small(cell):
                return self._fix(line, hidden, via)
        for members, total in self.lines:
            if total not in known:
                continue
            # The hidden part of a line adds up to its total minus what shows.
            rest = sum(self.values[m] for m in members if m not in known)
            if self._small_value(rest):
                return self._fix((members, total), hidden, via)
        return None

    def _pinned(self, hidden: set[Key], relabel_only: bool = False) -> Any:
        """Subtraction along lines is not the only attack: with every equation,
        the bounds the labels give, and "counts are never negative" together
        (a linear programme), a reader can sometimes pin a hidden cell to one
        value. If a small cell can be pinned, return a cell to hide next (one
        of its lines' visible cells). `relabel_only`: every cell that may be
        is hidden; drop a label on the lines that pin it (_RELABELLED)."""
        small = [key for key in hidden if self._small(key) and key not in self._unpinnable]
        if not small:
            return None
        bounds = _Bounds(self, hidden)
        for key in sorted(small, key=repr):
            if not bounds.pinned(key):
                self._unpinnable.add(key)
                continue
            # The lines that pin it (drop each line that is not needed), then
            # the smallest count shown on them, a total last: that breaks this
            # way of pinning it; the next turn looks for another.
            needed = self._needed_lines(key, hidden)
            own = [line for line in self.lines if key in (*line[0], line[1])]
            if relabel_only:
                if self._withhold(needed if needed is not None else own, hidden):
                    return _RELABELLED
                # Nothing on its lines can change any more: do not look again.
                self._unpinnable.add(key)
                continue
            choice = self._breaker(needed, hidden)
            if choice is not None:
                return choice
            for members, total in own:
                choice = self._smallest_visible_any((*members, total), hidden)
                if choice is not None:
                    return choice
            rest = [c for c in self.published if c not in hidden and self._can_hide(c)]
            return min(rest, key=lambda c: self.values[c]) if rest else key
        return None

    def _needed_lines(self, key: Key, hidden: set[Key]) -> list[tuple] | None:
        """The lines that pin `key` (each line not needed dropped), or None
        where there are too many lines to find them."""
        if len(self.lines) > _MAX_CERTIFICATE_LINES:
            return None
        saved = self.lines
        # Only lines linked to `key` through hidden cells can be needed: a
        # line of shown cells is a constant, and the rest of the programme
        # falls apart into blocks that do not touch this cell's range.
        lines, needed = self._linked_lines(key, hidden), []
        try:
            for line in list(lines):
                self.lines = [other for other in lines if other is not line]
                if _Bounds(self, hidden).pinned(key):
                    lines = self.lines
                else:
                    needed.append(line)
        finally:
            self.lines = saved
        return needed

    def _linked_lines(self, key: Key, hidden: set[Key]) -> list[tuple]:
        cells, linked = {key}, [False] * len(self.lines)
        grown = True
        while grown:
            grown = False
            for i, (members, total) in enumerate(self.lines):
                if linked[i]:
                    continue
                free = {c for c in (*members, total) if c in hidden}
                if free & cells:
                    linked[i] = grown = True
                    cells |= free
        return [line for i, line in enumerate(self.lines) if linked[i]]

    def _breaker(self, needed: list[tuple] | None, hidden: set[Key]) -> Key | None:
        if needed is None:
            return None
        cells = {c for members, total in needed for c in (*members, total)
                 if c not in hidden and self._can_hide(c) and c in self.published}
        if not cells:
            return None
        return min(cells, key=lambda c: (c in self._totals, self.values[c] == 0,
                                         self.values[c], repr(c)))

    def _withhold(self, lines: list[tuple], hidden: set[Key]) -> bool:
        """Nothing left to hide on the lines that pin a small cell: drop the
        label of a hidden cell on them (one whose label bounds it, not fixed
        by another release), the widest bound first. False if none is left."""
        cells = {c for members, total in lines for c in (*members, total)
                 if c in hidden and c in self.published and self._can_hide(c)
                 and c not in self._withheld}
        if not cells:
            return False
        self._withheld.add(min(cells, key=lambda c: (self.values[c] < self._k(c),
                                                     c not in self._totals, repr(c))))
        return True

    def _smallest_visible_any(self, cells: tuple[Key, ...], hidden: set[Key]) -> Key | None:
        # Prefer a non-zero count; a shown zero pins its neighbours too.
        visible = [c for c in cells if c not in hidden and self._can_hide(c)]
        return min(visible, key=lambda c: (self.values[c] == 0, self.values[c])) \
            if visible else None

    def _fix(self, line: tuple[tuple[Key, ...], Key], hidden: set[Key],
             via: dict[Key, tuple] | None = None) -> Key:
        members, total = line
        visible = [m for m in members
                   if m not in hidden and self.values[m] > 0 and self._can_hide(m)]
        if visible:
            return min(visible, key=lambda m: self.values[m])
        # Every member is hidden but some were worked out through other lines:
        # hide a visible cell on those lines rather than this line's total.
        seen, queue = set(), [m for m in members if via and m in via]
        while queue:
            cell = queue.pop(0)
            if cell in seen:
                continue
            seen.add(cell)
            other_members, other_total = via[cell]  # type: ignore[index]
            if (other_members, other_total) == line:
                continue
            # A member, never a total: totals are what readers need most.
            shown = [c for c in other_members
                     if c not in hidden and self.values[c] > 0 and self._can_hide(c)]
            if shown:
                return min(shown, key=lambda c: self.values[c])
            cells = (*other_members, other_total)
            queue.extend(c for c in cells if c in via and c not in seen)  # type: ignore[operator]
        if total not in hidden and self._can_hide(total):
            return total
        # Nothing left to hide in this line: hide the smallest visible cell anywhere.
        rest = [c for c in self.published if c not in hidden and self._can_hide(c)]
        if not rest:
            return total
        return min(rest, key=lambda c: (self.values[c] == 0, self.values[c]))

    def _derivable(self, hidden: set[Key]) -> tuple[set[Key], dict[Key, tuple]]:
        """Everything a reader can work out: the visible cells, then any cell
        that is the only unknown of a line, repeated until nothing changes.
        Also, for each hidden cell so worked out, the line that gave it away."""
        known = {key for key in self.values if key not in hidden}
        via: dict[Key, tuple] = {}
        changed = True
        while changed:
            changed = False
            for members, total in self.lines:
                unknown = [c for c in (*members, total) if c not in known]
                if len(unknown) == 1:
                    known.add(unknown[0])
                    via[unknown[0]] = (members, total)
                    changed = True
        return known, via


_RELABELLED = object()  # _pinned() changed a label rather than hiding a cell


class _Bounds:
    """Which hidden small cells a reader could pin to one value.

    The reader knows every shown count, every line, that counts are whole
    numbers, and what the labels say: a "fewer than k" cell is below k, a
    cell hidden to protect another is at least k. They also know that zeros
    are shown except beside a small total, so they may take any other hidden
    count to be at least 1 (given the truth, to stay on the safe side: a
    hidden zero is known to be 0 or more). A small cell is pinned when the
    least and the most it can be, under all of that (an integer programme),
    are equal.
    """

    def __init__(self, table: Table, hidden: set[Key]) -> None:
        import numpy as np

        free = [key for key in table.values if key in hidden]
        self.index = {key: i for i, key in enumerate(free)}
        big = 2 * max(table.values.values(), default=0) + 10
        beside_small = {m for members, total in table.lines if table._small(total)
                        for m in members}
        lows, highs = [], []
        for key in free:
            k = table._k(key)
            # A reader knows zeros are shown, except beside a small total
            # (docs/privacy.md#rule-2): any other hidden count they may take to be 1 or more.
            least = 1 if table.values[key] > 0 and key not in beside_small else 0
            if key in table._withheld:
                lows.append(least)
                highs.append(big)
            elif key not in table.published:
                # Never published: a reader is taken to know a zero is zero.
                lows.append(least)
                highs.append(big if table.values[key] > 0 else 0)
            elif table.values[key] < k:
                lows.append(least)
                highs.append(k - 1)
            else:
                lows.append(k)
                highs.append(big)
        rows, rhs = [], []
        for members, total in table.lines:
            row = np.zeros(len(free))
            known = 0
            for m in members:
                if m in self.index:
                    row[self.index[m]] += 1
                else:
                    known += table.values[m]
            if total in self.index:
                row[self.index[total]] -= 1
            else:
                known -= table.values[total]
            if row.any():
                rows.append(row)
                rhs.append(-known)
        self.size = len(free)
        self.equations = (np.array(rows), np.array(rhs, dtype=float)) if rows else None
        self.lows = np.array(lows, dtype=float)
        self.highs = np.array(highs, dtype=float)

    def pinned(self, key: Key) -> bool:
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp

        if self.equations is None:
            return False
        a, b = self.equations
        constraints = [LinearConstraint(a, b, b)]
        c = np.zeros(self.size)
        c[self.index[key]] = 1
        bounds = Bounds(self.lows, self.highs)
        integral = np.ones(self.size)
        low = milp(c, constraints=constraints, bounds=bounds, integrality=integral)
        high = milp(-c, constraints=constraints, bounds=bounds, integrality=integral)
        if low.status != 0 or high.status != 0:  # pragma: no cover - the truth is feasible
            return True
        return bool(abs(low.fun + high.fun) < 0.5)
