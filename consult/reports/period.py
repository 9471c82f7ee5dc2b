"""The annual report to Council (one year, Resolution 1306 resolves 1.3) and the
final report (a range of years, for Council 2026 and the Plenipotentiary
Conference, resolves 6): consultations held, participation over time (a
chart), the main themes across consultations, the feedback given, safeguarding
activity in aggregate, and the public outputs with their addresses.

Figures (docs/privacy.md#rule-5): participation comes from
consult.results.annual, protected together with every consultation's own
summary and, in a final report, with each year's annual report. Themes are
listed with the counts each consultation's own summary shows: no new figure.
Safeguarding cases are counted, never described; a year's counts are shown as
that year's annual report shows them, and a total hidden where the hidden
years would add up to a small number.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation, as_utc
from consult.export.cells import (
    _,
    band_name,
    fewer_than,
    hidden_footnote,
    hidden_to_protect,
    in_lang,
    in_language,
    language_name,
    region_name,
    withheld_footnote,
)
from consult.export.charts import counts_chart
from consult.privacy.disclosure import PROTECTING, WITHHELD, Table
from consult.reports import words
from consult.reports.consultation import markdown_paragraphs
from consult.reports.document import ReportDocument
from consult.results import annual
from consult.results.models import Feedback, Publication
from consult.safeguarding.models import Case

MAIN_THEMES = 20


def safeguarding_counts(session: Session, years: list[int], k: int) -> dict[str, Any]:
    """Cases opened and closed per year, protected. One SQL aggregate per kind."""
    first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
    year_of = func.extract("year", Case.opened_on)
    opened = {int(y): int(n) for y, n in session.execute(
        select(year_of, func.count()).where(Case.opened_on.between(first, last))
        .group_by(year_of))}
    closed_year = func.extract("year", Case.updated_on)
    closed = {int(y): int(n) for y, n in session.execute(
        select(closed_year, func.count()).where(Case.status == "closed",
                                                Case.updated_on.between(first, last))
        .group_by(closed_year))}
    table = Table(k)
    out: dict[str, Any] = {}
    for kind, counts in (("opened", opened), ("closed", closed)):
        cells = [table.add((kind, y), counts.get(y, 0)) for y in years]
        if len(years) > 1:
            for cell in cells:
                # As the year's annual report (a table of this cell alone) shows it.
                value = table.values[cell]
                table.fix(cell, value == 0 or value >= table.k)
        table.line(cells, table.add((kind, "total"), sum(counts.get(y, 0) for y in years)))
    shown = table.protect()
    for kind in ("opened", "closed"):
        out[kind] = {key: {"count": shown.get((kind, key)),
                           "hidden": None if shown.get((kind, key)) is not None
                           else table.reason((kind, key))}
                     for key in [*(years if len(years) > 1 else []), "total"]}
    return out


def write(session: Session, first_year: int, last_year: int | None, k: int, out: BinaryIO,
          lang: str, base_url: str = "", now: datetime | None = None) -> None:
    data = annual.build(session, first_year, k, last_year)
    years = list(range(first_year, (last_year or first_year) + 1))
    cases = safeguarding_counts(session, years, data["k"])
    doc = ReportDocument(lang)
    with in_language(lang):
        report = _Period(doc, session, data, cases, years, lang, base_url)
        title = report.write()
    doc.save(out, title, now or datetime.now().astimezone())


class _Period:
    def __init__(self, doc: ReportDocument, session: Session, data: dict[str, Any],
                 cases: dict[str, Any], years: list[int], lang: str, base_url: str) -> None:
        self.doc, self.session, self.data, self.cases = doc, session, data, cases
        self.years, self.lang, self.base_url = years, lang, base_url.rstrip("/")
        self.k = int(data["k"])
        slugs = [c["slug"] for c in data["consultations"]]
        found = {c.slug: c for c in session.scalars(
            select(Consultation).where(Consultation.slug.in_(slugs)))} if slugs else {}
        self.consultations = [found[s] for s in slugs if s in found]
        self.protecting = self.withheld = False

    def count(self, cell: dict[str, Any]) -> str:
        self.protecting |= cell.get("hidden") == PROTECTING
        self.withheld |= cell.get("hidden") == WITHHELD
        return words.count(cell, self.k, self.lang)

    def number(self, value: Any) -> str:
        return words.number(value, self.lang)

    def title(self, c: Consultation) -> str:
        return c.text("title", self.lang) or c.text("title", c.languages[0])

    def write(self) -> str:
        final = len(self.years) > 1
        if final:
            title = _("Final report %(first)s–%(last)s: what young people told CWG-COP",
                      first=self.years[0], last=self.years[-1])
        else:
            title = _("Report to Council %(year)s: what young people told CWG-COP",
                      year=self.years[0])
        self.doc.para(title, style="Title")
        self.doc.para(_("Council Working Group on Child Online Protection (CWG-COP)"),
                      style="Subtitle")
        self.summary()
        self.held()
        self.over_time()
        self.participation()
        self.themes()
        self.feedback()
        self.safeguarding()
        self.outputs()
        self.numbers()
        return title

    def summary(self) -> None:
        self.doc.heading(_("Summary"), 1)
        part = self.data["participation"]
        self.doc.para(_("Consultations held: %(held)s. Meetings fed: %(meetings)s.",
                        held=self.number(self.data["consultations_held"]),
                        meetings=self.number(len(self.data["meetings_fed"]))))
        self.doc.para(_("Participants: %(count)s.", count=self.count(part["total"])))

    def held(self) -> None:
        self.doc.heading(_("Consultations held"), 1)
        if not self.data["consultations"]:
            self.doc.para(_("No consultation was held in this period."))
            return
        by_slug = {c.slug: c for c in self.consultations}
        rows = []
        for row in self.data["consultations"]:
            c = by_slug.get(row["slug"])
            rows.append([self.title(c) if c else row["title"],
                         (c.text("meeting", self.lang) if c else "") or row["meeting"],
                         f"{words.day(row['opens_on'], self.lang)} – "
                         f"{words.day(row['closes_on'], self.lang)}",
                         self.count(row["participants"])])
        self.doc.table([_("Consultation"), _("Meeting"), _("Dates"), _("Participants")], rows)

    def over_time(self) -> None:
        self.doc.heading(_("Participation over time"), 1)
        if len(self.years) > 1:
            labels = [str(y) for y in self.years]
            cells = [self.data["years"][y] for y in self.years]
        else:
            by_slug = {c.slug: c for c in self.consultations}
            labels = [self.title(by_slug[r["slug"]]) if r["slug"] in by_slug else r["title"]
                      for r in self.data["consultations"]]
            cells = [r["participants"] for r in self.data["consultations"]]
        if not cells:
            return
        chart = counts_chart(_("Participants"), labels,
                             [{**c, "suppressed": c["count"] is None} for c in cells],
                             lang=self.lang, k=self.k, axis_label=_("Number of participants"),
                             number=self.number)
        self.doc.chart(chart)
        self.doc.table([_("Year") if len(self.years) > 1 else _("Consultation"),
                        _("Participants")],
                       [[label, self.count(c)] for label, c in zip(labels, cells, strict=False)])

    def participation(self) -> None:
        part = self.data["participation"]
        names = {"band": band_name, "language": language_name, "region": region_name}
        titles = {"band": (_("By age band"), _("Age band")),
                  "language": (_("By language"), _("Language")),
                  "region": (_("By region"), _("Region"))}
        self.doc.heading(_("Participation"), 1)
        for dim in annual.DIMENSIONS:
            self.doc.heading(titles[dim][0], 2)
            self.doc.table([titles[dim][1], _("Participants")],
                           [[names[dim](key), self.count(cell)]
                            for key, cell in part[dim].items()])

    def themes(self) -> None:
        self.doc.heading(_("Main themes across consultations"), 1)
        by_slug = {c.slug: c for c in self.consultations}
        found = []
        for row in self.data["consultations"]:
            c = by_slug.get(row["slug"])
            first = c.languages[0] if c else "en"
            for theme in row.get("themes", []):
                found.append((theme, in_lang(theme["label"], self.lang, first) or theme["key"],
                              self.title(c) if c else row["title"]))
        if not found:
            self.doc.para(_("No themes were coded in this period."))
            return
        self.doc.para(_("The themes moderators tagged most often in written answers, with "
                        "the counts each consultation's own report shows."))
        found.sort(key=lambda t: (t[0]["count"] is None, -(t[0]["count"] or 0), t[2], t[1]))
        self.doc.table([_("Theme"), _("Consultation"), _("Answers")],
                       [[label, title, self.count(theme)]
                        for theme, label, title in found[:MAIN_THEMES]])

    def feedback(self) -> None:
        self.doc.heading(_("Feedback given: what we did with young people's views"), 1)
        ids = [c.id for c in self.consultations]
        rows: dict[int, dict[tuple[str, str], str]] = {}
        if ids:
            for f in self.session.scalars(select(Feedback).where(
                    Feedback.consultation_id.in_(ids))):
                rows.setdefault(f.consultation_id, {})[(f.band, f.language)] = f.body
        written = False
        for c in self.consultations:
            texts = rows.get(c.id)
            if not texts:
                continue
            written = True
            self.doc.heading(self.title(c), 2)
            for band in words.by_age(c.bands):
                body = texts.get((band, self.lang)) or texts.get((band, c.languages[0]))
                if body:
                    self.doc.heading(band_name(band), 3)
                    markdown_paragraphs(self.doc, body)
        if not written:
            self.doc.para(_("No feedback was written in this period."))

    def safeguarding(self) -> None:
        self.doc.heading(_("Safeguarding"), 1)
        self.doc.para(_("Answers suggesting that a young person might be at risk open a case "
                        "for the safeguarding team. Only the number of cases is reported, "
                        "never their content."))
        keys = [*(self.years if len(self.years) > 1 else []), "total"]
        self.doc.table([_("Period"), _("Cases opened"), _("Cases closed")],
                       [[str(key) if key != "total" else _("Total"),
                         self.count(self.cases["opened"][key]),
                         self.count(self.cases["closed"][key])] for key in keys])

    def outputs(self) -> None:
        self.doc.heading(_("Public outputs"), 1)
        ids = [c.id for c in self.consultations]
        pubs = list(self.session.scalars(select(Publication).where(
            Publication.consultation_id.in_(ids)).order_by(Publication.published_at,
                                                           Publication.id))) if ids else []
        if not pubs:
            self.doc.para(_("Nothing was published in this period."))
            return
        self.doc.para(_("Results are public, without a password, at these addresses."))
        titles = {c.id: self.title(c) for c in self.consultations}
        for pub in pubs:
            self.doc.bullet(_("%(title)s, published on %(day)s: %(page)s (data: %(json)s)",
                              title=titles.get(pub.consultation_id, pub.slug),
                              day=words.day(as_utc(pub.published_at).date(), self.lang),
                              page=f"{self.base_url}/results/{pub.slug}",
                              json=f"{self.base_url}/results/{pub.slug}.json"))

    def numbers(self) -> None:
        self.doc.heading(_("About the numbers"), 1)
        k = self.number(self.k)
        self.doc.para(_(
            "Only approved answers are counted. Any number below %(k)s is shown as "
            "\"%(fewer)s\"; numbers that would let a small number be worked out are shown as "
            "\"%(protect)s\".", k=k, fewer=fewer_than(k),  # type: ignore[arg-type]
            protect=hidden_to_protect()))
        if self.protecting:
            self.doc.para(hidden_footnote(k), style="Caption")  # type: ignore[arg-type]
        if self.withheld:
            self.doc.para(withheld_footnote(k), style="Caption")  # type: ignore[arg-type]
