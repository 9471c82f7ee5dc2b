"""XLSX: a Notes sheet, a Participation sheet, a sheet per question (overall
and by age band, with a native Excel bar chart) and the long rows in Data
sheets, written by rvgsrust-xlsxwriter (rust_xlsxwriter underneath).

Why this writer: bench/xlsx_writers.py measured the candidates side by side
(docs/exports.md has the figures). openpyxl and XlsxWriter's constant-memory
mode, both pure Python, take over 20 times as long as the csv module on the
Data rows; this one writes them in constant memory, draws native charts and
has a cell-level API like XlsxWriter's, so going back to XlsxWriter is a
small change if it stops being kept.

Counts are numbers and percentages are numbers with a percentage format. A
hidden count (docs/privacy.md#rule-5) is words, "fewer than k" with k filled
in, never a number: no column of a table can be summed, and no formula or
total is written, so nothing in the file works out a hidden count that the
JSON summary does not already show. The Notes sheet lists every hidden count
and why. Every text cell goes through the formula neutraliser and is
written as a string: nothing a participant typed becomes a formula.

Reproducible: the same data gives the same bytes, but for the creation time
in docProps/core.xml (the ZIP entries carry a fixed date).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from rvgsrust_xlsxwriter import (
    Chart,
    ChartDataLabel,
    ChartFont,
    ChartFormat,
    ChartSeries,
    Format,
    Workbook,
    Worksheet,
)
from sqlalchemy.orm import Session

from consult.consultations.models import TEXT_KINDS, Consultation
from consult.export.cells import (
    _,
    any_protecting,
    band_name,
    count_value,
    fewer_than,
    hidden_footnote,
    hidden_reason,
    hidden_to_protect,
    in_lang,
    in_language,
    language_name,
    neutralise,
    option_label,
    prompt_text,
    region_name,
    xml_safe,
)
from consult.export.charts import RTL_LANGUAGES, alt_text
from consult.export.rows import COLUMNS, row_batches
from consult.summarize.service import Protection, build, protection

# Excel's limit is 1,048,576 rows a sheet, the header included; the rest
# goes on "Data 2", ... Tests lower it to check the split.
MAX_DATA_ROWS = 1_048_575
AUTHOR = "CWG-COP"
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_BAR_COLOUR = "#1D6FA5"


def write(session: Session, consultation: Consultation, out: BinaryIO, lang: str,
          progress: Callable[[int, int], None] | None = None) -> None:
    # One protection for the tables and the rows: the Data sheets show only
    # what the tables show (docs/privacy.md#rule-5).
    p = protection(session, consultation)
    summary = build(session, consultation, p=p)
    with in_language(lang):
        book = _Book(lang, summary["consultation"]["k"])
        info = summary["consultation"]
        book.wb.set_properties(
            title=in_lang(info["title"], lang, info["languages"][0]),
            author=AUTHOR, subject=in_lang(info["meeting"], lang, info["languages"][0]),
            keywords=consultation.slug)
        notes = _notes(book, consultation, summary)
        _participation(book, summary)
        for number, question in enumerate(summary["questions"], 1):
            _question(book, consultation, question, number)
        data_sheets = _data(book, session, consultation, progress, p)
        _notes_end(book, notes, data_sheets)
    # Through a file, not save_to_buffer(): a million submissions make a file of
    # about 90 MB, which would be held twice in memory (Rust's, then Python's).
    with tempfile.TemporaryDirectory(prefix="consult-xlsx-") as tmp:
        path = os.path.join(tmp, "export.xlsx")
        book.wb.close(path)
        with open(path, "rb") as fh:
            shutil.copyfileobj(fh, out, 1 << 20)


class _Book:
    """The workbook, its formats, its sheet names and the hidden counts met so far."""

    def __init__(self, lang: str, k: int) -> None:
        self.wb = Workbook()
        self.lang, self.k = lang, k
        self.rtl = lang in RTL_LANGUAGES
        self.bold = self.wb.add_format()
        self.bold.set_bold()
        self.percent = self.wb.add_format()
        self.percent.set_num_format("0.0%")
        self.wrap = self.wb.add_format()
        self.wrap.set_text_wrap()
        self.titles: list[str] = []
        # (sheet, row label, column label, reads, why) of every hidden count.
        self.hidden: list[tuple[str, str, str, str, str]] = []

    def sheet(self, title: str, widths: Iterable[float] = (), constant_memory: bool = False
              ) -> _Sheet:
        name = _sheet_title(self.titles, title)
        self.titles.append(name)
        ws = self.wb.add_worksheet(name, constant_memory=constant_memory)
        if self.rtl:
            ws.set_right_to_left(True)
        for col, width in enumerate(widths):
            ws.set_column_width(col, width)
        return _Sheet(self, ws, name)


class _Sheet:
    """A sheet written top to bottom; text goes in as inert strings."""

    def __init__(self, book: _Book, ws: Worksheet, name: str) -> None:
        self.book, self.ws, self.name = book, ws, name
        self.next = 0

    def row(self, *values: Any, bold: bool = False, fmt: Format | None = None) -> int:
        """Write a row of text and numbers; returns its index (0-based)."""
        r = self.next
        style = self.book.bold if bold else fmt
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                value = xml_safe(neutralise(value))
            if style is None:
                self.ws.write(r, col, value)
            else:
                self.ws.write(r, col, value, style)
        self.next += 1
        return r

    def counts(self, label: str, cells: list[dict[str, Any]], columns: list[str],
               percent: bool = False) -> int:
        """A row: its label, then each count (hidden ones in words, and noted),
        then the first count's percentage if `percent`."""
        values: list[Any] = [label]
        for cell, column in zip(cells, columns, strict=True):
            values.append(count_value(cell, self.book.k))
            why = hidden_reason(cell, self.book.k)
            if why is not None:
                self.book.hidden.append((self.name, label, column, str(values[-1]), why))
        r = self.row(*values)
        share = cells[0].get("percent") if percent and cells else None
        if share is not None:
            self.ws.write(r, len(values), share / 100, self.book.percent)
        return r


