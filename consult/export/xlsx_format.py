"""XLSX: a Notes sheet, a Participation sheet, a sheet per question (overall
and by age band) and the long rows in a Data sheet, written by openpyxl in
write-only mode so the rows stream to disk.

Every text cell goes through the formula neutraliser and is written as a
string: nothing a participant typed can become a formula or an error value.
Suppressed counts (docs/privacy.md#rule-5) read "fewer than k" with k filled in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from consult.consultations.models import TEXT_KINDS, Consultation
from consult.export.cells import (
    _,
    any_protecting,
    band_name,
    count_text,
    fewer_than,
    hidden_footnote,
    hidden_to_protect,
    in_lang,
    in_language,
    language_name,
    neutralise,
    option_label,
    percent_text,
    prompt_text,
    region_name,
    xml_safe,
)
from consult.export.rows import COLUMNS, iter_rows
from consult.summarize.service import Protection, build, protection

# Excel's limit is 1,048,576 rows a sheet; the rest goes on "Data 2", ...
MAX_DATA_ROWS = 1_048_575
_BOLD = Font(bold=True)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def write(session: Session, consultation: Consultation, out: BinaryIO, lang: str,
          progress: Callable[[int, int], None] | None = None) -> None:
    # One protection for the tables and the rows: the Data sheet shows only
    # what the tables show (docs/privacy.md#rule-5).
    p = protection(session, consultation)
    summary = build(session, consultation, p=p)
    wb = Workbook(write_only=True)
    with in_language(lang):
        k = summary["consultation"]["k"]
        _notes(wb, consultation, summary, lang, k)
        _participation(wb, summary, lang, k)
        for number, question in enumerate(summary["questions"], 1):
            _question(wb, consultation, question, number, lang, k)
        _data(wb, session, consultation, lang, progress, p)
    wb.save(out)


class _Sheet:
    """A write-only sheet that writes text as inert strings."""

    def __init__(self, wb: Workbook, title: str, lang: str, widths: Iterable[float] = ()):
        self.ws = wb.create_sheet(_sheet_title(wb, title))
        if lang == "ar":
            self.ws.sheet_view.rightToLeft = True
        for letter, width in zip("ABCDEFGHIJKLMNOP", widths, strict=False):
            self.ws.column_dimensions[letter].width = width

    def row(self, *values: Any, bold: bool = False) -> None:
        self.ws.append([self._cell(v, bold) for v in values])

    def _cell(self, value: Any, bold: bool) -> Any:
        if isinstance(value, str):
            value = xml_safe(neutralise(value))
            if bold or value in ERROR_CODES:
                return self.text_cell(value, bold)
        return value

    def text_cell(self, value: str, bold: bool = False) -> WriteOnlyCell:
        """An explicit string cell: "#N/A" typed by a child stays text."""
        cell = WriteOnlyCell(self.ws, value)
        cell.data_type = "s"
        if bold:
            cell.font = _BOLD
        return cell


def _sheet_title(wb: Workbook, title: str) -> str:
    base = _SHEET_NAME_BAD.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    taken = {ws.title for ws in wb.worksheets}
    while name in taken:
        suffix = f" {n}"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    return name


def _notes(wb: Workbook, consultation: Consultation, summary: dict[str, Any], lang: str,
           k: int) -> None:
    info = summary["consultation"]
    first = info["languages"][0]
    sheet = _Sheet(wb, _("Notes"), lang, (28, 100))
    sheet.row(in_lang(info["title"], lang, first), bold=True)
    sheet.row(_("Meeting"), in_lang(info["meeting"], lang, first))
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
        bands=", ".join(info["bands"])))
    sheet.row(_("Smallest count shown (k)"), k)
    sheet.row(_("Suppression"), _(
        "No count below %(k)s is shown: it reads \"%(fewer)s\". Some larger counts are "
        "hidden too, where they would let a reader work out a hidden one from a total: "
        "they read \"%(protect)s\".",
        k=k, fewer=fewer_than(k), protect=hidden_to_protect()))
    sheet.row(_("Data sheet"), _(
        "One row per answer (one per option chosen for a multiple-choice question), in "
        "the order of question, age band and answer. Rows are not linked to one another, "
        "so no one's answers can be read together. A row shows its age band only where "
        "the tables show how many of that band gave that answer (at least %(k)s), and a "
        "chosen answer only where the tables show its count; other chosen answers are "
        "left out, and so are the written answers to a question whose number of answers "
        "is hidden. ""Language and region are not given per row.", k=k))
    sheet.row("given_live", _("“yes” where the answers to the row's question were given "
                              "live, in the room during the meeting."))


def _participation(wb: Workbook, summary: dict[str, Any], lang: str, k: int) -> None:
    part = summary["participation"]
    sheet = _Sheet(wb, _("Participation"), lang, (32, 14, 10))
    sheet.row(_("Participants"), count_text(part["total"], k), bold=True)
    for dim, title, name in (("band", _("Age band"), band_name),
                             ("language", _("Language"), language_name),
                             ("region", _("Region"), region_name)):
        sheet.row()
        sheet.row(title, _("Count"), _("Percent"), bold=True)
        for cell in part[dim]:
            sheet.row(name(cell["key"]), count_text(cell, k), percent_text(cell))
    if any_protecting(part):
        sheet.row()
        sheet.row(hidden_footnote(k))


def _question(wb: Workbook, consultation: Consultation, q: dict[str, Any], number: int,
              lang: str, k: int) -> None:
    first = consultation.languages[0]
    bands = list(consultation.bands)
    sheet = _Sheet(wb, f"Q{number} {q['key']}", lang, (40, 14, 10, *[12] * len(bands)))
    sheet.row(prompt_text(consultation, q, lang), bold=True)
    if q.get("live"):
        sheet.row(_("Asked live in the room during the meeting."))
    sheet.row(_("Answered"), count_text(q["answered"], k), percent_text(q["answered"]))
    sheet.row(_("Skipped"), count_text(q["skipped"], k), percent_text(q["skipped"]))
    if q["kind"] in TEXT_KINDS or not q["options"]:
        sheet.row()
        sheet.row(_("Written answers are in the Data sheet."))
        return
    labels = [option_label(q, o, lang, first) for o in q["options"]]
    sheet.row()
    sheet.row(_("Answer"), _("Count"), _("Percent of those who answered"), bold=True)
    for label, option in zip(labels, q["options"], strict=False):
        sheet.row(label, count_text(option, k), percent_text(option))
    sheet.row()
    sheet.row(_("By age band"), *[band_name(b["band"]) for b in q["by_band"]], bold=True)
    for i, label in enumerate(labels):
        sheet.row(label, *[count_text(b["options"][i], k) for b in q["by_band"]])
    sheet.row(_("Answered"), *[count_text(b["answered"], k) for b in q["by_band"]])
    sheet.row(_("Skipped"), *[count_text(b["skipped"], k) for b in q["by_band"]])
    if any_protecting(q):
        sheet.row()
        sheet.row(hidden_footnote(k))


ANSWER = COLUMNS.index("answer")


def _data(wb: Workbook, session: Session, consultation: Consultation, lang: str,
          progress: Callable[[int, int], None] | None, p: Protection) -> None:
    sheet: _Sheet | None = None
    used, part = MAX_DATA_ROWS, 1
    for row in iter_rows(session, consultation, progress, clean=_inert, lang=lang, p=p):
        if used == MAX_DATA_ROWS:
            sheet = _Sheet(wb, _("Data") if part == 1 else f"{_('Data')} {part}", lang,
                           (18, 16, 12, 14, 80, 10))
            sheet.ws.freeze_panes = "A2"
            sheet.row(*COLUMNS, bold=True)
            used, part = 0, part + 1
        if sheet is None:  # the loop above opens a sheet before any row
            raise RuntimeError("no data sheet to write to")
        # Only the answer can be free text: keys, kinds, bands and options
        # are checked on the way in and cannot spell an error value.
        if row[ANSWER] in ERROR_CODES:
            row = (*row[:ANSWER], sheet.text_cell(row[ANSWER]), *row[ANSWER + 1:])
        sheet.ws.append(row)
        used += 1
    if sheet is None:
        sheet = _Sheet(wb, _("Data"), lang)
        sheet.row(*COLUMNS, bold=True)


def _inert(value: str) -> str:
    return xml_safe(neutralise(value))
