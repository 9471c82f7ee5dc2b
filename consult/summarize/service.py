"""The summary of a consultation: every number an export or the public page
shows, built once and passed through disclosure control (docs/privacy.md#rule-5).

Only approved submissions count: pending, rejected, escalated and withdrawn
ones never do. The result is plain JSON-ready data (schema: docs/summary.schema.json).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.consultations.models import CHOICE_KINDS, TEXT_KINDS, Consultation, Question, pick
from consult.i18n import NATIVE_NAMES
from consult.moderate.service import quote_ready
from consult.participate.counts import counted, group_counts, text_shown
from consult.participate.models import Answer, Submission
from consult.privacy.disclosure import Table, effective_k
from consult.summarize.words import band_name, emoji_face, emoji_label, region_name
from consult.themes.models import Theme, answer_themes
from consult.vocabulary import ITU_REGIONS

SCHEMA = "https://consult.itu.int/schema/summary/2"
SCHEMA_VERSION = 2
NOT_GIVEN = "not-given"
SKIPPED = "skipped"
ANSWERED = "answered"


@dataclass
class Protection:
    """The protected cells of one consultation: what every output of it may
    show. Row-level files show only what this shows (consult.export.rows)."""

    table: Table
    shown: dict[Any, int | None]
    participation: dict[str, Counter[str]]
    themes: list[Theme] = field(default_factory=list)

    @property
    def k(self) -> int:
        return self.table.k

    def visible(self, key: Any) -> bool:
        return self.shown.get(key) is not None

    def reason(self, key: Any) -> str | None:
        return self.table.reason(key)


def _participation(session: Session, consultation: Consultation) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {"band": Counter(), "language": Counter(), "region": Counter()}
    for (band, language, region), n in group_counts(session, consultation.id).items():
        out["band"][band] += n
        out["language"][language] += n
        out["region"][region or NOT_GIVEN] += n
    return out


def _answers(session: Session, consultation: Consultation) -> dict[int, Counter[tuple[str, str]]]:
    """Per question: Counter of (band, option) for choices, (band, ANSWERED) for
    every answered question; streamed, so a large consultation fits in memory."""
    out: dict[int, Counter[tuple[str, str]]] = {q.id: Counter() for q in consultation.questions}
    stmt = (select(Answer.question_id, Submission.band, Answer.choices, text_shown())
            .join(Submission, Submission.id == Answer.submission_id)
            .where(counted(consultation.id)))
    options = {q.id: set(q.option_keys()) for q in consultation.questions
               if q.kind not in TEXT_KINDS}
    for question_id, band, choices, has_text in session.execute(
            stmt.execution_options(yield_per=5000)):
        counts = out[question_id]
        if question_id in options:
            # Only known options count, exactly as the row-level files show them.
            chosen = set(choices or []) & options[question_id]
            if chosen:
                counts[(band, ANSWERED)] += 1
                for option in chosen:
                    counts[(band, option)] += 1
        elif has_text:
            counts[(band, ANSWERED)] += 1
    return out


def protection(session: Session, consultation: Consultation) -> Protection:
    """Every count of the consultation, through disclosure control."""
    table = Table(effective_k(consultation.k_threshold))
    part = _participation(session, consultation)
    bands = list(consultation.bands)
    n = table.add("total", sum(part["band"].values()))
    for dim in ("band", "language", "region"):
        keys = _dimension_keys(consultation, dim, part[dim])
        for key in keys:
            table.add((dim, key), part[dim][key])
        table.line([(dim, key) for key in keys], n)
    per_question = _answers(session, consultation)
    for q in consultation.questions:
        _question_cells(table, q, per_question[q.id], bands, part["band"])
    themes = _theme_cells(session, table, consultation)
    return Protection(table, table.protect(grand_total="total"), part, themes)


def build(session: Session, consultation: Consultation, *, quotes: bool = True,
          today: date | None = None, p: Protection | None = None,
          quote_sources: list[int] | None = None) -> dict[str, Any]:
    """The protected summary, with labels in every language of the consultation.
    `p`: the consultation's protection, where the caller already has it.
    `quote_sources`, if given, receives the submission id of each quote in
    order: a publication keeps them so a withdrawal can take its quotes down."""
    p = p or protection(session, consultation)
    sourced = _quotes(session, consultation, p) if quotes else []
    if quote_sources is not None:
        quote_sources.extend(source for source, _ in sourced)
    return _render(consultation, p, today or date.today(), [quote for _, quote in sourced])


def _dimension_keys(consultation: Consultation, dim: str, seen: Counter[str]) -> list[str]:
    if dim == "band":
        return list(consultation.bands)
    if dim == "language":
        return list(consultation.languages)
    return [*ITU_REGIONS.keys(), NOT_GIVEN]


def _options(q: Question) -> list[str]:
    return q.option_keys() if q.kind not in TEXT_KINDS else []


def _question_cells(table: Table, q: Question, counts: Counter[tuple[str, str]],
                    bands: list[str], band_totals: Counter[str]) -> None:
    key = q.key
    answered_total = table.add(("q", key, ANSWERED), sum(counts[(b, ANSWERED)] for b in bands))
    skipped_total = table.add(("q", key, SKIPPED),
                              sum(band_totals[b] - counts[(b, ANSWERED)] for b in bands))
    table.line([answered_total, skipped_total], "total")
    options = _options(q)
    for option in options:
        table.add(("q", key, option), sum(counts[(b, option)] for b in bands))
    for band in bands:
        answered = table.add(("qb", key, band, ANSWERED), counts[(band, ANSWERED)])
        skipped = table.add(("qb", key, band, SKIPPED),
                            band_totals[band] - counts[(band, ANSWERED)])
        table.line([answered, skipped], ("band", band))
        for option in options:
            table.add(("qb", key, band, option), counts[(band, option)])
        _option_lines(table, q, options, (key, band), answered)
    table.line([("qb", key, b, ANSWERED) for b in bands], answered_total)
    table.line([("qb", key, b, SKIPPED) for b in bands], skipped_total)
    for option in options:
        table.line([("qb", key, b, option) for b in bands], ("q", key, option))
    _option_lines(table, q, options, (key,), answered_total)


def _option_lines(table: Table, q: Question, options: list[str], where: tuple[str, ...],
                  answered: Any) -> None:
    prefix = "q" if len(where) == 1 else "qb"
    cells = [(prefix, *where, o) for o in options]
    if q.kind in CHOICE_KINDS and q.kind == "multiple_choice":
        # Each option splits those who answered into chose / did not choose;
        # "did not choose" is never shown, but must not be small either.
        for cell in cells:
            rest = table.add((*cell, "not"), table.values[answered] - table.values[cell],
                             published=False)
            table.line([cell, rest], answered)
    elif options:
        table.line(cells, answered)


def _theme_cells(session: Session, table: Table, consultation: Consultation) -> list[Theme]:
    themes = list(session.scalars(select(Theme).where(Theme.consultation_id == consultation.id)
                                  .order_by(Theme.id)))
    if not themes:
        return []
    texts = session.scalar(
        select(func.count()).select_from(Answer).join(Submission)
        .where(counted(consultation.id), text_shown())) or 0
    tagged = dict(session.execute(
        select(answer_themes.c.theme_id, func.count())
        .join(Answer, Answer.id == answer_themes.c.answer_id)
        .join(Submission, Submission.id == Answer.submission_id)
        .where(counted(consultation.id), text_shown())
        .group_by(answer_themes.c.theme_id)).all())
    total = table.add(("themes", "texts"), texts, published=False)
    for theme in themes:
        cell = table.add(("theme", theme.key), tagged.get(theme.id, 0))
        rest = table.add(("theme", theme.key, "not"), texts - tagged.get(theme.id, 0),
                         published=False)
        table.line([cell, rest], total)
    return themes


def _quotes(session: Session, consultation: Consultation,
            p: Protection) -> list[tuple[int, dict[str, Any]]]:
    """Approved, redacted, consented quotes (docs/privacy.md#rule-5), each with
    the submission it came from. A quote names its writer's band only where the
    summary shows how many of that band answered the question (so k or more
    did), and their region only where k or more of that band and region
    answered it too: free text is never joined to a smaller group."""
    rows = session.scalars(
        select(Answer).join(Submission)
        .where(counted(consultation.id), Submission.quote_consent.is_(True),
               Answer.quotable.is_(True), text_shown())
        .order_by(Answer.id))
    keys = {q.id: q.key for q in consultation.questions}
    groups: dict[int, Counter[tuple[str, str | None]]] = {}
    out = []
    for answer in rows:
        if not quote_ready(answer, consultation):
            continue
        s = answer.submission
        key = keys[answer.question_id]
        band_ok = p.visible(("qb", key, s.band, ANSWERED))
        region_ok = False
        if band_ok and s.region is not None:
            if answer.question_id not in groups:
                groups[answer.question_id] = _band_region_counts(session, consultation,
                                                                 answer.question_id)
            region_ok = groups[answer.question_id][(s.band, s.region)] >= p.k
        out.append((s.id, {"question": key, "text": answer.text_redacted,
                           "band": s.band if band_ok else None,
                           "region": s.region if region_ok else None}))
    return out


def _band_region_counts(session: Session, consultation: Consultation,
                        question_id: int) -> Counter[tuple[str, str | None]]:
    rows = session.execute(
        select(Submission.band, Submission.region, func.count())
        .join(Answer, Answer.submission_id == Submission.id)
        .where(counted(consultation.id), Answer.question_id == question_id, text_shown())
        .group_by(Submission.band, Submission.region))
    return Counter({(band, region): int(n) for band, region, n in rows})


def _cell(p: Protection, key: Any, of: int | None) -> dict[str, Any]:
    count = p.shown.get(key)
    return {"count": count, "suppressed": count is None,
            "hidden": None if count is not None else p.reason(key),
            "percent": round(100 * count / of, 1) if count is not None and of else None}


def _render(consultation: Consultation, p: Protection, today: date,
            quotes: list[dict[str, Any]]) -> dict[str, Any]:
    langs, first = list(consultation.languages), consultation.languages[0]
    shown = p.shown
    total = shown["total"]
    names = {"band": lambda key, lang: band_name(key, lang),
             "language": lambda key, lang: NATIVE_NAMES.get(key, key),
             "region": region_name}
    participation = {dim: [{"key": key, "label": {lang: names[dim](key, lang) for lang in langs},
                            **_cell(p, (dim, key), total)}
                           for key in _dimension_keys(consultation, dim, p.participation[dim])]
                     for dim in ("band", "language", "region")}
    questions = []
    for q in consultation.questions:
        answered = shown[("q", q.key, ANSWERED)]
        options = [{"key": o, "label": _labels(q, o, langs, first),
                    **({"face": emoji_face(o)} if q.kind == "emoji_scale" else {}),
                    **_cell(p, ("q", q.key, o), answered)} for o in _options(q)]
        by_band = []
        for band in consultation.bands:
            b_answered = shown[("qb", q.key, band, ANSWERED)]
            by_band.append({
                "band": band,
                "answered": _cell(p, ("qb", q.key, band, ANSWERED), shown[("band", band)]),
                "skipped": _cell(p, ("qb", q.key, band, SKIPPED), shown[("band", band)]),
                "options": [{"key": o, **_cell(p, ("qb", q.key, band, o), b_answered)}
                            for o in _options(q)]})
        questions.append({
            "key": q.key, "kind": q.kind, "position": q.position,
            # Answers given in a live session during the meeting are marked so.
            "live": q.live_order is not None,
            # Outputs use the wording for the oldest band (the default where there is one).
            "prompt": {lang: q.wording("prompt", consultation.bands[-1], lang, first)
                       for lang in langs},
            "answered": _cell(p, ("q", q.key, ANSWERED), total),
            "skipped": _cell(p, ("q", q.key, SKIPPED), total),
            "options": options, "by_band": by_band})
    total_reason = None if total is not None else p.reason("total")
    return {
        "$schema": SCHEMA, "schema_version": SCHEMA_VERSION,
        "consultation": {
            "slug": consultation.slug, "languages": langs, "bands": list(consultation.bands),
            "k": p.k,
            "title": {lang: consultation.text("title", lang) for lang in langs},
            "meeting": {lang: consultation.text("meeting", lang) for lang in langs},
            "opens_on": consultation.opens_at_utc.date().isoformat(),
            "closes_on": consultation.closes_at_utc.date().isoformat()},
        "generated_on": today.isoformat(),
        "participation": {"total": {"count": total, "suppressed": total is None,
                                    "hidden": total_reason}, **participation},
        "questions": questions,
        "themes": [{"key": t.key, "label": {lang: t.label(lang, first) for lang in langs},
                    **_cell(p, ("theme", t.key), None)} for t in p.themes],
        "quotes": quotes,
    }


def _labels(q: Question, option: str, langs: list[str], first: str) -> dict[str, str]:
    if q.kind == "emoji_scale":
        # The scale's words, never its number (1 to 5 means nothing to a reader).
        return {lang: emoji_label(option, lang) for lang in langs}
    for o in q.options:
        if o["key"] == option:
            return {lang: pick(o["label"], "default", lang, first) or option for lang in langs}
    return {lang: option for lang in langs}