def _sheet_title(taken: list[str], title: str) -> str:
    base = _SHEET_NAME_BAD.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name in taken:
        suffix = f" {n}"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    return name


def _notes(book: _Book, consultation: Consultation, summary: dict[str, Any]) -> _Sheet:
    info, k = summary["consultation"], book.k
    first = info["languages"][0]
    sheet = book.sheet(_("Notes"), (28, 100, 22, 18, 80))
    sheet.row(in_lang(info["title"], book.lang, first), bold=True)
    sheet.ws.freeze_panes(1, 0)
    sheet.row(_("Meeting"), in_lang(info["meeting"], book.lang, first))
    sheet.row(_("Open"), f"{info['opens_on']} – {info['closes_on']}")
    sheet.row(_("Generated on"), summary["generated_on"])
    sheet.row(_("Age bands"), ", ".join(band_name(b) for b in info["bands"]))
    sheet.row(_("Languages"), ", ".join(language_name(code) for code in info["languages"]))
    sheet.row()
    sheet.row(_("Method"), _(
        "Children and young people aged %(bands)s answered online, in the language of "
        "their choice. Moderators reviewed every submission; only approved submissions "
        "are counted. Pending, rejected, escalated and withdrawn submissions are not. "
        "Personal data in written answers was masked before export.",
        bands=", ".join(info["bands"])), fmt=book.wrap)
    sheet.row(_("Smallest count shown (k)"), k)
    sheet.row(_("Suppression"), _(
        "No count below %(k)s is shown: it reads \"%(fewer)s\". Some larger counts are "
        "hidden too, where they would let a reader work out a hidden one from a total: "
        "they read \"%(protect)s\".",
        k=k, fewer=fewer_than(k), protect=hidden_to_protect()), fmt=book.wrap)
    sheet.row(_("Numbers"), _(
        "Counts are numbers and percentages are numbers in a percentage format. A hidden "
        "count is words, never a number, and the file holds no formula or total: adding "
        "up a column does not give back a hidden count."), fmt=book.wrap)
    sheet.row(_("Data sheet"), _(
        "One row per answer (one per option chosen for a multiple-choice question), in "
        "the order of question, age band and answer. Rows are not linked to one another, "
        "so no one's answers can be read together. A row shows its age band only where "
        "the tables show how many of that band gave that answer (at least %(k)s), and a "
        "chosen answer only where the tables show its count; other chosen answers are "
        "left out, and so are the written answers to a question whose number of answers "
        "is hidden. ""Language and region are not given per row.", k=k), fmt=book.wrap)
    sheet.row("given_live", _("“yes” where the answers to the row's question were given "
                              "live, in the room during the meeting."), fmt=book.wrap)
    return sheet


