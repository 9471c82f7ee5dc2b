"""The summary of a consultation: every number an export or the public page
shows, built once and passed through disclosure control (rule 5).

Only approved submissions count: pending, rejected, escalated and withdrawn
ones never do. The result is plain JSON-ready data (schema: docs/summary.schema.json).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.consultations.models import CHOICE_KINDS, TEXT_KINDS, Consultation, Question, pick
from consult.participate.models import Answer, Submission
from consult.privacy.disclosure import Table
from consult.themes.models import Theme, answer_themes

SCHEMA = "https://consult.itu.int/schema/summary/1"
SCHEMA_VERSION = 1
NOT_GIVEN = "not-given"
SKIPPED = "skipped"
ANSWERED = "answered"


def _counted(consultation_id: int):  # type: ignore[no-untyped-def]
    return (Submission.consultation_id == consultation_id) & (Submission.status == "approved")


def _participation(session: Session, consultation: Consultation) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {"band": Counter(), "language": Counter(), "region": Counter()}
    rows = session.execute(select(Submission.band, Submission.language, Submission.region,
                                  func.count()).where(_counted(consultation.id))
                           .group_by(Submission.band, Submission.language, Submission.region))
    for band, language, region, n in rows:
        out["band"][band] += n
        out["language"][language] += n
        out["region"][region or NOT_GIVEN] += n
    return out


def _answers(session: Session, consultation: Consultation) -> dict[int, Counter[tuple[str, str]]]:
    """Per question: Counter of (band, option) for choices, (band, ANSWERED) for
    every answered question; streamed, so a large consultation fits in memory."""
    out: dict[int, Counter[tuple[str, str]]] = {q.id: Counter() for q in consultation.questions}
    stmt = (select(Answer.question_id, Submission.band, Answer.choices,
                   Answer.text_original.is_not(None) | Answer.text_redacted.is_not(None))
            .join(Submission, Submission.id == Answer.submission_id)
            .where(_counted(consultation.id)))
    for question_id, band, choices, has_text in session.execute(
            stmt.execution_options(yield_per=5000)):
        counts = out[question_id]
        if choices:
            counts[(band, ANSWERED)] += 1
            for option in set(choices):
                counts[(band, option)] += 1
        elif has_text:
            counts[(band, ANSWERED)] += 1
    return out


def build(session: Session, consultation: Consultation, *, quotes: bool = True,
          today: date | None = None) -> dict[str, Any]:
    """The protected summary, with labels in every language of the consultation."""
    k = consultation.k_threshold
    table = Table(k)
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
    protected = table.protect(grand_total="total")
    return _render(consultation, protected, themes, part, today or date.today(),
                   _quotes(session, consultation, protected) if quotes else [])


def _dimension_keys(consultation: Consultation, dim: str, seen: Counter[str]) -> list[str]:
    if dim == "band":
        return list(consultation.bands)
    if dim == "language":
        return list(consultation.languages)
    from consult.vocabulary import ITU_REGIONS

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
        skipped = table.add(("qb", key, band, SKIPPED), band_totals[band] - counts[(band, ANSWERED)])
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
        .where(_counted(consultation.id), Answer.text_redacted.is_not(None))) or 0
    tagged = dict(session.execute(
        select(answer_themes.c.theme_id, func.count())
        .join(Answer, Answer.id == answer_themes.c.answer_id)
        .join(Submission, Submission.id == Answer.submission_id)
        .where(_counted(consultation.id))
        .group_by(answer_themes.c.theme_id)).all())
    total = table.add(("themes", "texts"), texts, published=False)
    for theme in themes:
        cell = table.add(("theme", theme.key), tagged.get(theme.id, 0))
        rest = table.add(("theme", theme.key, "not"), texts - tagged.get(theme.id, 0),
                         published=False)
        table.line([cell, rest], total)
    return themes


def _quotes(session: Session, consultation: Consultation,
            protected: dict[Any, int | None]) -> list[dict[str, Any]]:
    """Approved, redacted, consented quotes (rule 5), attributed by band and
    region only where that group is shown (k or more), so nobody stands out."""
    from consult.moderate.service import quote_ready

    rows = session.scalars(
        select(Answer).join(Submission)
        .where(_counted(consultation.id), Submission.quote_consent.is_(True),
               Answer.quotable.is_(True), Answer.text_redacted.is_not(None))
        .order_by(Answer.id))
    keys = {q.id: q.key for q in consultation.questions}
    out = []
    for answer in rows:
        if not quote_ready(answer, consultation):
            continue
        s = answer.submission
        band_ok = protected.get(("band", s.band)) is not None
        region_ok = s.region is not None and protected.get(("region", s.region)) is not None
        out.append({"question": keys[answer.question_id], "text": answer.text_redacted,
                    "band": s.band if band_ok else None,
                    "region": s.region if band_ok and region_ok else None})
    return out


def _cell(protected: dict[Any, int | None], key: Any, of: int | None) -> dict[str, Any]:
    count = protected.get(key)
    return {"count": count, "suppressed": count is None,
            "percent": round(100 * count / of, 1) if count is not None and of else None}


def _render(consultation: Consultation, p: dict[Any, int | None], themes: list[Theme],
            part: dict[str, Counter[str]], today: date,
            quotes: list[dict[str, Any]]) -> dict[str, Any]:
    langs, first = list(consultation.languages), consultation.languages[0]
    total = p["total"]
    participation = {dim: [{"key": key, **_cell(p, (dim, key), total)}
                           for key in _dimension_keys(consultation, dim, part[dim])]
                     for dim in ("band", "language", "region")}
    questions = []
    for q in consultation.questions:
        answered = p[("q", q.key, ANSWERED)]
        options = [{"key": o, "label": _labels(q, o, langs, first),
                    **_cell(p, ("q", q.key, o), answered)} for o in _options(q)]
        by_band = []
        for band in consultation.bands:
            b_answered = p[("qb", q.key, band, ANSWERED)]
            by_band.append({
                "band": band,
                "answered": _cell(p, ("qb", q.key, band, ANSWERED), p[("band", band)]),
                "skipped": _cell(p, ("qb", q.key, band, SKIPPED), p[("band", band)]),
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
    return {
        "$schema": SCHEMA, "schema_version": SCHEMA_VERSION,
        "consultation": {
            "slug": consultation.slug, "languages": langs, "bands": list(consultation.bands),
            "k": max(5, consultation.k_threshold),
            "title": {lang: consultation.text("title", lang) for lang in langs},
            "meeting": {lang: consultation.text("meeting", lang) for lang in langs},
            "opens_on": consultation.opens_at_utc.date().isoformat(),
            "closes_on": consultation.closes_at_utc.date().isoformat()},
        "generated_on": today.isoformat(),
        "participation": {"total": {"count": total, "suppressed": total is None}, **participation},
        "questions": questions,
        "themes": [{"key": t.key, "label": {lang: t.label(lang, first) for lang in langs},
                    **_cell(p, ("theme", t.key), None)} for t in themes],
        "quotes": quotes,
    }


def _labels(q: Question, option: str, langs: list[str], first: str) -> dict[str, str]:
    if q.kind == "emoji_scale":
        return {}
    for o in q.options:
        if o["key"] == option:
            return {lang: pick(o["label"], "default", lang, first) for lang in langs}
    return {}
