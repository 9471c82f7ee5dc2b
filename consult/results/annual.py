"""The annual activity report for Council: consultations held, meetings fed,
participation by band, language and region, under the same disclosure control
as every other output (docs/privacy.md#rule-5).

The year's counts are sums of each consultation's counts, and each
consultation's own summary, exports and public page are already out. So the
year is protected together with them: every consultation's table (all its
cells and lines, with what its summary shows and hides fixed) goes into one
table with the year's cells, and only the year's cells may be hidden. A
year's count can then never reveal, by subtraction, a count a consultation's
summary hid.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.export.cells import (
    _,
    band_name,
    count_text,
    fewer_than,
    hidden_footnote,
    hidden_to_protect,
    in_language,
    language_name,
    region_name,
    xml_safe,
)
from consult.privacy.disclosure import PROTECTING, Table, effective_k
from consult.summarize.service import protection

DIMENSIONS = ("band", "language", "region")


def build(session: Session, year: int, k: int) -> dict[str, Any]:
    start = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    held = list(session.scalars(select(Consultation).where(
        Consultation.opens_at >= start, Consultation.opens_at < end,
        Consultation.status != "draft").order_by(Consultation.opens_at)))
    table = Table(max([effective_k(k), *(effective_k(c.k_threshold) for c in held)]))
    year_members: dict[tuple[str, str], list[Any]] = defaultdict(list)
    per_consultation = []
    for c in held:
        p = protection(session, c)
        own = p.table

        def name(key: Any, slug: str = c.slug) -> Any:
            return ("c", slug, key)

        for key, value in own.values.items():
            table.add(name(key), value, published=key in own.published, k=own.k)
            # What this consultation's own outputs show and hide stays so.
            table.fix(name(key), key in own.published and p.shown.get(key) is not None)
        for members, total in own.lines:
            table.line([name(m) for m in members], name(total))
        per_consultation.append((c, name("total")))
        for dim in DIMENSIONS:
            for key in own.values:
                if isinstance(key, tuple) and len(key) == 2 and key[0] == dim:
                    year_members[(dim, key[1])].append(name(key))
    total = table.add("total", sum(table.values[key] for _c, key in per_consultation))
    table.line([key for _c, key in per_consultation], total)
    keys: dict[str, list[str]] = {dim: [] for dim in DIMENSIONS}
    for (dim, key), members in sorted(year_members.items()):
        cell = table.add((dim, key), sum(table.values[m] for m in members))
        table.line(members, cell)
        keys[dim].append(key)
    for dim in DIMENSIONS:
        table.line([(dim, key) for key in keys[dim]], total)
    shown = table.protect(grand_total="total")

    def cell(key: Any) -> dict[str, Any]:
        count = shown.get(key)
        return {"count": count, "hidden": None if count is not None else table.reason(key)}

    return {
        "year": year, "k": table.k,
        "consultations_held": len(held),
        "meetings_fed": sorted({c.text("meeting", c.languages[0]) for c in held} - {""}),
        "consultations": [{"slug": c.slug, "title": c.text("title", c.languages[0]),
                           "meeting": c.text("meeting", c.languages[0]),
                           "opens_on": c.opens_at_utc.date().isoformat(),
                           "closes_on": c.closes_at_utc.date().isoformat(),
                           "participants": cell(key)} for c, key in per_consultation],
        "participation": {"total": cell("total"), **{
            dim: {key: cell((dim, key)) for key in keys[dim]} for dim in DIMENSIONS}},
    }


def write(report: dict[str, Any], fmt: str, out: BinaryIO, lang: str = "en") -> None:
    if fmt == "json":
        out.write((json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    else:
        write_docx(report, out, lang)


def write_docx(report: dict[str, Any], out: BinaryIO, lang: str = "en") -> None:
    from docx import Document

    k = report["k"]

    def shown(value: dict[str, Any]) -> str:
        return count_text({"count": value["count"], "suppressed": value["count"] is None,
                           "hidden": value["hidden"]}, k)

    doc = Document()
    names = {"band": band_name, "language": language_name, "region": region_name}
    with in_language(lang):
        titles = {"band": _("By age band"), "language": _("By language"),
                  "region": _("By region")}
        heads = {"band": _("Age band"), "language": _("Language"), "region": _("Region")}
        doc.add_heading(xml_safe(_("CWG-COP youth consultations: activity report %(year)s",
                                   year=report["year"])), 0)
        doc.add_paragraph(xml_safe(_(
            "Consultations held: %(held)s. Meetings fed: %(meetings)s.",
            held=report["consultations_held"], meetings=len(report["meetings_fed"]))))
        doc.add_paragraph(xml_safe(_(
            "Only approved answers are counted. Any number below %(k)s is shown as "
            "\"%(fewer)s\"; numbers that would let a small number be worked out are shown as "
            "\"%(protect)s\".", k=k, fewer=fewer_than(k), protect=hidden_to_protect())))
        doc.add_heading(xml_safe(_("Consultations")), 1)
        table = doc.add_table(rows=1, cols=4)
        for cell, text in zip(table.rows[0].cells, (_("Consultation"), _("Meeting"),
                                                    _("Dates"), _("Participants")), strict=False):
            cell.text = xml_safe(text)
        for c in report["consultations"]:
            row = table.add_row().cells
            row[0].text, row[1].text = xml_safe(c["title"]), xml_safe(c["meeting"])
            row[2].text = xml_safe(f"{c['opens_on']} – {c['closes_on']}")
            row[3].text = xml_safe(shown(c["participants"]))
        doc.add_heading(xml_safe(_("Participation")), 1)
        doc.add_paragraph(xml_safe(_("Participants: %(count)s.",
                                     count=shown(report["participation"]["total"]))))
        for dim in DIMENSIONS:
            doc.add_heading(xml_safe(titles[dim]), 2)
            t = doc.add_table(rows=1, cols=2)
            t.rows[0].cells[0].text = xml_safe(heads[dim])
            t.rows[0].cells[1].text = xml_safe(_("Participants"))
            for key, value in report["participation"][dim].items():
                row = t.add_row().cells
                row[0].text, row[1].text = xml_safe(names[dim](key)), xml_safe(shown(value))
        if _protecting(report):
            doc.add_paragraph(xml_safe(hidden_footnote(k)))
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write(buffer.getvalue())


def _protecting(report: dict[str, Any]) -> bool:
    cells = [c["participants"] for c in report["consultations"]]
    cells.append(report["participation"]["total"])
    for dim in DIMENSIONS:
        cells.extend(report["participation"][dim].values())
    return any(c["hidden"] == PROTECTING for c in cells)
