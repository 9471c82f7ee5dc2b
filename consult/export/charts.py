"""Charts: one horizontal bar chart per choice question, drawn with matplotlib
(Agg, in memory, nothing fetched from the network), with its alt text.

Suppressed counts (docs/privacy.md#rule-5) are never drawn: their bars are
left out and their labels say why ("fewer than k", or hidden to protect a
small group). Labels are in the chart's language. Arabic must be
joined and read right to left: matplotlib 3.11 and later do it themselves
(libraqm); before that, arabic_reshaper and python-bidi do it first. An
Arabic chart is mirrored so it reads from the right. Chinese needs a CJK font
(Debian: fonts-wqy-microhei or fonts-noto-cjk); without one a chart still
renders, with boxes, and a warning is logged.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from consult.export.cells import _, count_text, in_language, option_label

log = logging.getLogger(__name__)

# Fonts that carry Chinese characters, best first (Debian: fonts-noto-cjk,
# fonts-wqy-microhei, fonts-wqy-zenhei, fonts-droid-fallback, fonts-arphic-*).
HAN_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans SC",
             "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN", "AR PL UKai CN")
# Fonts with Arabic (joining tables and presentation forms) and Cyrillic.
ARABIC_FONTS = ("DejaVu Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "FreeSans",
                "Arial Unicode MS")
_HAN_PROBE, _ARABIC_PROBE = ord("中"), 0xFEDF  # ARABIC LETTER LAM INITIAL FORM
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
RTL_LANGUAGES = {"ar"}
BAR_COLOUR, TEXT_COLOUR = "#1d6fa5", "#1a1a1a"


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt: str


def question_chart(question: dict[str, Any], *, lang: str, fallback: str, k: int,
                   title: str, number: Callable[[Any], str] | None = None,
                   percent: Callable[[Any], str] | None = None) -> Chart | None:
    """The chart of one question of a summary (see consult.summarize), or None
    for a question without options (free text). `number` and `percent` write a
    count and a percentage in the chart's language (default: as Python does)."""
    options = question.get("options") or []
    if not options:
        return None
    with in_language(lang):
        labels = [option_label(question, o, lang, fallback) for o in options]
        alt = _alt_text(question, labels, options, k, title, number, percent)
        png = _draw(title, labels, options, lang, _("Number of participants"),
                    lambda option: count_text(option, k), number, percent)
    return Chart(png, alt)


def counts_chart(title: str, labels: list[str], cells: list[dict[str, Any]], *, lang: str,
                 k: int, axis_label: str, number: Callable[[Any], str] | None = None) -> Chart:
    """A bar per protected count (participation per year, per consultation...):
    hidden counts are not drawn and say why. Words already in `lang`."""
    with in_language(lang):
        parts = [_("%(label)s: %(value)s", label=label,
                    value=(number or _plain)(c["count"]) if _drawn(c) else count_text(c, k))
                 for label, c in zip(labels, cells, strict=False)]
        alt = _("Bar chart: %(title)s. %(bars)s.", title=title.rstrip(" .?!:。？！：؟"),
                bars="; ".join(parts))
        png = _draw(title, labels, cells, lang, axis_label,
                    lambda cell: count_text(cell, k), number)
    return Chart(png, alt)


def _plain(value: Any) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def _drawn(cell: dict[str, Any]) -> bool:
    return not cell.get("suppressed") and cell.get("count") is not None


def alt_text(question: dict[str, Any], *, lang: str, fallback: str, k: int,
             title: str) -> str:
    """The words a screen reader gives for the chart of `question` (also used
    for the XLSX's native charts)."""
    with in_language(lang):
        labels = [option_label(question, o, lang, fallback) for o in question["options"]]
        return _alt_text(question, labels, question["options"], k, title)


def _alt_text(question: dict[str, Any], labels: list[str], options: list[dict[str, Any]],
              k: int, title: str, number: Callable[[Any], str] | None = None,
              percent: Callable[[Any], str] | None = None) -> str:
    number = number or _plain

    def shown(cell: dict[str, Any]) -> str:
        return number(cell["count"]) if _drawn(cell) else count_text(cell, k)

    parts = []
    for label, option in zip(labels, options, strict=False):
        value = shown(option)
        if option.get("percent") is not None and percent is not None:
            value = f"{value} ({percent(option['percent'])})"
        elif option.get("percent") is not None:
            value = _("%(count)s (%(percent)s%%)", count=value, percent=f"{option['percent']:g}")
        parts.append(_("%(label)s: %(value)s", label=label, value=value))
    answered = shown(question.get("answered") or {})
    return _("Bar chart: %(title)s. %(answered)s answered. %(bars)s.",
             title=title.rstrip(" .?!:。？！：؟") if title else question["key"], answered=answered,
             bars="; ".join(parts))


