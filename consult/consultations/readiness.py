"""Whether a consultation may open: its dates, its feedback date, and every text
in every language for every band (docs/consultation-format.md).

The import accepts a draft whose texts fall back to the first language; a
child must never meet that fallback, so opening asks for every wording."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult.consultations.models import TEXT_KINDS, BandText, Consultation, Question

FIELD_LABELS = {"title": _l("Title"), "meeting": _l("Meeting"), "audience": _l("Audience"),
                "intro": _l("Introduction"), "next_steps": _l("What happens next")}
# Fields without a band: the consultation's own texts, read by every band.
ALL_BANDS = "*"


@dataclass
class Gap:
    """One text and, for each language, the bands that have no wording in it."""

    where: str
    anchor: str
    missing: dict[str, list[str]] = field(default_factory=dict)


def _band_gaps(values: BandText, languages: list[str], bands: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for lang in languages:
        lacking = [band for band in bands
                   if not (values.get(band) or {}).get(lang)
                   and not (values.get("default") or {}).get(lang)]
        if lacking:
            out[lang] = lacking
    return out


def _question_gaps(q: Question, languages: list[str], bands: list[str]) -> list[Gap]:
    anchor = f"q-{q.key}"
    gaps = [Gap(_("Question %(key)s: wording", key=q.key), anchor,
                _band_gaps(q.texts.get("prompt") or {}, languages, bands))]
    help_text = q.texts.get("help") or {}
    if help_text:
        # A hint is optional, but a band that has one in some language needs it in all.
        used = [band for band in bands
                if any((help_text.get(b) or {}) for b in (band, "default"))]
        gaps.append(Gap(_("Question %(key)s: hint", key=q.key), anchor,
                        _band_gaps(help_text, languages, used)))
    if q.kind not in TEXT_KINDS:
        for option in q.options:
            gaps.append(Gap(_("Question %(key)s: option %(option)s", key=q.key,
                              option=option["key"]), anchor,
                            _band_gaps(option["label"], languages, bands)))
    return gaps


def missing_texts(c: Consultation) -> list[Gap]:
    """Every text of the consultation with the languages and bands it lacks
    (an empty ``missing`` when it is complete), in the order of the pages."""
    languages, bands = list(c.languages), list(c.bands)
    gaps = [Gap(str(label), f"f-{name}",
                {lang: [ALL_BANDS] for lang in languages
                 if not (c.texts.get(name) or {}).get(lang)})
            for name, label in FIELD_LABELS.items()]
    for q in c.questions:
        gaps += _question_gaps(q, languages, bands)
    return gaps


def open_problems(c: Consultation, now: datetime) -> list[str]:
    """What stops the consultation from opening; empty when it may open."""
    problems = []
    if c.closes_at_utc <= c.opens_at_utc:
        problems.append(_("It must close after it opens."))
    if c.closes_at_utc <= now:
        problems.append(_("Its closing date has passed: set one in the future."))
    due: date | None = c.feedback_due_on
    if due is None:
        problems.append(_("Set the date by which participants will hear what was done with "
                          "their views."))
    elif due < c.closes_at_utc.date():
        problems.append(_("The feedback date must not come before the closing date."))
    if not [q for q in c.questions if q.live_order is None]:
        problems.append(_("It needs at least one question."))
    for gap in missing_texts(c):
        for lang, bands in gap.missing.items():
            if bands == [ALL_BANDS]:
                problems.append(_("%(where)s has no text in %(lang)s.", where=gap.where,
                                  lang=lang))
            else:
                problems.append(_("%(where)s has no text in %(lang)s for ages %(bands)s.",
                                  where=gap.where, lang=lang, bands=", ".join(bands)))
    return problems
