"""The XLSX export as a chair opens it in Excel: numbers that are numbers,
native charts, frozen headers, a Notes sheet that says what was hidden and
why, the Data rows split at the sheet limit, and the same bytes twice."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart

from consult.export import xlsx_format
from consult.export.rows import COLUMNS
from tests.test_exports import build_population, csv_rows, run, xlsx_values


@pytest.fixture
def population(session, consultation, make_staff):  # type: ignore[no-untyped-def]
    return build_population(session, consultation, make_staff("moderator"))


def _book(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def _summary(session: Any, consultation: Any) -> dict[str, Any]:
    return json.loads(run(session, consultation, "json"))


def _row(ws: Any, label: str) -> list[Any]:
    """The cells of the first row whose first cell reads `label`."""
    for row in ws.iter_rows():
        if row[0].value == label:
            return list(row)
    raise AssertionError(f"no row {label!r} in {ws.title}")


def test_counts_are_numbers_and_percentages_are_numbers_in_a_percent_format(
        session, population):
    wb = _book(run(session, population, "xlsx"))
    summary = _summary(session, population)
    report = next(q for q in summary["questions"] if q["key"] == "report")
    ws = wb["Q3 report"]
    shown = [o for o in report["options"] if o["count"] is not None]
    assert shown
    for option in shown:
        cells = _row(ws, option["label"]["en"])
        assert cells[1].data_type == "n" and cells[1].value == option["count"]
        assert cells[2].data_type == "n" and cells[2].number_format == "0.0%"
        assert cells[2].value == pytest.approx(option["percent"] / 100)
    total = _row(wb["Participation"], "Participants")[1]
    assert total.data_type == "n" and total.value == summary["participation"]["total"]["count"]


def test_a_hidden_count_is_words_and_every_number_is_one_the_summary_shows(
        session, population):
    """Nothing in the workbook can be added up into a hidden count: no formula,
    hidden counts are text, and each number is a count, a percentage or k that
    the JSON summary shows anyway (docs/privacy.md#rule-5)."""
    data = run(session, population, "xlsx")
    wb = _book(data)
    summary = _summary(session, population)
    apps = next(q for q in summary["questions"] if q["key"] == "apps")
    video = next(o for o in apps["options"] if o["key"] == "video")
    assert video["count"] is None
    assert _row(wb["Q2 apps"], "Video")[1].value == "fewer than 10"
    counts = {int(n) for n in re.findall(r'"count": (\d+)', json.dumps(summary))}
    shares = {float(p) / 100 for p in re.findall(r'"percent": ([\d.]+)', json.dumps(summary))}
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if cell.data_type != "n" or cell.value is None:
                    continue
                if cell.number_format.endswith("%"):
                    assert any(cell.value == pytest.approx(s) for s in shares), cell.value
                else:
                    assert cell.value in counts | {summary["consultation"]["k"]}, (
                        ws.title, cell.coordinate, cell.value)


def test_each_choice_question_has_a_native_bar_chart_of_its_counts(session, population):
    data = run(session, population, "xlsx")
    wb = _book(data)
    summary = _summary(session, population)
    for number, q in enumerate(summary["questions"], 1):
        ws = wb[f"Q{number} {q['key']}"]
        if not q["options"]:
            assert ws._charts == []
            continue
        (chart,) = ws._charts
        assert isinstance(chart, BarChart) and chart.type == "bar"
        ref = chart.series[0].val.numRef.f
        first = _row(ws, "Answer")[0].row + 1
        assert ref == f"'{ws.title}'!$B${first}:$B${first + len(q['options']) - 1}"
    charts = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
              if n.startswith("xl/charts/chart")]
    assert len(charts) == sum(1 for q in summary["questions"] if q["options"])
    # The hidden count's bar is labelled with why, not drawn as a 0.
    xml = "".join(zipfile.ZipFile(io.BytesIO(data)).read(n).decode() for n in charts)
    assert "fewer than 10" in xml


