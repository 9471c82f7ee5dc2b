"""Submissions per day as an SVG bar chart drawn on the server: no script, no
inline style (classes in static/css/app.css), a title and description for
assistive technology, and the page's table as the text alternative.

A hidden count (docs/privacy.md#rule-5) is never drawn to scale: its day gets
a marker of one fixed height, whatever the count behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 28
MARKER = 6  # the height of a hidden day's marker, never a count


@dataclass(frozen=True)
class Bar:
    day: date
    x: float
    y: float
    width: float
    height: float
    hidden: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    # (y, label) of the value axis; (x, day) of the first and last days.
    ticks: list[tuple[float, int]]
    day_labels: list[tuple[float, date]]
    baseline: float
    left: int
    right: int


def day_chart(days: list[tuple[date, dict[str, Any]]]) -> Chart | None:
    if not days:
        return None
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_h
    top = max([c["count"] for _d, c in days if c["count"] is not None] or [0])
    scale = _nice(top)
    step = plot_w / len(days)
    gap = min(2.0, step / 5)
    bars = []
    for i, (day, c) in enumerate(days):
        x = LEFT + i * step + gap / 2
        if c["count"] is None:
            bars.append(Bar(day, x, baseline - MARKER, step - gap, MARKER, True))
        else:
            h = plot_h * c["count"] / scale if scale else 0
            bars.append(Bar(day, x, baseline - h, step - gap, h, False))
    ticks = [(baseline - plot_h * v / scale, v) for v in (0, scale // 2, scale)] if scale \
        else [(baseline, 0)]
    labels = [(LEFT + step / 2, days[0][0])]
    if len(days) > 1:
        labels.append((LEFT + (len(days) - 0.5) * step, days[-1][0]))
    return Chart(WIDTH, HEIGHT, bars, ticks, labels, baseline, LEFT, WIDTH - RIGHT)


def _nice(top: int) -> int:
    """The axis' top: an even number at or above the highest bar."""
    if top <= 0:
        return 0
    for step in (2, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if top <= step * 10:
            return -(-top // step) * step
    return top + top % 2
