"""DOCX: the report a chair hands to the working group. Title page, method,
participation, each question with its chart (alt text on the picture) and
data table, themes, quotes, and the suppression note.

Every number comes from the protected summary (docs/privacy.md#rule-5); quotes are the
approved, redacted, consented ones, attributed at most by the band and region
the summary allows (docs/privacy.md#rule-4, docs/privacy.md#rule-5). Arabic
paragraphs run right to left.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
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
    option_label,
    percent_text,
    prompt_text,
    region_name,
    xml_safe,
)
from consult.export.charts import RTL_LANGUAGES, question_chart
from consult.summarize.service import build

# What follows w:bidi inside w:pPr (ECMA-376 order), so it goes in the right place.
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_DOC_LANG = {"ar": "ar-SA", "en": "en-GB", "es": "es-ES", "fr": "fr-FR", "ru": "ru-RU",
             "zh": "zh-CN"}


def write(session: Session, consultation: Consultation, out: BinaryIO, lang: str,
          progress: Callable[[int, int], None] | None = None) -> None:
    summary = build(session, consultation)
    doc = Document()
    steps = len(summary["questions"]) + 2
    with in_language(lang):
        report = _Report(doc, consultation, summary, lang)
        report.title_page()
        report.method()
        report.participation()
        if progress:
            progress(1, steps)
        for number, question in enumerate(summary["questions"], 1):
            report.question(number, question)
            if progress:
                progress(1 + number, steps)
        report.themes()
        report.quotes()
        report.suppression()
    _set_language(doc, lang)
    if lang in RTL_LANGUAGES:
        _right_to_left(doc)
    doc.save(out)
    if progress:
        progress(steps, steps)


class _Report:
    def __init__(self, doc: DocumentObject, consultation: Consultation,
                 summary: dict[str, Any], lang: str) -> None:
        self.doc, self.consultation, self.summary, self.lang = doc, consultation, summary, lang
        self.info = summary["consultation"]
        self.first = self.info["languages"][0]
        self.k = int(self.info["k"])

    # -- building blocks

    def text(self, texts: dict[str, str]) -> str:
        return in_lang(texts, self.lang, self.first)

    def para(self, text: str, style: str | None = None) -> Any:
        return self.doc.add_paragraph(xml_safe(text), style=style)

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(xml_safe(text), level=level)

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

    def counts(self, title: str, cells: list[dict[str, Any]], name: Callable[[str], str],
               key: str = "key") -> None:
        self.table([title, _("Count"), _("Percent")],
                   [[name(c[key]), count_text(c, self.k), percent_text(c)] for c in cells])

    # -- sections

    def title_page(self) -> None:
        self.para(self.text(self.info["title"]), style="Title")
        meeting = self.text(self.info["meeting"])
        if meeting:
            self.para(meeting, style="Subtitle")
        self.para(_("Consultation open from %(opens)s to %(closes)s.",
                    opens=self.info["opens_on"], closes=self.info["closes_on"]))
        self.para(_("Participants: %(count)s.",
                    count=count_text(self.summary["participation"]["total"], self.k)))
        self.para(_("Report generated on %(day)s.", day=self.summary["generated_on"]))
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def method(self) -> None:
        fewer = fewer_than(self.k)
        self.heading(_("Method"), 1)
        self.para(_(
            "Who could take part: children and young people aged %(bands)s, in %(languages)s. "
            "They said their age band and, if they wished, their region; they were never "
            "asked for their name, contact details, school or exact age.",
            bands=", ".join(band_name(b) for b in self.info["bands"]),
            languages=", ".join(language_name(c) for c in self.info["languages"])))
        self.para(_(
            "Moderation: moderators reviewed every submission before it was used. Only "
            "approved submissions are counted here; rejected, withdrawn and escalated "
            "submissions are not. Personal data in written answers (names, contact details, "
            "places) was masked before anything left moderation."))
        self.para(_(
            "Disclosure control: no count below %(k)s is shown anywhere in this report. Such "
            "a count reads \"%(fewer)s\": at most %(below)s people gave that answer, "
            "so few that they might be recognised. Some larger counts are hidden too, where "
            "they would let a reader work out a hidden count from a total: they read "
            "\"%(protect)s\".",
            k=self.k, fewer=fewer, below=self.k - 1, protect=hidden_to_protect()))

    def participation(self) -> None:
        part = self.summary["participation"]
        self.heading(_("Participation"), 1)
        self.para(_("Participants: %(count)s.", count=count_text(part["total"], self.k)))
        self.heading(_("By age band"), 2)
        self.counts(_("Age band"), part["band"], band_name)
        self.heading(_("By language"), 2)
        self.counts(_("Language"), part["language"], language_name)
        self.heading(_("By region"), 2)
        self.counts(_("Region"), part["region"], region_name)
        self.footnote(part)

    def footnote(self, node: Any) -> None:
        if any_protecting(node):
            self.para(hidden_footnote(self.k), style="Caption")

    def question(self, number: int, q: dict[str, Any]) -> None:
        prompt = prompt_text(self.consultation, q, self.lang)
        self.heading(_("Question %(number)s", number=number), 1)
        self.para(prompt, style="Intense Quote")
        if q.get("live"):
            self.para(_("Asked live in the room during the meeting."))
        self.para(_("Answered: %(answered)s. Skipped: %(skipped)s.",
                    answered=count_text(q["answered"], self.k),
                    skipped=count_text(q["skipped"], self.k)))
        chart = question_chart(q, lang=self.lang, fallback=self.first, k=self.k, title=prompt)
        if chart is None:
            return
        self.doc.add_picture(io.BytesIO(chart.png), width=Inches(6.3))
        # Alt text for screen readers: the picture's wp:docPr/@descr.
        self.doc.inline_shapes[-1]._inline.docPr.set("descr", xml_safe(chart.alt))
        labels = [option_label(q, o, self.lang, self.first) for o in q["options"]]
        self.table([_("Answer"), _("Count"), _("Percent of those who answered")],
                   [[label, count_text(o, self.k), percent_text(o)]
                    for label, o in zip(labels, q["options"], strict=False)])
        self.para(_("By age band"), style="Caption")
        by_band = q["by_band"]
        rows = [[label, *[count_text(b["options"][i], self.k) for b in by_band]]
                for i, label in enumerate(labels)]
        rows.append([_("Answered"), *[count_text(b["answered"], self.k) for b in by_band]])
        rows.append([_("Skipped"), *[count_text(b["skipped"], self.k) for b in by_band]])
        self.table([_("Answer"), *[band_name(b["band"]) for b in by_band]], rows)
        self.footnote(q)

    def themes(self) -> None:
        self.heading(_("Themes"), 1)
        themes = self.summary["themes"]
        if not themes:
            self.para(_("No themes were coded for this consultation."))
            return
        self.para(_("How many written answers a moderator tagged with each theme."))
        self.table([_("Theme"), _("Answers")],
                   [[self.text(t["label"]) or t["key"], count_text(t, self.k)] for t in themes])

    def quotes(self) -> None:
        self.heading(_("In their own words"), 1)
        quotes = self.summary["quotes"]
        if not quotes:
            self.para(_("No quotes were selected."))
            return
        self.para(_("Quotes chosen by moderators from approved answers whose writers agreed "
                    "to be quoted. Personal data is masked; a quote names an age band or a "
                    "region only where enough people share it."))
        prompts = {q["key"]: prompt_text(self.consultation, q, self.lang)
                   for q in self.summary["questions"]}
        for key, prompt in prompts.items():
            chosen = [quote for quote in quotes if quote["question"] == key]
            if not chosen:
                continue
            self.heading(prompt, 2)
            for quote in chosen:
                self.para(quote["text"], style="Quote")
                who = [band_name(quote["band"])] if quote.get("band") else []
                if quote.get("region"):
                    who.append(region_name(quote["region"]))
                if who:
                    self.para("— " + ", ".join(who))

    def suppression(self) -> None:
        self.heading(_("About the numbers"), 1)
        self.para(_(
            "Counts below %(k)s are shown as \"%(fewer)s\". Counts of %(k)s or more that "
            "would reveal them by subtraction are shown as \"%(protect)s\". Percentages are "
            "of those who answered the question (or, for participation, of all "
            "participants) and are left out where the count is hidden. Only approved "
            "submissions are counted.",
            k=self.k, fewer=fewer_than(self.k), protect=hidden_to_protect()))


def _set_language(doc: DocumentObject, lang: str) -> None:
    """Tell Word which language the text is in (spelling, fonts, shaping)."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    tag = OxmlElement("w:lang")
    code = _DOC_LANG.get(lang, lang)
    tag.set(qn("w:val"), code)
    tag.set(qn("w:eastAsia"), code if lang == "zh" else "zh-CN")
    tag.set(qn("w:bidi"), code if lang == "ar" else "ar-SA")
    rpr.insert_element_before(tag, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _right_to_left(doc: DocumentObject) -> None:
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