def test_every_sheet_keeps_its_header_in_view(session, population):
    wb = _book(run(session, population, "xlsx"))
    assert wb["Data"].freeze_panes == "A2"
    assert wb["Notes"].freeze_panes == "A2"
    assert wb["Participation"].freeze_panes == "A2"
    apps = wb["Q2 apps"]
    assert apps.freeze_panes == f"A{_row(apps, 'Answer')[0].row + 1}"
    assert all(ws.freeze_panes for ws in wb)


def test_notes_list_every_hidden_count_and_why(session, population):
    sheets = xlsx_values(run(session, population, "xlsx"))
    notes = sheets["Notes"]
    header = next(i for i, row in enumerate(notes) if row and row[0] == "Hidden numbers")
    assert notes[header][1:] == ["Sheet", "Row", "Column", "Reads", "Why"]
    listed = notes[header + 1:]
    assert [None, "Q2 apps", "Video", "Count", "fewer than 10",
            "A number from 1 to 9 is never shown: so few people could be recognised."] in listed
    summary = _summary(session, population)
    hidden = re.findall(r'"hidden": "([a-z-]+)"', json.dumps(summary["questions"]))
    assert hidden and len(listed) >= len(hidden)
    text = json.dumps(notes, ensure_ascii=False)
    assert "no formula or total" in text


@pytest.mark.parametrize("limit", [7, 100])
def test_data_rows_split_across_sheets_at_the_row_limit_and_notes_say_so(
        session, population, monkeypatch, limit):
    monkeypatch.setattr(xlsx_format, "MAX_DATA_ROWS", limit)
    sheets = xlsx_values(run(session, population, "xlsx"))
    total = len(csv_rows(run(session, population, "csv")))
    names = [name for name in sheets if name.startswith("Data")]
    assert names[:2] == ["Data", "Data 2"]
    assert names == ["Data", *[f"Data {n}" for n in range(2, len(names) + 1)]]
    assert all(sheets[n][0] == list(COLUMNS) for n in names)
    sizes = [len(sheets[n]) - 1 for n in names]
    assert sum(sizes) == total and all(size == limit for size in sizes[:-1])
    assert 0 < sizes[-1] <= limit
    said = next(row[1] for row in sheets["Notes"] if row and row[0] == "Data sheets")
    assert f"Data ({limit:,})" in said and f"Data {len(names)} ({sizes[-1]:,})" in said


def test_rows_that_fill_the_last_sheet_exactly_open_no_empty_sheet(session, population,
                                                                   monkeypatch):
    total = len(csv_rows(run(session, population, "csv")))
    monkeypatch.setattr(xlsx_format, "MAX_DATA_ROWS", total)
    sheets = xlsx_values(run(session, population, "xlsx"))
    assert [n for n in sheets if n.startswith("Data")] == ["Data"]
    assert len(sheets["Data"]) == total + 1


def test_the_same_data_gives_the_same_bytes_but_the_creation_time(session, population):
    first, second = (zipfile.ZipFile(io.BytesIO(run(session, population, "xlsx", lang="fr")))
                     for _ in range(2))
    assert [(i.filename, i.date_time) for i in first.infolist()] == [
        (i.filename, i.date_time) for i in second.infolist()]
    stamp = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")
    for name in first.namelist():
        a, b = first.read(name), second.read(name)
        if name == "docProps/core.xml":
            a, b = stamp.sub(b"", a), stamp.sub(b"", b)
        assert a == b, name


def test_document_properties_name_the_consultation_and_cwg_cop(session, population):
    wb = _book(run(session, population, "xlsx"))
    assert wb.properties.creator == "CWG-COP"
    assert wb.properties.title == "Staying safe online"


@pytest.mark.parametrize("lang, counts_run", [("en", "minMax"), ("ar", "maxMin")])
def test_charts_list_answers_top_down_and_run_right_to_left_in_arabic(
        session, population, lang, counts_run):
    wb = _book(run(session, population, "xlsx", lang=lang))
    charts = [chart for ws in wb for chart in ws._charts]
    assert charts
    for chart in charts:
        assert chart.x_axis.scaling.orientation == "maxMin"  # the first answer on top
        assert chart.y_axis.scaling.orientation == counts_run