def _notes_end(book: _Book, sheet: _Sheet, data_sheets: list[tuple[str, int]]) -> None:
    """What only the end of the export knows: how the rows were split, and
    every count that was hidden."""
    names = ", ".join(f"{name} ({rows:,})" for name, rows in data_sheets)
    sheet.row(_("Data sheets"), _(
        "Excel holds at most %(limit)s rows a sheet, so the rows are split across sheets "
        "of at most %(rows)s rows each, the column names first in each: %(sheets)s.",
        limit=f"{MAX_DATA_ROWS + 1:,}", rows=f"{MAX_DATA_ROWS:,}", sheets=names),
        fmt=book.wrap)
    sheet.row()
    if not book.hidden:
        sheet.row(_("Hidden numbers"), _("None: every count is shown."), bold=True)
        return
    sheet.row(_("Hidden numbers"), _("Sheet"), _("Row"), _("Column"), _("Reads"), _("Why"),
              bold=True)
    for where, label, column, reads, why in book.hidden:
        sheet.row("", where, label, column, reads, why)


def _participation(book: _Book, summary: dict[str, Any]) -> None:
    part = summary["participation"]
    sheet = book.sheet(_("Participation"), (32, 14, 10))
    sheet.counts(_("Participants"), [part["total"]], [_("Count")])
    sheet.ws.freeze_panes(1, 0)
    for dim, title, name in (("band", _("Age band"), band_name),
                             ("language", _("Language"), language_name),
                             ("region", _("Region"), region_name)):
        sheet.row()
        sheet.row(title, _("Count"), _("Percent"), bold=True)
        for cell in part[dim]:
            sheet.counts(name(cell["key"]), [cell], [_("Count")], percent=True)
    if any_protecting(part):
        sheet.row()
        sheet.row(hidden_footnote(book.k))


def _question(book: _Book, consultation: Consultation, q: dict[str, Any],
              number: int) -> None:
    first = consultation.languages[0]
    bands = list(consultation.bands)
    sheet = book.sheet(f"Q{number} {q['key']}", (40, 14, 10, *[12] * len(bands)))
    prompt = prompt_text(consultation, q, book.lang)
    sheet.row(prompt, bold=True)
    sheet.counts(_("Answered"), [q["answered"]], [_("Count")], percent=True)
    sheet.counts(_("Skipped"), [q["skipped"]], [_("Count")], percent=True)
    if q["kind"] in TEXT_KINDS or not q["options"]:
        sheet.ws.freeze_panes(1, 0)
        sheet.row()
        sheet.row(_("Written answers are in the Data sheet."))
        return
    labels = [option_label(q, o, book.lang, first) for o in q["options"]]
    sheet.row()
    header = sheet.row(_("Answer"), _("Count"), _("Percent of those who answered"), bold=True)
    sheet.ws.freeze_panes(header + 1, 0)
    top = sheet.next
    for label, option in zip(labels, q["options"], strict=True):
        sheet.counts(label, [option], [_("Count")], percent=True)
    sheet.row()
    names = [band_name(b["band"]) for b in q["by_band"]]
    sheet.row(_("By age band"), *names, bold=True)
    for i, label in enumerate(labels):
        sheet.counts(label, [b["options"][i] for b in q["by_band"]], names)
    sheet.counts(_("Answered"), [b["answered"] for b in q["by_band"]], names)
    sheet.counts(_("Skipped"), [b["skipped"] for b in q["by_band"]], names)
    if any_protecting(q):
        sheet.row()
        sheet.row(hidden_footnote(book.k))
    # Below the tables, not beside them: it prints on the page after them
    # and stays in view on a narrow screen.
    _chart(book, sheet, q, prompt, first, top, len(labels), at=sheet.next + 1)


