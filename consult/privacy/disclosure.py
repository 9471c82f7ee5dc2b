"""Disclosure control: the one module every output's numbers go through (rule 5).

A summary's numbers are cells of one `Table`, tied together by the linear
facts a reader can see ("these cells add up to that total"). `protect()`
returns, for each published cell, its count or None (shown as "fewer than k"):

1. Primary suppression: any count from 1 to k-1 is hidden. A grand total
   below k hides everything.
2. Secondary suppression: a reader who knows a line's total and all but one
   of its members can subtract. Cells that can be derived this way (following
   chains of derivations across lines) must not be small, and the hidden part
   of any line must not add up to 1..k-1; while either happens, the smallest
   visible non-zero member of the offending line is hidden too.

Zero counts are shown: "nobody chose this" identifies nobody. Cells that are
never published (for instance "did not choose option X") are hidden from the
start, so that subtracting a published count from its total cannot reveal a
small complement.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

Key = Hashable
MIN_K = 5


@dataclass
class Table:
    k: int
    values: dict[Key, int] = field(default_factory=dict)
    published: set[Key] = field(default_factory=set)
    lines: list[tuple[tuple[Key, ...], Key]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Rule 5: never below 5, whatever a consultation asks for.
        self.k = max(MIN_K, int(self.k))

    def add(self, key: Key, value: int, *, published: bool = True) -> Key:
        if value < 0:
            raise ValueError(f"negative count for {key!r}")
        self.values[key] = int(value)
        if published:
            self.published.add(key)
        return key

    def line(self, members: Iterable[Key], total: Key) -> None:
        """Record that the members add up to the total."""
        members = tuple(members)
        if sum(self.values[m] for m in members) != self.values[total]:
            raise ValueError(f"line for {total!r} does not add up")
        self.lines.append((members, total))

    def protect(self, grand_total: Key | None = None) -> dict[Key, int | None]:
        hidden = {key for key in self.values
                  if key not in self.published or self._small(self.values[key])}
        # Hiding more only widens what a reader can infer, so a cell shown
        # un-pinnable stays so: it is not checked again.
        self._unpinnable: set[Key] = set()
        if grand_total is not None and self._small_or_zero_total(grand_total):
            return dict.fromkeys(self.published)
        for _ in range(10 * len(self.values) + 10):
            extra = self._next_to_hide(hidden)
            if extra is None:
                extra = self._pinned(hidden)
            if extra is None:
                break
            if extra in hidden:  # nothing sensible left to hide: hide it all
                hidden = set(self.values)
                break
            hidden.add(extra)
        else:  # pragma: no cover - the loop hides one cell a turn, so it ends
            hidden = set(self.values)
        return {key: (None if key in hidden else self.values[key]) for key in self.published}

    def _small(self, value: int) -> bool:
        return 0 < value < self.k

    def _small_or_zero_total(self, key: Key) -> bool:
        return self.values[key] < self.k

    def _next_to_hide(self, hidden: set[Key]) -> Key | None:
        """The next cell to hide, or None once no small number can be worked out."""
        known, via = self._derivable(hidden)
        for cell, line in via.items():
            if self._small(self.values[cell]):
                return self._fix(line, hidden, via)
        for members, total in self.lines:
            if total not in known:
                continue
            # The hidden part of a line adds up to its total minus what shows.
            rest = sum(self.values[m] for m in members if m not in known)
            if self._small(rest):
                return self._fix((members, total), hidden, via)
        return None

    def _pinned(self, hidden: set[Key]) -> Key | None:
        """Subtraction along lines is not the only attack: with every equation
        and "counts are never negative" together (a linear programme), a reader
        can sometimes pin a hidden cell to one value. If a small cell can be
        pinned, return a cell to hide next (one of its lines' visible cells)."""
        small = [key for key in hidden
                 if self._small(self.values[key]) and key not in self._unpinnable]
        if not small:
            return None
        bounds = _Bounds(self, hidden)
        for key in sorted(small, key=repr):
            if not bounds.pinned(key):
                self._unpinnable.add(key)
            else:
                for members, total in self.lines:
                    cells = (*members, total)
                    if key in cells:
                        choice = self._smallest_visible_any(cells, hidden)
                        if choice is not None:
                            return choice
                rest = [c for c in self.published if c not in hidden]
                return min(rest, key=lambda c: self.values[c]) if rest else key
        return None

    def _smallest_visible_any(self, cells: tuple[Key, ...], hidden: set[Key]) -> Key | None:
        # Prefer a non-zero count; a shown zero pins its neighbours too.
        visible = [c for c in cells if c not in hidden]
        return min(visible, key=lambda c: (self.values[c] == 0, self.values[c])) \
            if visible else None

    def _fix(self, line: tuple[tuple[Key, ...], Key], hidden: set[Key],
             via: dict[Key, tuple] | None = None) -> Key:
        members, total = line
        visible = [m for m in members if m not in hidden and self.values[m] > 0]
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
            shown = [c for c in other_members if c not in hidden and self.values[c] > 0]
            if shown:
                return min(shown, key=lambda c: self.values[c])
            cells = (*other_members, other_total)
            queue.extend(c for c in cells if c in via and c not in seen)  # type: ignore[operator]
        if total not in hidden:
            return total
        # Nothing left to hide in this line: hide the smallest visible cell anywhere.
        rest = [c for c in self.published if c not in hidden]
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


class _Bounds:
    """Which hidden cells a reader could pin to one value.

    Hidden cells that are zero are treated as if the reader knew them; every
    other hidden cell is then at least 1, so a small change in any direction
    that keeps every equation true is possible, and a cell is pinned exactly
    when no such direction moves it: its row of the null space of the
    equations (over the hidden cells) is zero. Assuming the reader knows more
    than they do can only hide more, never less.
    """

    def __init__(self, table: Table, hidden: set[Key]) -> None:
        import numpy as np

        free = [key for key in table.values if key in hidden and table.values[key] > 0]
        self.index = {key: i for i, key in enumerate(free)}
        rows = []
        for members, total in table.lines:
            row = np.zeros(len(free))
            for m in members:
                if m in self.index:
                    row[self.index[m]] += 1
            if total in self.index:
                row[self.index[total]] -= 1
            if row.any():
                rows.append(row)
        if not rows or not free:
            self.moves = np.ones(len(free))
            return
        _u, singular, vt = np.linalg.svd(np.array(rows), full_matrices=True)
        rank = int((singular > 1e-9 * max(1.0, singular.max())).sum())
        null = vt[rank:]
        self.moves = np.abs(null).sum(axis=0) if len(null) else np.zeros(len(free))

    def pinned(self, key: Key) -> bool:
        return bool(self.moves[self.index[key]] < 1e-9)
