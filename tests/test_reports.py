"""Reports (consult.reports): the consultation, meeting, annual and final
reports, opened with python-docx and read: sections, properties, band order,
localised numbers and dates, right to left in Arabic, disclosure control
across reports, reproducible bytes, the one audited door, the chair's page and
the command line."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.consultations.models import Consultation
from consult.i18n import LANGUAGES
from consult.reports import service as reports
from consult.reports import words
from consult.reports.document import ZIP_DATE
from consult.results import service as results
from consult.results.models import Feedback
from consult.safeguarding.models import Case
from consult.themes.service import create_theme, tag
from tests.factories import csrf_token, sign_in
from tests.test_exports import docx_text, send

SIX = {"en": "Staying safe online", "fr": "Rester en sécurité en ligne",
       "es": "Seguridad en línea", "ru": "Безопасность в интернете",
       "ar": "البقاء آمنًا على الإنترنت", "zh": "网络安全"}
MEETING = "CWG-COP test meeting"


@pytest.fixture
def moderator(make_staff):  # type: ignore[no-untyped-def]
    return make_staff("chair", "moderator", email="chair-reports@example.org")


def uniform(session: Any, c: Any, moderator: Any, n: int, **where: Any) -> list[Any]:
    """n approved submissions that all answer alike: few small cells, so disclosure
    control (an integer programme per small cell) stays quick."""
    from consult.moderate.service import approve

    sent = []
    for _ in range(n):
        s = send(session, c, feel="4", apps=["games"], report="yes",
                 idea="Make the report button bigger", **where)
        approve(session, s.id, moderator.id, datetime.now(UTC))
        sent.append(s)
    return sent


def _populate(session: Any, c: Any, moderator: Any, small: bool = False) -> Any:
    """12 aged 16-17 in Europe, 12 aged 13-15 in Africa (one of them quoted),
    with `small`, 3 aged 18-24 in Asia-Pacific (a small group: its cells cost
    disclosure control an integer programme each, so only the tests about it
    have it), a theme, feedback, and one safeguarding case."""
    from consult.moderate.service import approve, mark_quotable

    uniform(session, c, moderator, 12)
    uniform(session, c, moderator, 11, band="13-15", region="AFR")
    for _ in range(3 if small else 0):
        few = send(session, c, band="18-24", region="ASP", feel="4")
        approve(session, few.id, moderator.id, datetime.now(UTC))
    s = send(session, c, band="13-15", region="AFR", quote=True, feel="4", apps=["games"],
             report="yes", idea="Make the report button bigger")
    approve(session, s.id, moderator.id, datetime.now(UTC))
    idea = next(q.id for q in c.questions if q.key == "idea")
    answer = next(a for a in s.answers if a.question_id == idea)
    mark_quotable(session, answer.id, moderator.id, True)
    theme = create_theme(session, c, "buttons", {"en": "Report buttons",
                                                 "fr": "Boutons de signalement"}, moderator.id)
    tag(session, c.id, answer.id, theme.id, moderator.id)
    for lang in ("en", "fr"):
        session.add(Feedback(consultation_id=c.id, band="16-17", language=lang,
                             body=f"We asked platforms for **bigger** buttons [{lang}].",
                             updated_at=datetime.now(UTC)))
    send(session, c, idea="A man keeps asking me for photos and says not to tell anyone")
    session.commit()
    return c


@pytest.fixture
def six(make_consultation, session, moderator):  # type: ignore[no-untyped-def]
    c = make_consultation("six-languages", languages=list(SIX), title=SIX,
                          meeting={lang: MEETING for lang in SIX})
    return _populate(session, c, moderator)


@pytest.fixture
def six_small(make_consultation, session, moderator):  # type: ignore[no-untyped-def]
    c = make_consultation("six-languages", languages=list(SIX), title=SIX,
                          meeting={lang: MEETING for lang in SIX})
    return _populate(session, c, moderator, small=True)


def _report(session: Any, target: reports.Report, lang: str, fmt: str = "docx",
            now: datetime | None = None) -> bytes:
    out = io.BytesIO()
    reports.write(session, target, fmt, out, lang, now=now)
    return out.getvalue()


def _bands_in_order(text: str, lang: str) -> list[int]:
    return [text.find(band) for band in ("9–12", "13–15", "16–17", "18–24") if band in text]


# ------------------------------------------------------------ consultation report


@pytest.mark.parametrize("lang", LANGUAGES)
def test_consultation_report_in_each_language(app, session, six, lang):
    with app.app_context():
        data = _report(session, reports.Report("consultation", 10, consultation=six), lang)
    doc = Document(io.BytesIO(data))
    props = doc.core_properties
    assert props.title == SIX[lang]
    assert props.author == "CWG-COP" and props.last_modified_by == "CWG-COP"
    assert props.language == {"ar": "ar-SA", "en": "en-GB", "es": "es-ES", "fr": "fr-FR",
                              "ru": "ru-RU", "zh": "zh-CN"}[lang]
    assert "python-docx" not in (props.comments or "")
    text = docx_text(data)
    # Dates in the language's own words; no ISO date left in the text.
    opens = six.opens_at_utc.date()
    assert words.day(opens, lang) in text
    assert opens.isoformat() not in text
    # Bands by age, never as strings sort ("13-15" before "9-12").
    band_rows = [t for t in doc.tables if any("13–15" in c.text for c in t.columns[0].cells)]
    first = [c.text for c in band_rows[0].columns[0].cells[1:]]
    assert [b for b in first if b[:2] in ("9–", "13", "16", "18")] == sorted(
        [b for b in first if b[:2] in ("9–", "13", "16", "18")],
        key=lambda b: int(b.split("–")[0]))
    # A chart per choice question, with alt text.
    assert len(doc.inline_shapes) == 3
    body = doc.element.body
    if lang == "ar":
        paragraphs = list(body.iter(qn("w:p")))
        assert all(p.find(qn("w:pPr") + "/" + qn("w:bidi")) is not None for p in paragraphs)
        assert all(t.tblPr.find(qn("w:bidiVisual")) is not None for t in body.iter(qn("w:tbl")))
    else:
        assert body.find(".//" + qn("w:bidi")) is None


def test_consultation_report_has_every_section(app, session, six_small):
    with app.app_context():
        text = docx_text(_report(session, reports.Report("consultation", 10,
                                                         consultation=six_small), "en"))
    for heading in ("Summary of participation", "By age band", "By language", "By region",
                    "Question 1", "What young people said: themes", "In their own words",
                    "What we did with your views", "Method and safeguards",
                    "Annex: the questions in full"):
        assert heading in text, heading
    # Names, never codes.
    assert "Europe" in text and "Africa" in text and "EUR" not in text.split()
    # The small group reads so; the wording each band saw; the feedback without Markdown.
    assert "fewer than 10" in text
    assert "Which apps do you play with?" in text and "Which apps do you use?" in text
    assert "We asked platforms for bigger buttons [en]." in text
    assert "Make the report button bigger" in text and "Report buttons" in text
    # Nothing from the escalated (disclosure) submission.
    assert "photos" not in text
    # Purge and safeguarding explained.
    assert "180" in text and "safeguarding team" in text


def test_numbers_follow_the_language(app):
    assert words.number(1234567, "fr") == "1\u202f234\u202f567"
    assert words.number(1234567, "es") == "1.234.567"
    assert words.number(1234567, "en") == "1,234,567"
    assert words.number(12.5, "ru") == "12,5"
    assert words.day(date(2026, 3, 5), "fr") == "5 mars 2026"
    assert words.count({"count": None, "hidden": "fewer-than-k"}, 10, "en") == "fewer than 10"
    assert words.by_age(["18-24", "13-15", "9-12", "16-17"]) == ["9-12", "13-15", "16-17",
                                                                "18-24"]


def test_a_report_is_reproducible_apart_from_its_timestamp(app, session, six):
    target = reports.Report("consultation", 10, consultation=six)
    with app.app_context():
        one = _report(session, target, "fr", now=datetime(2026, 1, 1, 9, 0, tzinfo=UTC))
        two = _report(session, target, "fr", now=datetime(2026, 2, 3, 10, 30, tzinfo=UTC))
    assert one != two

    def normalised(data: bytes) -> list[tuple[str, tuple[int, ...], bytes]]:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            out = []
            for info in z.infolist():
                blob = z.read(info)
                if info.filename == "docProps/core.xml":
                    blob = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<",
                                  rb"<dcterms:\1\2>T<", blob)
                out.append((info.filename, info.date_time, blob))
            return out

    assert normalised(one) == normalised(two)
    assert {entry[1] for entry in normalised(one)} == {ZIP_DATE}


# ------------------------------------------------------------ annual and final


def _old_consultation(make_consultation, session, moderator, slug, year, n):  # type: ignore[no-untyped-def]
    opens = datetime(year, 3, 1, tzinfo=UTC)
    c = make_consultation(slug, opens_at=opens.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          closes_at=(opens + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                          status="open")
    uniform(session, c, moderator, n)
    c.status = "closed"
    session.commit()
    return c


def test_annual_report_cli_docx_json_and_audit(app, session, six_small, tmp_path):
    year = six_small.opens_at_utc.year
    c = session.get(Consultation, six_small.id)
    c.status = "closed"
    session.commit()
    results.publish(session, c, None, datetime.now(UTC))
    session.commit()
    out = tmp_path / "annual.docx"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["report", "annual", str(year), "--lang", "fr", "-o", str(out),
                                 "--base-url", "https://consult.example.org"])
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    text = docx_text(out.read_bytes())
    assert doc.core_properties.author == "CWG-COP" and doc.core_properties.language == "fr-FR"
    assert "https://consult.example.org/results/six-languages" in text
    assert "https://consult.example.org/results/six-languages.json" in text
    assert "Europe" in text and "EUR" not in text.split()
    bands = next(t for t in doc.tables
                 if len(t.rows) > 2 and "13–15" in t.columns[0].cells[2].text)
    assert [c.text[:5] for c in bands.columns[0].cells[1:]] == ["9–12 ", "13–15", "16–17",
                                                                "18–24"]
    assert "Boutons de signalement" in text  # the theme, in the report's language
    assert "[fr]" in text  # the feedback given
    assert len(doc.inline_shapes) == 1  # participation over time
    # One safeguarding case this year: fewer than k, never 1.
    assert session.scalar(select(Case.id)) is not None
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Dossiers ouverts")
    assert [c.text for c in table.rows[1].cells[1:]] == ["moins de 10", "0"]
    # The old form still prints the figures as JSON, bands by age.
    result = runner.invoke(args=["report", "annual", "--year", str(year)])
    assert result.exit_code == 0, result.output
    assert re.findall(r'"(\d+-\d+)": \{', result.output)[:4] == ["9-12", "13-15", "16-17",
                                                                   "18-24"]
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [(e.object_type, e.actor_label, e.detail["format"]) for e in events] == [
        ("annual_report", "cli", "docx"), ("annual_report", "cli", "json")]


def test_final_report_keeps_what_each_annual_report_hid(app, session, make_consultation,
                                                        moderator, tmp_path):
    """Year A has 12 participants (shown), year B 3 (fewer than k). The final
    report must not show the total 15, or A's 12 would give B's 3 away."""
    _old_consultation(make_consultation, session, moderator, "year-a", 2023, 12)
    _old_consultation(make_consultation, session, moderator, "year-b", 2024, 3)
    runner = app.test_cli_runner()
    final = runner.invoke(args=["report", "final", "2023", "2024"])
    assert final.exit_code == 0, final.output
    import json

    data = json.loads(final.output)
    assert data["years"]["2023"]["count"] == 12
    assert data["years"]["2024"] == {"count": None, "hidden": "fewer-than-k"}
    assert data["participation"]["total"]["count"] is None
    out = tmp_path / "final.docx"
    result = runner.invoke(args=["report", "final", "2023", "2024", "--lang", "es", "-o",
                                 str(out)])
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    paragraphs = [p.text for p in doc.paragraphs]
    assert "15" not in cells and not any(re.search(r"\b15\b", p) for p in paragraphs)
    assert ["2023", "12", "2024", "menos de 10"] == cells[cells.index("2023"):][:4]


def test_meeting_report_cli_and_pdf_refused_without_converter(app, session, six, tmp_path,
                                                              monkeypatch):
    out = tmp_path / "meeting.docx"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["report", "meeting", MEETING, "--lang", "ar", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    text = docx_text(out.read_bytes())
    assert SIX["ar"] in text and doc.core_properties.language == "ar-SA"
    assert doc.element.body.find(".//" + qn("w:bidi")) is not None
    result = runner.invoke(args=["report", "consultation", six.slug, "-o", str(out)])
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(reports, "pdf_converter", lambda: None)
    pdf = tmp_path / "report.pdf"
    result = runner.invoke(args=["report", "consultation", six.slug, "-o", str(pdf)])
    assert result.exit_code != 0 and "converter" in result.output and "PDF" in result.output
    assert not pdf.exists()


# ------------------------------------------------------------ the chair's page


def test_chair_downloads_each_report_in_a_chosen_language(app, client, session, six,
                                                          moderator):
    sign_in(client, moderator)
    page = client.get("/chair/reports").get_data(as_text=True)
    assert "Annual report to Council" in page
    token = csrf_token(page)
    year = six.opens_at_utc.year
    forms = [{"kind": "consultation", "consultation": six.id},
             {"kind": "final", "year": year - 1, "last_year": year}]
    for form in forms:
        r = client.post("/chair/reports", data={"csrf_token": token, "lang": "zh",
                                                "format": "docx", **form})
        assert r.status_code == 200, (form, r.status_code)
        assert "attachment" in r.headers["Content-Disposition"]
        doc = Document(io.BytesIO(r.data))
        assert doc.core_properties.language == "zh-CN"
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")
                             .order_by(AuditEvent.id)).all()
    assert [(e.actor_id, e.detail["report"], e.detail["lang"]) for e in events] == [
        (moderator.id, kind, "zh") for kind in ("consultation", "final")]
    r = client.post("/chair/reports", data={"csrf_token": token, "lang": "zh",
                                            "format": "exe", "kind": "annual", "year": year})
    assert r.status_code == 400



def test_a_report_becomes_a_pdf_through_libreoffice(app, session, six, tmp_path):
    """PDF where a converter is available: LibreOffice, which `make test` installs
    (.ci/test-setup.sh). The PDF carries the report's words and properties."""
    import shutil
    import subprocess

    assert reports.pdf_converter(), "LibreOffice (soffice) is missing: run make test-setup"
    pdf = tmp_path / "report.pdf"
    result = app.test_cli_runner().invoke(
        args=["report", "consultation", six.slug, "--lang", "fr", "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) is missing: run make test-setup"
    text = subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert SIX["fr"] in " ".join(text.split())
    info = subprocess.run([shutil.which("pdfinfo") or "pdfinfo", str(pdf)], check=True,
                          capture_output=True, text=True).stdout
    assert "CWG-COP" in info
