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
        if grand_total is not None and self._small_or_zero_total(grand_total):
            return dict.fromkeys(self.published)
        for _ in range(10 * len(self.values) + 10):
            extra = self._next_to_hide(hidden)
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
                return self._fix(line, hidden)
        for members, total in self.lines:
            if total not in known:
                continue
            # The hidden part of a line adds up to its total minus what shows.
            rest = sum(self.values[m] for m in members if m not in known)
            if self._small(rest):
                return self._fix((members, total), hidden)
        return None

    def _fix(self, line: tuple[tuple[Key, ...], Key], hidden: set[Key]) -> Key:
        members, total = line
        visible = [m for m in members if m not in hidden and self.values[m] > 0]
        if visible:
            return min(visible, key=lambda m: self.values[m])
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
