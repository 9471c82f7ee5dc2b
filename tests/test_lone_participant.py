"""A lone participant stays hidden in every output, alone and all together, and
every label is true (docs/privacy.md#rule-5).

The consultation: 40 participants aged 16-24 from Europe, and one child aged
9-12 (with a group code) from Asia and the Pacific, the only one to pick
"unsure" on a single-choice question and "very unhappy" on the emoji scale,
who also wrote a free-text answer and agreed to be quoted. Everything goes
through the real journey (test client), moderation and publication; the
outputs are fetched as a chair, a command line and the public would get them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC
from html.parser import HTMLParser
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.groups.service import create_group
from consult.i18n import LANGUAGES, NATIVE_NAMES
from consult.moderate import service as moderation
from consult.participate.models import Answer, Submission
from consult.results import service as results
from consult.summarize.service import ANSWERED, SKIPPED, protection
from consult.summarize.words import band_name, emoji_face, emoji_label, region_name, translate
from tests.disclosure_attack import (
    attacker_for,
    pinned_small_cells,
    read_annual,
    read_rows,
    read_summary,
    row_classes_are_k_anonymous,
)
from tests.factories import csrf_token, definition, sign_in, take_part

K = 10
CHILD_WORDS = "CHILD-WORDS I am scared of the group chat at night"
SLUG = "lone-child"
NOW_YEAR = None


LANGS = ["en", "fr", "es", "ru", "ar", "zh"]


def _every(text: str, **own: str) -> dict[str, str]:
    return {lang: own.get(lang, text) for lang in LANGS}


def _definition() -> dict[str, Any]:
    data = definition(SLUG)
    data.update({
        "languages": LANGS, "bands": ["9-12", "13-15", "16-24"], "k_threshold": K,
        "questions": [
            {"key": "feel", "kind": "emoji_scale",
             "prompt": {"default": _every("How do you feel online?")}},
            {"key": "report", "kind": "single_choice",
             "prompt": {"default": _every("Have you used a report button?")},
             "options": [{"key": "yes", "label": {"default": _every("Yes", fr="Oui")}},
                         {"key": "no", "label": {"default": _every("No", fr="Non")}},
                         {"key": "unsure", "label": {"default": _every("Not sure",
                                                                       fr="Pas sûr")}}]},
            {"key": "idea", "kind": "long_text", "max_length": 2000,
             "prompt": {"default": _every("What should apps change?")}},
        ]})
    return data


@pytest.fixture
def case(app, session, make_staff):  # type: ignore[no-untyped-def]
    """The consultation of the issue, through the journey, moderation and publication."""
    import yaml

    from consult.consultations.definition import import_definition

    c = import_definition(session, yaml.safe_dump(_definition()))
    session.commit()
    _group, code = create_group(session, c, "Small school", "Ms Head", "test-secret-key")
    session.commit()
    for i in range(40):
        take_part(app.test_client(), SLUG, band="16-24", region="EUR",
                  answers={1: str(2 + i % 3), 2: "yes" if i % 3 else "no",
                           3: f"Bigger report buttons, idea {i:02d}" if i < 30 else ""})
    take_part(app.test_client(), SLUG, band="9-12", region="ASP", group_code=code,
              answers={1: "1", 2: "unsure", 3: CHILD_WORDS}, quote="yes")
    mod, second = make_staff("moderator"), make_staff("moderator", email="m2@example.org")
    chair = make_staff("chair", email="chair@example.org")
    for sid in session.scalars(select(Submission.id).where(Submission.status == "pending")):
        moderation.approve(session, sid, mod.id, results_now())
    child_answer = session.scalars(select(Answer).where(
        Answer.text_redacted.like("CHILD-WORDS%"))).one()
    moderation.mark_quotable(session, child_answer.id, mod.id, True)
    moderation.confirm_quote(session, child_answer.id, second.id)
    session.commit()
    c = session.get(Consultation, c.id)
    assert c is not None
    c.status = "closed"
    session.commit()
    results.publish(session, c, chair.id, results_now())
    session.commit()
    return {"consultation": c, "chair": chair, "moderator": mod,
            "child": child_answer.submission_id}


def results_now():  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.now(UTC)


def _download(client, c, fmt: str, lang: str = "en") -> bytes:  # type: ignore[no-untyped-def]
    page = client.get(f"/chair/{c.id}/").get_data(as_text=True)
    r = client.post(f"/chair/{c.id}/export",
                    data={"csrf_token": csrf_token(page), "format": fmt, "lang": lang})
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    return r.data


def _cli(app, *args: str) -> Any:  # type: ignore[no-untyped-def]
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _xlsx(data: bytes) -> dict[str, list[list[Any]]]:
    """Every cell as a reader sees it: a count (a number) as its digits, a
    percentage (a number in a percentage format) as "12.5%"."""
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: [_trimmed([_cell_text(c) for c in r]) for r in ws.iter_rows()]
            for ws in wb}


def _trimmed(row: list[str]) -> list[str]:
    """A row without the empty cells that pad it to the sheet's width."""
    while row and row[-1] == "":
        row.pop()
    return row