def _chart(book: _Book, sheet: _Sheet, q: dict[str, Any], prompt: str, fallback: str,
           top: int, n: int, at: int) -> None:
    """A native bar chart of the option counts (rows top..top+n-1). A hidden
    count is words in its cell, so Excel draws no bar for it; its label says
    why instead of a misleading 0."""
    # This binding's setters return None, not self: no chaining.
    ref = "'" + sheet.name.replace("'", "''") + "'"
    series = ChartSeries()
    series.set_categories(f"={ref}!$A${top + 1}:$A${top + n}")
    series.set_values(f"={ref}!$B${top + 1}:$B${top + n}")
    series.set_name(_("Number of participants"))
    fill = ChartFormat()
    fill.set_fill_color(_BAR_COLOUR)
    series.set_format(fill)
    labels = []
    for option in q["options"]:
        label = ChartDataLabel()
        shown = count_value(option, book.k)
        if isinstance(shown, str):
            label.set_value(shown)
            label.set_custom()
        else:
            label.show_value()
        labels.append(label)
    series.set_custom_data_labels(labels)
    chart = Chart("bar")
    chart.push_series(series)
    chart.set_title_name(xml_safe(prompt if len(prompt) <= 120 else prompt[:119] + "…"))
    chart.set_legend_hidden()
    # In this binding's bar chart the y axis holds the answers and the x axis
    # the counts (checked by rendering the file in LibreOffice).
    chart.set_y_axis_reverse()  # the first answer on top, as in the table
    chart.set_y_axis_crossing("max")  # ... and the counts still along the bottom
    chart.set_x_axis_name(_("Number of participants"))
    if book.rtl:
        chart.set_x_axis_reverse()  # bars grow from the right
        font = ChartFont()
        font.set_right_to_left(True)
        chart.set_title_font(font)
    chart.set_height(120 + 32 * n)
    chart.set_alt_text(alt_text(q, lang=book.lang, fallback=fallback, k=book.k, title=prompt))
    sheet.ws.insert_chart(at, 0, chart)


def _data(book: _Book, session: Session, consultation: Consultation,
          progress: Callable[[int, int], None] | None, p: Protection
          ) -> list[tuple[str, int]]:
    """The rows, split across sheets of MAX_DATA_ROWS; returns (name, rows) per sheet."""
    sheets: list[tuple[_Sheet, int]] = []
    used = MAX_DATA_ROWS
    for batch in row_batches(session, consultation, progress, clean=_inert, lang=book.lang,
                             p=p):
        rows = [list(row) for row in batch]
        while rows:
            if used == MAX_DATA_ROWS:
                sheets.append((_data_sheet(book, len(sheets) + 1), 0))
                used = 0
            take = rows[:MAX_DATA_ROWS - used]
            rows = rows[len(take):]
            sheet, count = sheets[-1]
            sheet.ws.write_rows(1 + used, 0, take)
            used += len(take)
            sheets[-1] = (sheet, count + len(take))
    if not sheets:
        sheets.append((_data_sheet(book, 1), 0))
    return [(sheet.name, count) for sheet, count in sheets]


def _data_sheet(book: _Book, part: int) -> _Sheet:
    name = _("Data") if part == 1 else f"{_('Data')} {part}"
    sheet = book.sheet(name, (18, 16, 12, 14, 80, 10), constant_memory=True)
    sheet.ws.freeze_panes(1, 0)
    sheet.row(*COLUMNS, bold=True)
    return sheet


def _inert(value: str) -> str:
    return xml_safe(neutralise(value))
