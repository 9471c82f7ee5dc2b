"""The annual activity report for Council: consultations held, meetings fed,
participation by band, language and region, under the same disclosure control."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.participate.models import Submission
from consult.privacy.disclosure import Table

DIMENSIONS = ("band", "language", "region")


def build(session: Session, year: int, k: int) -> dict[str, Any]:
    start = datetime(year, 1, 1, tzinfo=timezone.utc)
    end = datetime(year + 1, 1, 1, tzinfo=timezone.utc)
    held = list(session.scalars(select(Consultation).where(
        Consultation.opens_at >= start, Consultation.opens_at < end,
        Consultation.status != "draft").order_by(Consultation.opens_at)))
    table = Table(max(k, *(c.k_threshold for c in held)) if held else k)
    counts: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
    per_consultation = []
    for c in held:
        rows = session.execute(
            select(Submission.band, Submission.language, Submission.region, func.count())
            .where(Submission.consultation_id == c.id, Submission.status == "approved")
            .group_by(Submission.band, Submission.language, Submission.region)).all()
        n = sum(r[3] for r in rows)
        per_consultation.append((c, table.add(("c", c.slug), n)))
        for band, language, region, count in rows:
            counts["band"][band] += count
            counts["language"][language] += count
            counts["region"][region or "not-given"] += count
    total = table.add("total", sum(counts["band"].values()))
    table.line([key for _c, key in per_consultation], total)
    for dim in DIMENSIONS:
        keys = [table.add((dim, key), value) for key, value in sorted(counts[dim].items())]
        table.line(keys, total)
    p = table.protect(grand_total="total")
    return {
        "year": year, "k": table.k,
        "consultations_held": len(held),
        "meetings_fed": sorted({c.text("meeting", c.languages[0]) for c in held} - {""}),
        "consultations": [{"slug": c.slug, "title": c.text("title", c.languages[0]),
                           "meeting": c.text("meeting", c.languages[0]),
                           "opens_on": c.opens_at_utc.date().isoformat(),
                           "closes_on": c.closes_at_utc.date().isoformat(),
                           "participants": p[key]} for c, key in per_consultation],
        "participation": {"total": p["total"], **{
            dim: {key: p[(dim, key)] for key in sorted(counts[dim])} for dim in DIMENSIONS}},
    }


def write_docx(report: dict[str, Any], out: BinaryIO) -> None:
    from docx import Document

    k = report["k"]

    def shown(value: int | None) -> str:
        return f"fewer than {k}" if value is None else str(value)

    doc = Document()
    doc.add_heading(f"CWG-COP youth consultations: activity report {report['year']}", 0)
    doc.add_paragraph(f"Consultations held: {report['consultations_held']}. "
                      f"Meetings fed: {len(report['meetings_fed'])}.")
    doc.add_paragraph(f"Only approved answers are counted. Any number below {k} is shown as "
                      f"'fewer than {k}', and other numbers are hidden where they would let "
                      "a small number be worked out.")
    doc.add_heading("Consultations", 1)
    table = doc.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Consultation", "Meeting", "Dates", "Participants")):
        cell.text = text
    for c in report["consultations"]:
        row = table.add_row().cells
        row[0].text, row[1].text = c["title"], c["meeting"]
        row[2].text, row[3].text = f"{c['opens_on']} – {c['closes_on']}", shown(c["participants"])
    doc.add_heading("Participation", 1)
    doc.add_paragraph(f"Total: {shown(report['participation']['total'])}")
    for dim in DIMENSIONS:
        doc.add_heading(f"By {dim}", 2)
        t = doc.add_table(rows=1, cols=2)
        t.rows[0].cells[0].text, t.rows[0].cells[1].text = dim.capitalize(), "Participants"
        for key, value in report["participation"][dim].items():
            row = t.add_row().cells
            row[0].text, row[1].text = key, shown(value)
    doc.save(out)
