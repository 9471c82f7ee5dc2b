"""The figures of the annual report to Council (and of the final report over
several years): consultations held, meetings fed, participation by band,
language, region and year, and each consultation's themes, under the same
disclosure control as every other output (docs/privacy.md#rule-5). The
report's files are written by consult.reports.

The year's counts are sums of each consultation's counts, and each
consultation's own summary, exports and public page are already out. So the
year is protected together with them: every consultation's table (all its
cells and lines, with what its summary shows and hides fixed) goes into one
table with the year's cells, and only the year's cells may be hidden. A
year's count can then never reveal, by subtraction, a count a consultation's
summary hid.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation, band_min_age
from consult.privacy.disclosure import Table, effective_k
from consult.summarize.service import protection
from consult.vocabulary import ITU_REGIONS

DIMENSIONS = ("band", "language", "region")


def build(session: Session, year: int, k: int, last_year: int | None = None) -> dict[str, Any]:
    """The activity of `year` (or of the years `year` to `last_year`, a final
    report): consultations opened in the period that are not drafts.

    A final report's years are also each year's annual report: every cell of a
    year (its total, bands, languages, regions) is shown or hidden exactly as
    that year's annual report shows or hides it, so that putting the reports
    side by side reveals nothing either hid."""
    last = max(year, last_year if last_year is not None else year)
    start = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(last + 1, 1, 1, tzinfo=UTC)
    held = list(session.scalars(select(Consultation).where(
        Consultation.opens_at >= start, Consultation.opens_at < end,
        Consultation.status != "draft").order_by(Consultation.opens_at, Consultation.id)))
    protections = {c.id: protection(session, c) for c in held}
    years = list(range(year, last + 1))
    fixed: dict[Any, bool] = {}
    if len(years) > 1:
        for y in years:
            of_year = [c for c in held if c.opens_at_utc.year == y]
            table, shown, keys, _members = _assemble(of_year, protections, k, [y], {})
            for key in ["total", *[(dim, key) for dim in DIMENSIONS for key in keys[dim]]]:
                fixed[("y", y, key)] = shown.get(key) is not None
    table, shown, keys, per_consultation = _assemble(held, protections, k, years, fixed)

    def cell(key: Any) -> dict[str, Any]:
        count = shown.get(key)
        return {"count": count, "hidden": None if count is not None else table.reason(key)}

    return {
        "year": year, "k": table.k,
        **({"last_year": last, "years": {y: cell(("y", y, "total")) for y in years}}
           if len(years) > 1 else {}),
        "consultations_held": len(held),
        "meetings_fed": sorted({c.text("meeting", c.languages[0]) for c in held} - {""}),
        "consultations": [{"slug": c.slug, "title": c.text("title", c.languages[0]),
                           "meeting": c.text("meeting", c.languages[0]),
                           "opens_on": c.opens_at_utc.date().isoformat(),
                           "closes_on": c.closes_at_utc.date().isoformat(),
                           "participants": cell(key),
                           "themes": _themes(c, protections[c.id])}
                          for c, key in per_consultation],
        "participation": {"total": cell("total"), **{
            dim: {key: cell((dim, key)) for key in keys[dim]} for dim in DIMENSIONS}},
    }


def _assemble(held: list[Consultation], protections: dict[int, Any], k: int, years: list[int],
              fixed: dict[Any, bool]) -> tuple[Table, dict[Any, int | None],
                                               dict[str, list[str]], list[tuple[Any, Any]]]:
    table = Table(max([effective_k(k), *(effective_k(c.k_threshold) for c in held)]))
    members: dict[tuple[int, Any], list[Any]] = defaultdict(list)
    per_consultation = []
    for c in held:
        p = protections[c.id]
        own = p.table

        def name(key: Any, slug: str = c.slug) -> Any:
            return ("c", slug, key)

        for key, value in own.values.items():
            table.add(name(key), value, published=key in own.published, k=own.k)
            # What this consultation's own outputs show and hide stays so.
            table.fix(name(key), key in own.published and p.shown.get(key) is not None)
        for line, total in own.lines:
            table.line([name(m) for m in line], name(total))
        per_consultation.append((c, name("total")))
        y = c.opens_at_utc.year
        members[(y, "total")].append(name("total"))
        for key in own.values:
            if isinstance(key, tuple) and len(key) == 2 and key[0] in DIMENSIONS:
                members[(y, key)].append(name(key))
    total = table.add("total", sum(table.values[key] for _c, key in per_consultation))
    table.line([key for _c, key in per_consultation], total)
    keys: dict[str, list[str]] = {dim: [] for dim in DIMENSIONS}
    for dim, key in sorted({key for _y, key in members if key != "total"}, key=_order):
        keys[dim].append(key)
    for cell_key in ["total", *[(dim, key) for dim in DIMENSIONS for key in keys[dim]]]:
        parts = []
        for y in years:
            if len(years) == 1:
                parts.extend(members[(y, cell_key)])
                continue
            # The year's own cell, as that year's annual report shows it.
            mine = table.add(("y", y, cell_key),
                             sum(table.values[m] for m in members[(y, cell_key)]))
            table.line(members[(y, cell_key)], mine)
            if mine in fixed:
                table.fix(mine, fixed[mine])
            parts.append(mine)
        if cell_key != "total":
            table.add(cell_key, sum(table.values[m] for m in parts))
        table.line(parts, cell_key)
    for dim in DIMENSIONS:
        table.line([(dim, key) for key in keys[dim]], total)
    return table, table.protect(grand_total="total"), keys, per_consultation


def _order(item: tuple[str, str]) -> tuple[int, int, str]:
    """Bands youngest first, regions in the ITU's order ("not given" last), languages by code."""
    dim, key = item
    if dim == "band":
        return (0, band_min_age(key), key)
    regions = list(ITU_REGIONS)
    return (DIMENSIONS.index(dim), regions.index(key) if key in regions else len(regions), key)


def _themes(c: Consultation, p: Any) -> list[dict[str, Any]]:
    """The consultation's themes with the counts its own summary shows (no new figure)."""
    first = c.languages[0]
    return [{"key": t.key, "label": {lang: t.label(lang, first) for lang in c.languages},
             "count": p.shown.get(("theme", t.key)),
             "hidden": None if p.shown.get(("theme", t.key)) is not None
             else p.reason(("theme", t.key))} for t in p.themes]
