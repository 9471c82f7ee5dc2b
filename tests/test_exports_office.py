"""The XLSX workbook and the DOCX report: what a chair finds in them."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from consult.export import xlsx_format
from tests.test_exports import HOSTILE, build_population, run, xlsx_values


@pytest.fixture
def population(session, consultation, make_staff):  # type: ignore[no-untyped-def]
    return build_population(session, consultation, make_staff("moderator"))


def test_xlsx_has_notes_participation_a_sheet_per_question_and_data(session, population):
    sheets = xlsx_values(run(session, population, "xlsx"))
    assert list(sheets) == ["Notes", "Participation", "Q1 feel", "Q2 apps", "Q3 report",
                            "Q4 word", "Q5 idea", "Data"]
    notes = {row[0]: row[1] for row in sheets["Notes"] if row and len(row) > 1}
    assert notes["Smallest count shown (k)"] == 10
    assert "fewer than 10" in notes["Suppression"]
    assert notes["Generated on"]
    apps = sheets["Q2 apps"]
    assert ["Answer", "Count", "Percent of those who answered"] in apps
    # 8 chose "video": fewer than k, spelled out with k's value.
    assert ["Video", "fewer than 10"] in apps
    by_band = apps.index(["By age band", "9–12 years", "13–15 years", "16–17 years",
                          "18–24 years"])
    # Only 8 chose it: zeros in other bands would say which band the 8 are in.
    assert apps[by_band + 2] == ["Video", *["fewer than 10"] * 4]


def test_xlsx_data_rows_move_to_a_new_sheet_at_the_row_limit(session, population,
                                                             monkeypatch):
    monkeypatch.setattr(xlsx_format, "MAX_DATA_ROWS", 100)
    sheets = xlsx_values(run(session, population, "xlsx"))
    data = [name for name in sheets if name.startswith("Data")]
    assert data[:2] == ["Data", "Data 2"]
    assert all(sheets[name][0][0] == "question" for name in data)
    assert all(len(sheets[name]) <= 101 for name in data)


def test_xlsx_in_arabic_reads_right_to_left(session, population):
    wb = load_workbook(io.BytesIO(run(session, population, "xlsx", lang="ar")))
    assert all(ws.sheet_view.rightToLeft for ws in wb)


def test_docx_has_every_section_and_a_chart_with_alt_text_per_choice_question(
        session, population):
    doc = Document(io.BytesIO(run(session, population, "docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:5] == ["Summary of participation", "By age band", "By language",
                            "By region", "Question 1"]
    assert {"What young people said: themes", "In their own words",
            "What we did with your views", "Method and safeguards",
            "Annex: the questions in full"} <= set(headings)
    title = [p.text for p in doc.paragraphs if p.style.name in ("Title", "Subtitle")]
    assert title == ["Staying safe online", "CWG-COP test meeting"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "no count below 10 is shown" in text and '"fewer than 10"' in text
    pictures = doc.inline_shapes
    assert len(pictures) == 3  # feel, apps, report: the text questions have none
    for picture in pictures:
        descr = picture._inline.docPr.get("descr")
        assert descr and descr.startswith("Bar chart: ")
    body = doc.element.body
    # Each chart is followed by its data table.
    order = [child.tag for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]
    drawings = [i for i, child in enumerate(body) if child.findall(".//" + qn("w:drawing"))]
    for i in drawings:
        assert list(body)[i + 1].tag == qn("w:tbl")
    assert order.count(qn("w:tbl")) >= 3 + 2 * 3


def test_docx_quotes_carry_at_most_band_and_region(session, population):
    doc = Document(io.BytesIO(run(session, population, "docx")))
    paragraphs = [p.text for p in doc.paragraphs]
    i = paragraphs.index("<script>alert(1)</script>")
    assert paragraphs[i + 1] == "— 16–17 years, Europe"
    assert doc.paragraphs[i].style.name == "Quote"


def test_docx_in_arabic_sets_right_to_left_on_every_paragraph(session, population):
    data = run(session, population, "docx", lang="ar")
    doc = Document(io.BytesIO(data))
    body = doc.element.body
    paragraphs = list(body.iter(qn("w:p")))
    assert paragraphs and all(p.pPr is not None and p.pPr.find(qn("w:bidi")) is not None
                              for p in paragraphs)
    assert all(t.tblPr.find(qn("w:bidiVisual")) is not None for t in body.iter(qn("w:tbl")))
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert 'w:bidi="ar-SA"' in styles


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_office_files_open_as_zip_with_their_main_part(session, population, fmt):
    names = zipfile.ZipFile(io.BytesIO(run(session, population, fmt))).namelist()
    assert ("xl/workbook.xml" if fmt == "xlsx" else "word/document.xml") in names
    assert HOSTILE  # the population holds the hostile lines these files were built from