def _cell_text(cell: Any) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and str(cell.number_format).endswith("%"):
        return f"{round(value * 100, 1):g}%"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _docx_tables(data: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in t.rows] for t in doc.tables]


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c for t in _docx_tables(data) for row in t for c in row])


class _Cells(HTMLParser):
    """The rows of every table of a page, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "sup":
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "sup":
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skip:
            self.cell.append(data)


def _page_rows(html: str) -> list[list[str]]:
    parser = _Cells()
    parser.feed(html)
    return parser.rows


def _outputs(app, case) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    c = case["consultation"]
    client = app.test_client()
    chair = app.test_client()
    sign_in(chair, case["chair"])
    out: dict[str, Any] = {
        "twin": client.get(f"/results/{SLUG}.json").get_json(),
        "page": {lang: client.get(f"/results/{SLUG}?lang={lang}").get_data(as_text=True)
                 for lang in LANGUAGES},
        "csv": _download(chair, c, "csv"),
        "json": json.loads(_download(chair, c, "json")),
        "xlsx": {lang: _download(chair, c, "xlsx", lang) for lang in LANGUAGES},
        "docx": {lang: _download(chair, c, "docx", lang) for lang in LANGUAGES},
    }
    year = str(c.opens_at_utc.year)
    out["annual"] = json.loads(_cli(app, "report", "annual", "--year", year).output)
    return out


def _truth(session, case):  # type: ignore[no-untyped-def]
    c = session.get(Consultation, case["consultation"].id)
    return protection(session, c)


def _small_numbers(texts: list[str]) -> list[str]:
    return [t for t in texts if re.fullmatch(r"[1-9]", t.strip())]


def test_the_lone_child_is_hidden_in_every_output_alone_and_together(app, session, case,
                                                                     tmp_path):
    out = _outputs(app, case)
    p = _truth(session, case)
    truth = p.table.values
    assert truth[("band", "9-12")] == 1 and truth[("q", "report", "unsure")] == 1

    # ---- each output alone
    # JSON (export and public twin): no shown count from 1 to k-1.
    for summary in (out["json"], out["twin"]):
        counts = re.findall(r'"count": (\d+)', json.dumps(summary))
        assert not [n for n in counts if 0 < int(n) < K]
        quote = next(q for q in summary["quotes"] if q["text"].startswith("CHILD-WORDS"))
        assert quote["band"] is None and quote["region"] is None
    # The public page, in every language: no small number in any table.
    for lang, html in out["page"].items():
        cells = [c for row in _page_rows(html) for c in row]
        assert not _small_numbers(cells), lang
    # The CSV (chair download and `consult export` give the same file).
    rows = _csv(out["csv"])
    target = tmp_path / "cli.csv"
    _cli(app, "export", SLUG, "--format", "csv", "-o", str(target))
    assert target.read_bytes() == out["csv"]
    assert not row_classes_are_k_anonymous(rows, K)
    assert not [r for r in rows if r["answer"] in ("Not sure", f"{emoji_face('1')} Very unhappy")]
    assert not [r for r in rows if "9" in r["band"]]
    child_row = next(r for r in rows if r["answer"].startswith("CHILD-WORDS"))
    # Free text joined to nothing smaller than k: its band is blank, among k or more.
    assert child_row["band"] == ""
    assert sum(r["question"] == "idea" and r["band"] == "" for r in rows) >= K
    # The XLSX: no small number in any table, its Data sheet k-anonymous.
    for lang, data in out["xlsx"].items():
        sheets = _xlsx(data)
        tables = [v for name, grid in sheets.items() if not name.startswith(
            translate("Data", lang)) for row in grid for v in row]
        assert not _small_numbers(tables), lang
        data_rows = [dict(zip(sheets[translate("Data", lang)][0], r, strict=False))
                     for r in sheets[translate("Data", lang)][1:]]
        assert not row_classes_are_k_anonymous(data_rows, K)
        assert CHILD_WORDS in [r["answer"] for r in data_rows if r["band"] == ""]
    # The DOCX: no small number in a table, the quote names no group.
    for data in out["docx"].values():
        assert not _small_numbers([c for t in _docx_tables(data) for row in t for c in row])
        text = _docx_text(data)
        assert CHILD_WORDS in text
        after = text.split(CHILD_WORDS, 1)[1].split("\n", 2)
        assert not after[1].startswith("—"), "the quote carries the child's group"
    # The annual report: no small number.
    counts = re.findall(r'"count": (\d+)', json.dumps(out["annual"]))
    assert not [n for n in counts if 0 < int(n) < K]

    # ---- everything together
    attacker = attacker_for(p.table)
    read_summary(attacker, out["json"])
    read_summary(attacker, out["twin"])
    band_of = {band_name(b, "en"): b for b in ("9-12", "13-15", "16-24")}
    read_rows(attacker, rows, out["json"], band_of)
    read_annual(attacker, out["annual"])
    assert pinned_small_cells(attacker, truth) == []
    # Nor can a reader (who has the labels, not the truth) tell which age band
    # picked "unsure", or what the one aged 9-12 picked.
    reader = attacker_for(p.table, knows_zeros=False)
    read_summary(reader, out["json"])
    read_rows(reader, rows, out["json"], band_of)
    read_annual(reader, out["annual"])
    assert reader.range_of(("qb", "report", "9-12", "unsure"))[0] == 0
    assert reader.range_of(("qb", "report", "16-24", "unsure"))[1] >= 1
    assert reader.range_of(("qb", "report", "9-12", "yes"))[1] >= 1 or \
        reader.range_of(("qb", "report", "9-12", "no"))[1] >= 1
    # The page, XLSX and DOCX tell nothing the JSON does not: every table cell
    # they show reads as the JSON says (see test_every_label_is_true).


def _expected(p, key: Any, lang: str) -> str:  # type: ignore[no-untyped-def]
    """What a cell must read: its count if shown, else the label true of it."""
    shown = p.shown.get(key)
    if shown is not None:
        return str(shown)
    if p.table.values[key] < p.k:
        return translate("fewer than %(k)s", lang, k=p.k)
    return translate("hidden to protect a small group", lang)


def _names(lang: str, summary: dict[str, Any]) -> dict[str, Any]:
    names: dict[str, Any] = {}
    for b in summary["consultation"]["bands"]:
        names[band_name(b, lang)] = ("band", b)
    for code in summary["consultation"]["languages"]:
        names[NATIVE_NAMES[code]] = ("language", code)
    for cell in summary["participation"]["region"]:
        names[region_name(cell["key"], lang)] = ("region", cell["key"])
    return names


def _option_names(q: dict[str, Any], lang: str) -> dict[str, str]:
    out = {}
    for o in q["options"]:
        if q["kind"] == "emoji_scale":
            out[f"{emoji_face(o['key'])} {emoji_label(o['key'], lang)}"] = o["key"]
        else:
            out[o["label"].get(lang) or o["label"]["en"]] = o["key"]
    return out


def _check_grid(grid: list[list[str]], p, summary, lang: str, question: dict | None,
                checked: list[Any]) -> None:  # type: ignore[no-untyped-def]
    """Every count cell of a table (XLSX sheet, DOCX or page table) against the truth."""
    answered, skipped = translate("Answered", lang), translate("Skipped", lang)
    names = _names(lang, summary)
    bands = summary["consultation"]["bands"]
    band_columns: list[str] | None = None
    for row in grid:
        if not row or not row[0]:
            continue
        if question is not None and len(row) > 2 and all(
                cell in [band_name(b, lang) for b in bands] for cell in row[1:] if cell):
            band_columns = [next(b for b in bands if band_name(b, lang) == cell)
                            for cell in row[1:len(bands) + 1]]
            continue
        if question is None:
            if row[0] in names and len(row) > 1:
                checked.append(names[row[0]])
                assert row[1] == _expected(p, names[row[0]], lang), (lang, row)
            continue
        options = _option_names(question, lang)
        what = (ANSWERED if row[0] == answered else SKIPPED if row[0] == skipped
                else options.get(row[0]))
        if what is None:
            continue
        if band_columns is None:
            key = ("q", question["key"], what)
            checked.append(key)
            assert row[1] == _expected(p, key, lang), (lang, question["key"], row)
        else:
            for band, text in zip(band_columns, row[1:], strict=False):
                key = ("qb", question["key"], band, what)
                checked.append(key)
                assert text == _expected(p, key, lang), (lang, question["key"], band, row)


def test_every_label_is_true(app, session, case):
    """Each count in the XLSX, DOCX and public page, in all six languages, reads
    as its true count allows: the number, "fewer than k" only for a count below
    k, "hidden to protect a small group" only for one of k or more."""
    out = _outputs(app, case)
    p = _truth(session, case)
    summary = out["json"]
    # The JSON: the reason given is true of the count.
    for key, count in p.shown.items():
        reason = p.table.reason(key)
        assert (count is None) == (reason is not None)
        if reason == "fewer-than-k":
            assert p.table.values[key] < K
        elif reason == "protects-another":
            assert p.table.values[key] >= K
    labels = re.findall(r'"hidden": "([a-z-]+)"', json.dumps(summary))
    assert "protects-another" in labels and "fewer-than-k" in labels
    # No empty label anywhere in the JSON, the emoji scale's included.
    for q in summary["questions"]:
        for o in q["options"]:
            assert o["label"] and all(o["label"].values()), o
    for lang in LANGUAGES:
        checked: list[Any] = []
        sheets = _xlsx(out["xlsx"][lang])
        names = list(sheets)
        _check_grid(sheets[names[1]], p, summary, lang, None, checked)
        for q, name in zip(summary["questions"], names[2:], strict=False):
            _check_grid(sheets[name], p, summary, lang, q, checked)
        assert ("band", "9-12") in checked and ("q", "report", "unsure") in checked
        assert ("qb", "report", "16-24", "unsure") in checked
        footnote = translate("“Hidden to protect a small group”: this number is not small "
                             "itself, but showing it would let a reader work out a number "
                             "below %(k)s.", lang, k=K)
        assert footnote in [row[0] for grid in sheets.values() for row in grid if row]
        # DOCX: participation tables, then per question the options and by-band tables.
        checked = []
        tables = _docx_tables(out["docx"][lang])
        for grid in tables[:3]:
            _check_grid(grid, p, summary, lang, None, checked)
        choice = [q for q in summary["questions"] if q["options"]]
        pairs = zip(tables[3::2], tables[4::2], strict=False)
        for q, (overall, by_band) in zip(choice, pairs, strict=False):
            _check_grid(overall, p, summary, lang, q, checked)
            _check_grid(by_band, p, summary, lang, q, checked)
        assert ("qb", "report", "9-12", "unsure") in checked
        assert footnote in _docx_text(out["docx"][lang])
        # The public page: participation and option tables.
        checked = []
        grids = _page_rows(out["page"][lang])
        _check_grid(grids, p, summary, lang, None, checked)
        for q in choice:
            _check_grid(grids, p, summary, lang, {**q, "options": q["options"]}, checked)
        assert ("band", "9-12") in checked
        html = out["page"][lang]
        assert 'id="hidden-note"' in html and footnote.split("”")[-1].strip()[:10] in html
    # The emoji scale keeps its meaning: faces and words, never 1 to 5.
    csv_feel = {r["answer"] for r in _csv(out["csv"]) if r["question"] == "feel"}
    assert csv_feel and all(a[0] in "😞🙁😐🙂😄" for a in csv_feel)
    feel = _xlsx(out["xlsx"]["fr"])["Q1 feel"]
    assert [f"{emoji_face('3')} {emoji_label('3', 'fr')}"] == [
        r[0] for r in feel if r and r[0].startswith(emoji_face("3"))][:1]
    page = out["page"]["en"]
    assert "😐 Not sure" in page and ">3<" not in page


def test_the_moderators_view_shows_the_emoji_scale_and_groups_in_words(app, consultation,
                                                                       make_staff):
    take_part(app.test_client(), consultation.slug, band="18-24", region="ASP",
              answers={1: "1", 3: "no"})
    client = app.test_client()
    sign_in(client, make_staff("moderator"))
    queue = client.get("/moderate/").get_data(as_text=True)
    assert "Asia and the Pacific" in queue and "18–24 years" in queue
    sid = re.search(r'/moderate/s/(\d+)', queue)
    assert sid, queue[:2000]
    html = client.get(f"/moderate/s/{sid.group(1)}").get_data(as_text=True)
    assert "😞 Very unhappy" in html and "Asia and the Pacific" in html
    assert "18–24 years" in html and "English" in html
