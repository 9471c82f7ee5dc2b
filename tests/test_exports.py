"""Exports (CSV, JSON, XLSX, DOCX): what leaves the platform, and what never does.

docs/privacy.md#rule-4 (only redacted text), 5 (no small counts, no one singled out),
7 (withdrawn submissions leave every export), 8 (escalated ones never count)
and 9 (every export is audited), plus spreadsheet formula injection.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.detect.pii import MASK
from consult.export.cells import neutralise
from consult.export.rows import answer_rows
from consult.export.service import FORMATS, export
from consult.moderate.service import approve, mark_quotable, reject
from consult.participate.models import Submission
from consult.participate.service import submit, withdraw

PHONE = "+44 7700 900123"
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(1)",
           "<script>alert(1)</script>", "\x1b[31mred alert\x07 bell", "#N/A"]
DISCLOSURE = "A man keeps asking me for photos and says not to tell anyone"
K = 10


def send(session: Any, consultation: Any, *, band: str = "16-17", region: str | None = "EUR",
         lang: str = "en", quote: bool = False, **answers: Any) -> Submission:
    """A submission through the same service the participant journey uses."""
    state = {"band": band, "lang": lang, "region": region, "answers": answers,
             "quote_consent": quote}
    return submit(session, consultation, state, secret="test-secret-key",
                  today=date.today()).submission


def now() -> datetime:
    return datetime.now(UTC)


def usual(session: Any, consultation: Any, moderator: Any, n: int = 30, **where: Any) -> None:
    for i in range(n):
        s = send(session, consultation, feel=str(1 + i % 5), apps=["games", "chat"],
                 report="yes" if i % 3 else "no", word="safe",
                 idea="Bigger report buttons please", **where)
        approve(session, s.id, moderator.id, now())


def quotable(session: Any, consultation: Any, moderator: Any, text: str) -> None:
    """An approved answer whose writer consented and a moderator marked as a quote."""
    s = send(session, consultation, quote=True, feel="3", apps=["video"], report="yes",
             word=text, idea=text)
    approve(session, s.id, moderator.id, now())
    idea = next(q.id for q in consultation.questions if q.key == "idea")
    answer = next(a for a in s.answers if a.question_id == idea)
    mark_quotable(session, answer.id, moderator.id, True)


@pytest.fixture
def moderator(make_staff):  # type: ignore[no-untyped-def]
    return make_staff("moderator")


@pytest.fixture
def population(session, consultation, moderator):  # type: ignore[no-untyped-def]
    return build_population(session, consultation, moderator)


def build_population(session: Any, consultation: Any, moderator: Any) -> Any:
    """30 approved 16-17s in Europe, hostile and personal text among the approved,
    and one submission of each status that must never be exported."""
    usual(session, consultation, moderator)
    for text in HOSTILE:
        quotable(session, consultation, moderator, text)
    quotable(session, consultation, moderator, f"Call me on {PHONE} about the app")
    send(session, consultation, idea="PENDING-MARKER is still waiting")
    rejected = send(session, consultation, idea="REJECTED-MARKER off topic")
    reject(session, rejected.id, moderator.id, now(), "off_topic")
    escalated = send(session, consultation, idea=DISCLOSURE)
    assert escalated.status == "escalated"
    gone = send(session, consultation, idea="WITHDRAWN-MARKER changed my mind")
    approve(session, gone.id, moderator.id, now())
    withdraw(session, gone)
    session.commit()
    return consultation


def run(session: Any, consultation: Any, fmt: str, lang: str | None = None) -> bytes:
    out = io.BytesIO()
    export(session, consultation, fmt, out, lang=lang)
    return out.getvalue()


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without a BOM: Excel would garble Arabic"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def xlsx_values(data: bytes) -> dict[str, list[list[Any]]]:
    """Each sheet's rows, without the empty cells that pad a row to the sheet's width."""
    wb = load_workbook(io.BytesIO(data), read_only=True)
    sheets = {}
    for ws in wb:
        rows = []
        for r in ws.iter_rows(values_only=True):
            row = list(r)
            while row and row[-1] is None:
                row.pop()
            rows.append(row)
        sheets[ws.title] = rows
    return sheets


def everything(data: bytes, fmt: str) -> str:
    if fmt == "docx":
        return docx_text(data)
    if fmt == "xlsx":
        return json.dumps(xlsx_values(data), ensure_ascii=False, default=str)
    return data.decode("utf-8-sig")


# ------------------------------------------------------------ what is exported


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_exports_a_small_consultation(session, population, fmt):
    data = run(session, population, fmt)
    assert data
    if fmt == "csv":
        # Everyone answered "report": one row each.
        assert sum(r["question"] == "report" for r in csv_rows(data)) == 30 + len(HOSTILE) + 1
    elif fmt == "json":
        assert json.loads(data)["participation"]["total"]["count"] == 30 + len(HOSTILE) + 1
    else:
        assert zipfile.is_zipfile(io.BytesIO(data))


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_approved_answers_leave(session, population, fmt):
    text = everything(run(session, population, fmt), fmt)
    for marker in ("PENDING-MARKER", "REJECTED-MARKER", "WITHDRAWN-MARKER", DISCLOSURE,
                   "asking me for photos"):
        assert marker not in text, (fmt, marker)


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_the_redacted_text_leaves(session, population, fmt):
    text = everything(run(session, population, fmt), fmt)
    assert "7700" not in text and "900123" not in text
    if fmt in ("csv", "xlsx", "json", "docx"):
        assert "Call me on " in text and "about the app" in text


def test_csv_is_one_row_per_shown_answer_and_per_chosen_option(session, population):
    rows = csv_rows(run(session, population, "csv"))
    assert list(rows[0]) == ["question", "kind", "band", "option", "answer", "given_live"]
    summary = json.loads(run(session, population, "json"))
    for q in summary["questions"]:
        mine = [r for r in rows if r["question"] == q["key"]]
        if q["kind"] in ("short_text", "long_text"):
            assert len(mine) == q["answered"]["count"]
            continue
        # As many rows per answer as the summary shows; none for a hidden answer.
        for option in q["options"]:
            label = (f"{option['face']} {option['label']['en']}" if q["kind"] == "emoji_scale"
                     else option["label"]["en"])
            assert sum(r["answer"] == label for r in mine) == (option["count"] or 0), option
    feel = [r for r in rows if r["question"] == "feel"]
    # 6 chose each point but "not sure" (14): only the 14 are shown, with words, not a number.
    assert {r["answer"] for r in feel} == {"😐 Not sure"} and len(feel) == 14
    assert {r["option"] for r in feel} == {""} and {r["band"] for r in feel} == {"16–17 years"}


def test_rows_are_not_linked_to_one_another(session, consultation, moderator):
    send(session, consultation, idea="never approved")  # takes the first id
    usual(session, consultation, moderator, n=12)
    session.commit()
    rows = list(answer_rows(session, consultation))
    assert rows and all("response" not in row for row in rows)
    # In the order of what they show, never the order people took part in.
    keys = [(row["question"], row["band"], row["option"], row["answer"]) for row in rows]
    order = {q.key: q.position for q in consultation.questions}
    assert keys == sorted(keys, key=lambda r: (order[r[0]],)) and keys == sorted(
        keys, key=lambda r: order[r[0]])


# ------------------------------------------------------------ hostile text


@pytest.mark.parametrize("text, inert", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(1)", "'@SUM(1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("\n=1", "'\n=1"), ("\x1b[0m", "'\x1b[0m"),
    ("  =1", "'  =1"), ("\uff1d1+1", "'\uff1d1+1"), ("fine = ok", "fine = ok"),
    ("", ""), ("'=already", "'=already"), ("#N/A", "#N/A")])
def test_neutralise_prefixes_anything_a_spreadsheet_could_run(text, inert):
    assert neutralise(text) == inert
    assert neutralise(neutralise(text)) == inert



def test_hostile_text_is_inert_in_csv(session, population):
    rows = csv_rows(run(session, population, "csv"))
    answers = [r["answer"] for r in rows if r["kind"] in ("short_text", "long_text")]
    for text in HOSTILE[:4] + [HOSTILE[5]]:
        assert "'" + _redacted(text) in answers, text
    for cell in (value for r in rows for value in r.values()):
        assert not cell or cell[0] not in "=+-@\t\r\n\x1b", cell


def test_hostile_text_is_inert_and_text_in_xlsx(session, population):
    data = run(session, population, "xlsx")
    wb = load_workbook(io.BytesIO(data))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells), "a formula got into the workbook"
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for text in HOSTILE[:4]:
        assert "'" + _redacted(text) in texts, text
    assert "'\ufffd[31mred alert\ufffd bell" in texts  # control characters: inert and valid XML
    na = [c for c in cells if c.value == "#N/A"]
    assert na and all(c.data_type == "s" for c in na)
    assert not any(v[0] in "=+-@\t\r\n" for v in texts if v)


@pytest.mark.parametrize("fmt", ["json", "docx"])
def test_hostile_text_is_plain_text_in_json_and_docx(session, population, fmt):
    data = run(session, population, fmt)
    if fmt == "json":
        quotes = {q["text"] for q in json.loads(data)["quotes"]}
        assert "<script>alert(1)</script>" in quotes and "-2" in quotes
        assert "\x1b[31mred alert\x07 bell" in quotes
    else:
        paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
        assert "<script>alert(1)</script>" in paragraphs and "-2" in paragraphs
        assert _redacted(HOSTILE[0]) in paragraphs
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml


def _redacted(text: str) -> str:
    # The URL detector masks the link inside the HYPERLINK formula (docs/privacy.md#rule-4).
    return text.replace("http://x", MASK)


# ------------------------------------------------------------ the lone child


@pytest.fixture
def lone_child(session, consultation, moderator):  # type: ignore[no-untyped-def]
    usual(session, consultation, moderator, n=30)
    child = send(session, consultation, band="9-12", region="ASP", feel="1", apps=["video"],
                 report="no", idea="LONE-CHILD-MARKER I play with my cousin")
    approve(session, child.id, moderator.id, now())
    session.commit()
    return consultation


def test_lone_child_is_not_singled_out_in_csv(session, lone_child):
    rows = csv_rows(run(session, lone_child, "csv"))
    assert not any("9" in r["band"] for r in rows)
    # The child's words, where they are shown at all, are among k or more with
    # no band (where the number of written answers is hidden, none is shown).
    mine = [r for r in rows if r["answer"].startswith("LONE-CHILD-MARKER")]
    assert all(r["band"] == "" for r in mine)
    if mine:
        assert sum(r["question"] == "idea" and r["band"] == "" for r in rows) >= K
    # Every combination a row shows (question, band, answer) is shared by k or
    # more rows: a lone row would single the child out (docs/privacy.md#rule-5).
    patterns: dict[tuple[str, str, str], int] = {}
    for r in rows:
        if r["kind"] not in ("short_text", "long_text"):
            key = (r["question"], r["band"], r["answer"])
            patterns[key] = patterns.get(key, 0) + 1
    assert all(n >= K for n in patterns.values()), patterns


def test_lone_child_counts_are_suppressed_in_json(session, lone_child):
    part = json.loads(run(session, lone_child, "json"))["participation"]
    band = {c["key"]: c for c in part["band"]}
    region = {c["key"]: c for c in part["region"]}
    assert band["9-12"]["count"] is None and band["9-12"]["hidden"] == "fewer-than-k"
    assert band["9-12"]["label"]["en"] == "9–12 years"
    assert region["ASP"]["suppressed"] and region["ASP"]["count"] is None
    # ... and not recoverable from the total by subtraction.
    assert band["16-17"]["suppressed"] and region["EUR"]["suppressed"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_lone_child_has_no_count_of_one_in_docx(session, lone_child, lang):
    doc = Document(io.BytesIO(run(session, lone_child, "docx", lang=lang)))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "1" not in cells
    pairs = {(row.cells[0].text, row.cells[1].text)
             for table in doc.tables for row in table.rows}
    # Without an app the words stay English (test_label_truth reads them translated).
    # (A band's row also heads the table of the wording that band saw.)
    for label in ("9–12 years", "Asia and the Pacific"):
        assert (label, "fewer than 10") in pairs
        assert not any(first == label and second.strip().isdigit() for first, second in pairs)
    assert "LONE-CHILD-MARKER" not in docx_text(run(session, lone_child, "docx"))


def test_lone_child_is_not_in_the_xlsx_data_or_tables(session, lone_child):
    sheets = xlsx_values(run(session, lone_child, "xlsx"))
    data = sheets["Data"]
    assert data[0] == ["question", "kind", "band", "option", "answer", "given_live"]
    assert not any("9" in (row[2] or "") for row in data[1:])
    # No count of 1 in the tables (a 1 just after a larger count is its percent, 100%).
    ones = [(name, row) for name, rows in sheets.items() if name != "Data" for row in rows
            for i, v in enumerate(row) if v in (1, "1")
            and not (i and isinstance(row[i - 1], float) and row[i - 1] > 1)]
    assert ones == []
    participation = {row[0]: row[1] for row in sheets["Participation"] if len(row) > 1}
    assert participation["9–12 years"] == "fewer than 10"


def test_fewer_than_k_approved_exports_no_rows(session, consultation, moderator):
    usual(session, consultation, moderator, n=9)
    session.commit()
    assert list(answer_rows(session, consultation)) == []
    assert csv_rows(run(session, consultation, "csv")) == []


# ------------------------------------------------------------ the command line


def _cli(app: Any, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    path = tmp_path / "exports"
    path.mkdir()
    return path


def test_cli_writes_the_file_and_audits_the_export(app, session, population, outdir: Path):
    target = outdir / "out.csv"
    result = _cli(app, "export", population.slug, "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [p.name for p in outdir.iterdir()] == ["out.csv"]
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [(e.actor_label, e.object_type, e.object_id, e.detail) for e in events] == [
        ("cli", "consultation", str(population.id), {"format": "csv"})]


@pytest.mark.parametrize("fmt", ["json", "xlsx", "docx"])
def test_cli_writes_every_format(app, session, population, outdir: Path, fmt):
    target = outdir / f"out.{fmt}"
    result = _cli(app, "export", population.slug, "--format", fmt, "-o", str(target),
                  "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0


def test_cli_unknown_slug_is_a_clear_error(app, outdir: Path):
    result = _cli(app, "export", "no-such-thing", "--format", "csv", "-o",
                  str(outdir / "x.csv"))
    assert result.exit_code != 0
    assert "no consultation with slug 'no-such-thing'" in result.output
    assert not list(outdir.iterdir())


def test_cli_unwritable_path_is_a_clear_error(app, population, tmp_path: Path):
    result = _cli(app, "export", population.slug, "--format", "csv", "-o",
                  str(tmp_path / "missing-dir" / "x.csv"))
    assert result.exit_code != 0 and "cannot write to" in result.output


def test_cli_failed_export_leaves_nothing_and_no_audit(app, session, population, outdir,
                                                       monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> None:
        args[3].write(b"half a file")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("consult.export.service.export", broken)
    target = outdir / "out.csv"
    target.write_bytes(b"the previous export")
    result = _cli(app, "export", population.slug, "--format", "csv", "-o", str(target))
    assert result.exit_code != 0
    assert [p.name for p in outdir.iterdir()] == ["out.csv"]
    assert target.read_bytes() == b"the previous export"
    assert not session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
