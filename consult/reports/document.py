"""The DOCX every report is written into: headings, paragraphs, tables and
charts (with alt text), the document's properties (title, author "CWG-COP",
language), right to left for Arabic, and reproducible bytes.

Reproducible: the same data gives the same file, apart from the timestamp
properties (dcterms:created and dcterms:modified in docProps/core.xml). Zip
entries carry a date too; they are written with a fixed one.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any, BinaryIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

from consult.export.cells import xml_safe
from consult.export.charts import RTL_LANGUAGES, Chart

AUTHOR = "CWG-COP"
# The date every zip entry carries: the earliest a zip can hold.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# What follows w:bidi inside w:pPr (ECMA-376 order), so it goes in the right place.
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
DOC_LANG = {"ar": "ar-SA", "en": "en-GB", "es": "es-ES", "fr": "fr-FR", "ru": "ru-RU",
            "zh": "zh-CN"}


class ReportDocument:
    """One report being written, in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.doc: DocumentObject = Document()

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(xml_safe(text), level=min(level, 9))

    def para(self, text: str, style: str | None = None) -> Any:
        return self.doc.add_paragraph(xml_safe(text), style=style)

    def bullet(self, text: str) -> Any:
        return self.para(text, style="List Bullet")

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, value in zip(table.rows[0].cells, header, strict=False):
            cell.paragraphs[0].add_run(xml_safe(value)).bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = xml_safe(value)
        self.doc.add_paragraph()

    def chart(self, chart: Chart) -> None:
        self.doc.add_picture(io.BytesIO(chart.png), width=Inches(6.3))
        # Alt text for screen readers: the picture's wp:docPr/@descr.
        self.doc.inline_shapes[-1]._inline.docPr.set("descr", xml_safe(chart.alt))

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def save(self, out: BinaryIO, title: str, now: datetime) -> None:
        """Properties, language, direction; then the package with fixed zip dates."""
        props = self.doc.core_properties
        props.title = xml_safe(title)
        props.author = props.last_modified_by = AUTHOR
        props.language = DOC_LANG.get(self.lang, self.lang)
        props.comments = props.keywords = props.subject = props.category = ""
        props.revision = 1
        props.created = props.modified = now.replace(microsecond=0, tzinfo=None)
        set_language(self.doc, self.lang)
        if self.lang in RTL_LANGUAGES:
            right_to_left(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        out.write(fixed_zip_dates(buffer.getvalue()))


def fixed_zip_dates(data: bytes) -> bytes:
    """The same zip with every entry dated ZIP_DATE, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info))
    return out.getvalue()


def set_language(doc: DocumentObject, lang: str) -> None:
    """Tell Word which language the text is in (spelling, fonts, shaping)."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    tag = OxmlElement("w:lang")
    code = DOC_LANG.get(lang, lang)
    tag.set(qn("w:val"), code)
    tag.set(qn("w:eastAsia"), code if lang == "zh" else "zh-CN")
    tag.set(qn("w:bidi"), code if lang == "ar" else "ar-SA")
    rpr.insert_element_before(tag, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def right_to_left(doc: DocumentObject) -> None:
    """Every paragraph (w:bidi), table (w:bidiVisual) and Arabic run (w:rtl) reads
    right to left."""
    body = doc.element.body
    for p in body.iter(qn("w:p")):
        ppr = p.get_or_add_pPr()
        if ppr.find(qn("w:bidi")) is None:
            ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for r in body.iter(qn("w:r")):
        if _ARABIC.search("".join(t.text or "" for t in r.iter(qn("w:t")))):
            r.get_or_add_rPr().get_or_add_rtl()
    for tbl in body.iter(qn("w:tbl")):
        tbl.tblPr.get_or_add_bidiVisual()