def _draw(title: str, labels: list[str], options: list[dict[str, Any]], lang: str,
          axis_label: str, hidden_text: Any, number: Callable[[Any], str] | None = None,
          percent: Callable[[Any], str] | None = None) -> bytes:
    from matplotlib import rc_context, rcParams
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rtl = lang in RTL_LANGUAGES
    ticks, values, notes = [], [], []
    for label, option in zip(labels, options, strict=False):
        count = option["count"] if _drawn(option) else None
        lines = _wrap(label, 38)
        if count is None:
            # On a line of its own, so bidi never mixes it into an Arabic label.
            lines.append(f"({hidden_text(option)})")
        ticks.append("\n".join(_visual(line) for line in lines))
        values.append(count or 0)
        notes.append("" if count is None else _bar_note(option, number, percent))
    title_lines = _wrap(title, 80)
    height = 0.9 + 0.55 * len(options) + 0.3 * len(title_lines)
    rc: dict[str, Any] = {"font.family": font_families(), "font.size": 10,
                          "axes.unicode_minus": False}
    if "text.language" in rcParams:  # matplotlib >= 3.11: shaping follows the language
        rc["text.language"] = lang
    with rc_context(rc), warnings.catch_warnings():
        # A missing glyph is drawn as a box; never let it stop an export.
        warnings.simplefilter("ignore")
        fig = Figure(figsize=(8, height), dpi=110, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        positions = list(range(len(options)))
        drawn = [(p, v) for p, v, o in zip(positions, values, options, strict=False)
                 if _drawn(o)]
        ax.barh([p for p, _v in drawn], [v for _p, v in drawn], color=BAR_COLOUR, height=0.6)
        ax.set_yticks(positions, ticks)
        ax.invert_yaxis()
        top = max(values, default=0) or 1
        ax.set_xlim(0, top * 1.25)
        if number is not None:  # the axis's numbers in the chart's language too
            ax.xaxis.set_major_formatter(
                lambda value, _pos: number(int(value) if value == int(value) else value))
        for p, v in drawn:
            ax.text(v + top * 0.01, p, _visual(notes[p]), va="center",
                    ha="right" if rtl else "left", color=TEXT_COLOUR)
        if rtl:
            ax.invert_xaxis()
            ax.yaxis.tick_right()
            for tick in ax.get_yticklabels():
                tick.set_multialignment("right")  # wrapped lines end flush on the right
        ax.set_xlabel(_visual(axis_label))
        fig.suptitle("\n".join(_visual(line) for line in title_lines),
                     x=0.99 if rtl else 0.01, ha="right" if rtl else "left", fontsize=11)
        for side in ("top", "left" if rtl else "right"):
            ax.spines[side].set_visible(False)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
    _warn_if_unreadable(title + "".join(labels))
    return buf.getvalue()


def _bar_note(option: dict[str, Any], number: Callable[[Any], str] | None = None,
              percent: Callable[[Any], str] | None = None) -> str:
    share = option.get("percent")
    text = (number or _plain)(option["count"])
    if share is None:
        return text
    return f"{text} ({percent(share)})" if percent else f"{text} ({_plain(share)}%)"


def _visual(text: str) -> str:
    """Arabic in the order and letter forms a renderer without shaping must draw.

    matplotlib 3.11 lays text out with libraqm, which joins Arabic letters and
    orders right-to-left runs itself; shaping the text beforehand would make it
    reverse the already-reversed letters. Older matplotlib draws code points
    one by one, left to right, so there arabic_reshaper and python-bidi do it.
    """
    if not _ARABIC.search(text) or _renderer_shapes_text():
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


@functools.cache
def _renderer_shapes_text() -> bool:
    from matplotlib import ft2font

    return hasattr(ft2font, "LayoutItem")


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns; Chinese has no spaces and counts double."""
    lines: list[str] = []
    line, used = "", 0
    for token in re.findall(r"\S+\s*|\s+", text):
        for piece in (list(token) if _HAN.search(token) else [token]):
            size = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in piece)
            if used + size > width and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
            line += piece
            used += size
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def font_families() -> list[str]:
    """The font fallback list: Latin, Cyrillic and Arabic first, then Chinese
    (matplotlib >= 3.6 takes each glyph from the first family that has it)."""
    return _fonts()[0]


@functools.cache
def _fonts() -> tuple[list[str], bool]:
    from matplotlib import font_manager

    families = ["DejaVu Sans"]
    arabic = _find(font_manager, ARABIC_FONTS, _ARABIC_PROBE)
    if arabic and arabic not in families:
        families.append(arabic)
    han = _find(font_manager, HAN_FONTS, _HAN_PROBE)
    if han is None:
        # The font cache may predate an installed font: look at the disk once.
        known = {f.fname for f in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except Exception:  # noqa: BLE001, S112 - an unreadable font is skipped
                    continue
        han = _find(font_manager, HAN_FONTS, _HAN_PROBE)
    if han is not None:
        families.append(han)
    return families, han is not None


def _find(font_manager: Any, preferred: tuple[str, ...], probe: int) -> str | None:
    entries = font_manager.fontManager.ttflist
    names = {f.name for f in entries}
    for name in preferred:
        if name in names:
            return name
    from matplotlib.ft2font import FT2Font

    for entry in entries:
        try:
            if probe in FT2Font(entry.fname).get_charmap():
                return str(entry.name)
        except Exception:  # noqa: BLE001, S112 - an unreadable font is skipped
            continue
    return None


def _warn_if_unreadable(text: str) -> None:
    if _HAN.search(text) and not _fonts()[1]:
        log.warning("no font with Chinese characters found: Chinese chart labels show as "
                    "boxes (install fonts-wqy-microhei or fonts-noto-cjk)")
