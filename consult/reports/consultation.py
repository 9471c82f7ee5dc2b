"""The consultation report: a working-group document about one consultation.

Summary of participation (by age band, language and region), each question
with the wording each age band saw, its counts, chart and table, the themes
with their counts and the quotes young people agreed to share, "what we did
with your views" (the chairs' feedback), method and safeguards (moderation,
disclosure control, safeguarding, purge), and an annex with every question in
full.

Every number comes from the consultation's protected summary
(docs/privacy.md#rule-5); quotes are the approved, redacted, consented ones,
attributed at most by the band and region the summary allows
(docs/privacy.md#rule-4). Numbers and dates follow the report's language.
The summary is built with SQL aggregates over streamed rows: a consultation
of a million submissions fits in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.consultations.models import TEXT_KINDS, Consultation, Question, as_utc, pick
from consult.export.cells import (
    _,
    any_protecting,
    band_name,
    emoji_name,
    fewer_than,
    hidden_footnote,
    hidden_to_protect,
    in_lang,
    in_language,
    language_name,
    option_label,
    prompt_text,
    region_name,
)
from consult.export.charts import question_chart
from consult.reports import words
from consult.reports.document import ReportDocument
from consult.results.models import Feedback, Publication
from consult.summarize.service import build


def write(session: Session, consultation: Consultation, out: BinaryIO, lang: str,
          progress: Callable[[int, int], None] | None = None,
          now: datetime | None = None) -> None:
    """The consultation report as DOCX, in `lang`."""
    summary = build(session, consultation)
    doc = ReportDocument(lang)
    steps = len(summary["questions"]) + 2
    with in_language(lang):
        report = ConsultationSection(doc, session, consultation, summary, lang)
        report.title_page()
        report.participation()
        if progress:
            progress(1, steps)
        for number, question in enumerate(summary["questions"], 1):
            report.question(number, question)
            if progress:
                progress(1 + number, steps)
        report.themes()
        report.quotes()
        report.feedback()
        report.method()
        report.annex()
        title = report.text(summary["consultation"]["title"])
    doc.save(out, title, now or datetime.now().astimezone())
    if progress:
        progress(steps, steps)


class ConsultationSection:
    """The parts of one consultation's report; a meeting report writes them one
    level down (`level` is the level of the report's top headings)."""

    def __init__(self, doc: ReportDocument, session: Session, consultation: Consultation,
                 summary: dict[str, Any], lang: str, level: int = 1) -> None:
        self.doc, self.session, self.consultation = doc, session, consultation
        self.summary, self.lang, self.level = summary, lang, level
        self.info = summary["consultation"]
        self.first = self.info["languages"][0]
        self.k = int(self.info["k"])
        self.bands = words.by_age(self.info["bands"])

    # -- words

    def text(self, texts: dict[str, str]) -> str:
        return in_lang(texts, self.lang, self.first)

    def count(self, cell: dict[str, Any]) -> str:
        return words.count(cell, self.k, self.lang)

    def number(self, value: Any) -> str:
        return words.number(value, self.lang)

    def heading(self, text: str, depth: int = 0) -> None:
        self.doc.heading(text, self.level + depth)

    def counts(self, title: str, cells: list[dict[str, Any]], name: Callable[[str], str],
               key: str = "key") -> None:
        self.doc.table([title, _("Count"), _("Percent")],
                       [[name(c[key]), self.count(c), words.percent(c, self.lang)]
                        for c in cells])

    def footnote(self, node: Any) -> None:
        if any_protecting(node):
            self.doc.para(hidden_footnote(self.k), style="Caption")

    # -- sections

    def title_page(self) -> None:
        self.doc.para(self.text(self.info["title"]), style="Title")
        meeting = self.text(self.info["meeting"])
        if meeting:
            self.doc.para(meeting, style="Subtitle")
        self.period()
        self.doc.page_break()

    def period(self) -> None:
        self.doc.para(_("Consultation open from %(opens)s to %(closes)s.",
                        opens=words.day(self.info["opens_on"], self.lang),
                        closes=words.day(self.info["closes_on"], self.lang)))
        self.doc.para(_("Participants: %(count)s.",
                        count=self.count(self.summary["participation"]["total"])))

    def participation(self) -> None:
        part = self.summary["participation"]
        self.heading(_("Summary of participation"))
        self.doc.para(_("Participants: %(count)s.", count=self.count(part["total"])))
        order = {band: n for n, band in enumerate(self.bands)}
        self.heading(_("By age band"), 1)
        self.counts(_("Age band"), sorted(part["band"], key=lambda c: order.get(c["key"], 0)),
                    band_name)
        self.heading(_("By language"), 1)
        self.counts(_("Language"), part["language"], language_name)
        self.heading(_("By region"), 1)
        self.counts(_("Region"), part["region"], region_name)
        self.footnote(part)

    def question(self, number: int, q: dict[str, Any]) -> None:
        prompt = prompt_text(self.consultation, q, self.lang)
        self.heading(_("Question %(number)s", number=self.number(number)))
        self.doc.para(prompt, style="Intense Quote")
        if q.get("live"):
            self.doc.para(_("Asked live in the room during the meeting."))
        self.wordings(self._question(q["key"]))
        self.doc.para(_("Answered: %(answered)s. Skipped: %(skipped)s.",
                        answered=self.count(q["answered"]), skipped=self.count(q["skipped"])))
        chart = question_chart(q, lang=self.lang, fallback=self.first, k=self.k, title=prompt,
                               number=self.number,
                               percent=lambda value: words.share(value, self.lang))
        if chart is None:
            return
        self.doc.chart(chart)
        labels = [option_label(q, o, self.lang, self.first) for o in q["options"]]
        self.doc.table([_("Answer"), _("Count"), _("Percent of those who answered")],
                       [[label, self.count(o), words.percent(o, self.lang)]
                        for label, o in zip(labels, q["options"], strict=False)])
        self.doc.para(_("By age band"), style="Caption")
        by_band = {b["band"]: b for b in q["by_band"]}
        bands = [by_band[b] for b in self.bands if b in by_band]
        rows = [[label, *[self.count(b["options"][i]) for b in bands]]
                for i, label in enumerate(labels)]
        rows.append([_("Answered"), *[self.count(b["answered"]) for b in bands]])
        rows.append([_("Skipped"), *[self.count(b["skipped"]) for b in bands]])
        self.doc.table([_("Answer"), *[band_name(b["band"]) for b in bands]], rows)
        self.footnote(q)

    def _question(self, key: str) -> Question | None:
        return next((q for q in self.consultation.questions if q.key == key), None)

    def wordings(self, question: Question | None) -> None:
        """The wording each age band saw, once where they all saw the same."""
        if question is None:
            return
        seen = {band: question.wording("prompt", band, self.lang, self.first)
                for band in self.bands}
        if len(set(seen.values())) <= 1:
            self.doc.para(_("Every age band saw this wording."), style="Caption")
            return
        self.doc.para(_("The wording each age band saw:"), style="Caption")
        self.doc.table([_("Age band"), _("Wording")],
                       [[band_name(band), text] for band, text in seen.items()])

    def themes(self) -> None:
        self.heading(_("What young people said: themes"))
        themes = self.summary["themes"]
        if not themes:
            self.doc.para(_("No themes were coded for this consultation."))
            return
        self.doc.para(_("How many written answers a moderator tagged with each theme."))
        self.doc.table([_("Theme"), _("Answers")],
                       [[self.text(t["label"]) or t["key"], self.count(t)] for t in themes])
        self.footnote(themes)

    def quotes(self) -> None:
        self.heading(_("In their own words"))
        quotes = self.summary["quotes"]
        if not quotes:
            self.doc.para(_("No quotes were selected."))
            return
        self.doc.para(_("Quotes chosen by moderators from approved answers whose writers "
                        "agreed to be quoted. Personal data is masked; a quote names an age "
                        "band or a region only where enough people share it."))
        for q in self.summary["questions"]:
            chosen = [quote for quote in quotes if quote["question"] == q["key"]]
            if not chosen:
                continue
            self.heading(prompt_text(self.consultation, q, self.lang), 1)
            for quote in chosen:
                self.doc.para(quote["text"], style="Quote")
                who = [band_name(quote["band"])] if quote.get("band") else []
                if quote.get("region"):
                    who.append(region_name(quote["region"]))
                if who:
                    self.doc.para("— " + ", ".join(who))

    def feedback(self) -> None:
        self.heading(_("What we did with your views"))
        rows = {(f.band, f.language): f.body for f in self.session.scalars(
            select(Feedback).where(Feedback.consultation_id == self.consultation.id))}
        written = False
        for band in self.bands:
            body = rows.get((band, self.lang)) or rows.get((band, self.first))
            if not body:
                continue
            written = True
            self.heading(band_name(band), 1)
            markdown_paragraphs(self.doc, body)
        if not written:
            self.doc.para(_("No feedback has been written for this consultation yet."))

    def method(self) -> None:
        c = self.consultation
        self.heading(_("Method and safeguards"))
        self.doc.para(_(
            "Who could take part: children and young people aged %(bands)s, in %(languages)s. "
            "They said their age band and, if they wished, their region; they were never "
            "asked for their name, contact details, school or exact age.",
            bands=", ".join(band_name(b) for b in self.bands),
            languages=", ".join(language_name(code) for code in self.info["languages"])))
        self.doc.para(_(
            "Moderation: moderators reviewed every submission before it was used. Only "
            "approved submissions are counted here; rejected, withdrawn and escalated "
            "submissions are not. Personal data in written answers (names, contact details, "
            "places) was masked before anything left moderation."))
        self.doc.para(_(
            "Safeguarding: an answer that suggested a young person might be at risk went to "
            "the safeguarding team, not into this report."))
        self.doc.para(_(
            "Disclosure control: no count below %(k)s is shown anywhere in this report. Such "
            "a count reads \"%(fewer)s\": at most %(below)s people gave that answer, "
            "so few that they might be recognised. Some larger counts are hidden too, where "
            "they would let a reader work out a hidden count from a total: they read "
            "\"%(protect)s\". Percentages are of those who answered the question (or, for "
            "participation, of all participants) and are left out where the count is hidden.",
            k=self.number(self.k), fewer=fewer_than(self.number(self.k)),  # type: ignore[arg-type]
            below=self.number(self.k - 1), protect=hidden_to_protect()))
        pub = self.session.scalar(select(Publication).where(
            Publication.consultation_id == c.id))
        days = self.number(c.retention_days)
        if pub is not None and pub.purged_at is not None:
            self.doc.para(_("Purge: the written answers were deleted on %(day)s, %(days)s days "
                            "after publication; the published results stay.",
                            day=words.day(as_utc(pub.purged_at).date(), self.lang), days=days))
        elif pub is not None:
            due = as_utc(pub.published_at) + timedelta(days=c.retention_days)
            self.doc.para(_("Purge: the written answers will be deleted on %(day)s, %(days)s "
                            "days after publication; the published results stay.",
                            day=words.day(due.date(), self.lang), days=days))
        else:
            self.doc.para(_("Purge: the written answers are deleted %(days)s days after the "
                            "results are published; the published results stay.", days=days))

    def annex(self) -> None:
        self.heading(_("Annex: the questions in full"))
        for number, q in enumerate(self.consultation.questions, 1):
            self.heading(_("Question %(number)s", number=self.number(number)), 1)
            self.doc.para(question_kind(q.kind), style="Caption")
            self.wordings_full(q)
            if q.kind == "emoji_scale":
                for point in ("1", "2", "3", "4", "5"):
                    self.doc.bullet(emoji_name(point))
            elif q.kind not in TEXT_KINDS:
                for option in q.options:
                    self.doc.bullet(pick(option["label"], self.bands[-1], self.lang,
                                         self.first) or option["key"])

    def wordings_full(self, q: Question) -> None:
        prompts = {band: q.wording("prompt", band, self.lang, self.first) for band in self.bands}
        helps = {band: q.wording("help", band, self.lang, self.first) for band in self.bands}
        if len(set(prompts.values())) <= 1 and len(set(helps.values())) <= 1:
            self.doc.para(next(iter(prompts.values()), ""))
            if next(iter(helps.values()), ""):
                self.doc.para(next(iter(helps.values())), style="Caption")
            return
        for band in self.bands:
            self.doc.para(f"{band_name(band)}: {prompts[band]}")
            if helps[band]:
                self.doc.para(helps[band], style="Caption")


def question_kind(kind: str) -> str:
    return {"single_choice": _("One answer from a list"),
            "multiple_choice": _("Several answers from a list"),
            "emoji_scale": _("A scale of five faces"),
            "short_text": _("A few words, written"),
            "long_text": _("A written answer")}.get(kind, kind)


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def markdown_paragraphs(doc: ReportDocument, body: str) -> None:
    """A chair's Markdown as plain paragraphs and bullets: links keep their
    address in brackets, emphasis marks go."""
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(re.match(r"^([-*+]|\d+[.)])\s", line) for line in lines):
            for line in lines:
                doc.bullet(_plain(re.sub(r"^([-*+]|\d+[.)])\s+", "", line)))
        elif lines:
            doc.para(_plain(" ".join(lines)))


def _plain(text: str) -> str:
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    text = _EMPHASIS.sub(lambda m: m.group(2), text)
    return re.sub(r"^#+\s*", "", text)
