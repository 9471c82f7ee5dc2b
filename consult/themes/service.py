"""A consultation's codebook and the tagging of its text answers.

Only approved text answers are listed or tagged: pending, rejected, escalated
and withdrawn ones never are (an escalated text is for the safeguarding role
alone, rule 8), and only the redacted copy is read (rule 4). Every change is
written to the audit log (rule 9).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.audit.service import record
from consult.consultations.models import Consultation
from consult.participate.counts import counted, text_shown
from consult.participate.models import Answer, Submission
from consult.signals import answers_rewritten
from consult.themes.models import Theme, answer_themes

PAGE_SIZE = 50
KEY_MAX = 60
LABEL_MAX = 200
KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Keeps each IN (...) list well inside every backend's parameter limit.
_CHUNK = 500


class ThemeError(ValueError):
    """Bad input for a theme. `field` is "key" or "label_<lang>"; `problem` is
    one of "format", "taken", "missing", "too_long", for the view to word."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class AnswerFilter:
    question_id: int | None = None
    theme_id: int | None = None
    untagged: bool = False
    language: str | None = None


@dataclass(frozen=True)
class Row:
    """One approved text answer as the tagging pages show it: redacted text only."""

    answer_id: int
    question_id: int
    language: str
    text: str
    theme_ids: tuple[int, ...]


def listed(consultation_id: int) -> ColumnElement[bool]:
    """The answers that may be tagged: approved, with a (redacted) text.
    Queries using it join Answer to Submission."""
    return and_(counted(consultation_id), text_shown())


# The codebook

def codebook(session: Session, consultation_id: int) -> list[Theme]:
    return list(session.scalars(select(Theme).where(Theme.consultation_id == consultation_id)
                                .order_by(Theme.key)))


def theme_of(session: Session, consultation_id: int, theme_id: int) -> Theme:
    """The theme, only if it belongs to this consultation; LookupError otherwise."""
    theme = session.get(Theme, theme_id)
    if theme is None or theme.consultation_id != consultation_id:
        raise LookupError(theme_id)
    return theme


def theme_counts(session: Session) -> dict[int, int]:
    """Themes per consultation, for the list of consultations."""
    return dict(session.execute(select(Theme.consultation_id, func.count())
                                .group_by(Theme.consultation_id)).all())


def tag_counts(session: Session, consultation_id: int) -> dict[int, int]:
    """Approved answers tagged with each theme. Staff-only working figures;
    anything published goes through the summary's disclosure control."""
    return dict(session.execute(
        select(answer_themes.c.theme_id, func.count())
        .join(Answer, Answer.id == answer_themes.c.answer_id)
        .join(Submission, Submission.id == Answer.submission_id)
        .where(listed(consultation_id)).group_by(answer_themes.c.theme_id)).all())


def _clean_key(session: Session, consultation_id: int, key: str, theme_id: int | None) -> str:
    key = (key or "").strip()
    if not key:
        raise ThemeError("key", "missing")
    if len(key) > KEY_MAX:
        raise ThemeError("key", "too_long")
    if not KEY_RE.fullmatch(key):
        raise ThemeError("key", "format")
    taken = session.scalar(select(Theme.id).where(Theme.consultation_id == consultation_id,
                                                  Theme.key == key))
    if taken is not None and taken != theme_id:
        raise ThemeError("key", "taken")
    return key


def _clean_labels(consultation: Consultation, labels: dict[str, str]) -> dict[str, str]:
    """Labels in the consultation's languages only; the first one is required."""
    out = {}
    for lang in consultation.languages:
        value = (labels.get(lang) or "").strip()
        if len(value) > LABEL_MAX:
            raise ThemeError(f"label_{lang}", "too_long")
        if value:
            out[lang] = value
    first = consultation.languages[0]
    if first not in out:
        raise ThemeError(f"label_{first}", "missing")
    return out


def _flush_unique(session: Session) -> None:
    # The check in _clean_key can lose a race with another chair at the same
    # moment; the unique constraint then decides, and the caller rolls back.
    try:
        session.flush()
    except IntegrityError as exc:
        raise ThemeError("key", "taken") from exc


def create_theme(session: Session, consultation: Consultation, key: str,
                 labels: dict[str, str], user_id: int, now: datetime | None = None) -> Theme:
    """On ThemeError nothing is kept: the caller rolls the session back."""
    theme = Theme(consultation_id=consultation.id,
                  key=_clean_key(session, consultation.id, key, None),
                  labels=_clean_labels(consultation, labels),
                  created_at=now or datetime.now(UTC))
    session.add(theme)
    _flush_unique(session)
    record(session, "theme_create", actor_id=user_id, object_type="theme", object_id=theme.id,
           detail={"consultation_id": consultation.id, "key": theme.key,
                   "labels": theme.labels})
    return theme


def update_theme(session: Session, consultation: Consultation, theme_id: int, key: str,
                 labels: dict[str, str], user_id: int) -> Theme:
    """Rename: a new key and/or labels; tags stay. Raises LookupError, or
    ThemeError (then the caller rolls the session back)."""
    theme = theme_of(session, consultation.id, theme_id)
    new_key = _clean_key(session, consultation.id, key, theme.id)
    new_labels = _clean_labels(consultation, labels)
    old_key, old_labels = theme.key, dict(theme.labels)
    if (new_key, new_labels) == (old_key, old_labels):
        return theme
    theme.key, theme.labels = new_key, new_labels
    _flush_unique(session)
    detail: dict[str, Any] = {"consultation_id": consultation.id, "key": new_key,
                              "labels": new_labels}
    if old_key != new_key:
        detail["old_key"] = old_key
    record(session, "theme_update", actor_id=user_id, object_type="theme", object_id=theme.id,
           detail=detail)
    return theme


def delete_theme(session: Session, consultation_id: int, theme_id: int, user_id: int) -> int:
    """Delete the theme and its tags; returns how many answers lost the tag."""
    theme = theme_of(session, consultation_id, theme_id)
    untagged = session.execute(delete(answer_themes).where(answer_themes.c.theme_id == theme.id))
    removed = int(untagged.rowcount or 0)  # type: ignore[attr-defined]
    record(session, "theme_delete", actor_id=user_id, object_type="theme", object_id=theme.id,
           detail={"consultation_id": consultation_id, "key": theme.key, "untagged": removed})
    session.delete(theme)
    session.flush()
    return removed


# The answers

def answer_page(session: Session, consultation_id: int, filters: AnswerFilter,
                after_id: int = 0, limit: int = PAGE_SIZE) -> tuple[list[Row], int | None]:
    """A keyset page (by answer id) of approved text answers, each with its themes."""
    stmt = (select(Answer.id, Answer.question_id, Submission.language, Answer.text_redacted)
            .join(Submission, Submission.id == Answer.submission_id)
            .where(listed(consultation_id), Answer.id > after_id))
    if filters.question_id is not None:
        stmt = stmt.where(Answer.question_id == filters.question_id)
    if filters.language:
        stmt = stmt.where(Submission.language == filters.language)
    if filters.theme_id is not None:
        stmt = stmt.where(exists().where(answer_themes.c.answer_id == Answer.id,
                                         answer_themes.c.theme_id == filters.theme_id))
    if filters.untagged:
        stmt = stmt.where(~exists().where(answer_themes.c.answer_id == Answer.id))
    found = session.execute(stmt.order_by(Answer.id).limit(limit + 1)).all()
    more = len(found) > limit
    found = found[:limit]
    tags = _themes_of(session, [r[0] for r in found])
    rows = [Row(a, q, lang, text or "", tags.get(a, ())) for a, q, lang, text in found]
    return rows, (rows[-1].answer_id if more and rows else None)


def rows_by_id(session: Session, consultation_id: int, ids: Iterable[int]) -> dict[int, Row]:
    """The listed answers among `ids`; others (not approved, elsewhere) are left out."""
    out: dict[int, Row] = {}
    for chunk in _chunks(ids):
        found = session.execute(
            select(Answer.id, Answer.question_id, Submission.language, Answer.text_redacted)
            .join(Submission, Submission.id == Answer.submission_id)
            .where(listed(consultation_id), Answer.id.in_(chunk))).all()
        tags = _themes_of(session, [r[0] for r in found])
        out.update({a: Row(a, q, lang, text or "", tags.get(a, ()))
                    for a, q, lang, text in found})
    return out


def _themes_of(session: Session, answer_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    out: dict[int, list[int]] = {}
    if answer_ids:
        for answer_id, theme_id in session.execute(
                select(answer_themes.c.answer_id, answer_themes.c.theme_id)
                .where(answer_themes.c.answer_id.in_(answer_ids))
                .order_by(answer_themes.c.answer_id, answer_themes.c.theme_id)):
            out.setdefault(answer_id, []).append(theme_id)
    return {k: tuple(v) for k, v in out.items()}


def _chunks(ids: Iterable[int]) -> list[list[int]]:
    unique = sorted(set(ids))
    return [unique[i:i + _CHUNK] for i in range(0, len(unique), _CHUNK)]


def _taggable(session: Session, consultation_id: int, ids: Iterable[int]) -> list[int]:
    out: list[int] = []
    for chunk in _chunks(ids):
        out.extend(session.scalars(
            select(Answer.id).join(Submission, Submission.id == Answer.submission_id)
            .where(listed(consultation_id), Answer.id.in_(chunk))))
    return sorted(out)


def _tagged(session: Session, theme_id: int, ids: list[int]) -> set[int]:
    out: set[int] = set()
    for chunk in _chunks(ids):
        out.update(session.scalars(select(answer_themes.c.answer_id).where(
            answer_themes.c.theme_id == theme_id, answer_themes.c.answer_id.in_(chunk))))
    return out


def _apply(session: Session, theme_id: int, ids: list[int], remove: bool) -> list[int]:
    """Tag (or untag) the given taggable answers; returns those that changed."""
    already = _tagged(session, theme_id, ids)
    if remove:
        changed = [i for i in ids if i in already]
        for chunk in _chunks(changed):
            session.execute(delete(answer_themes).where(answer_themes.c.theme_id == theme_id,
                                                        answer_themes.c.answer_id.in_(chunk)))
    else:
        changed = [i for i in ids if i not in already]
        if changed:
            session.execute(_insert_tags(session),
                            [{"answer_id": i, "theme_id": theme_id} for i in changed])
    session.flush()
    return changed


def _insert_tags(session: Session) -> Any:
    # Two people tagging the same answer at once is not an error: the second
    # insert does nothing (both SQLite and PostgreSQL have ON CONFLICT).
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return pg_insert(answer_themes).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite_insert(answer_themes).on_conflict_do_nothing()
    return insert(answer_themes)


def tag(session: Session, consultation_id: int, answer_id: int, theme_id: int,
        user_id: int, *, remove: bool = False) -> bool:
    """Tag (or untag) one answer. LookupError if the theme is not this
    consultation's or the answer is not an approved text answer of it."""
    theme = theme_of(session, consultation_id, theme_id)
    if not _taggable(session, consultation_id, [answer_id]):
        raise LookupError(answer_id)
    changed = _apply(session, theme.id, [answer_id], remove)
    if changed:
        record(session, "untag" if remove else "tag", actor_id=user_id, object_type="answer",
               object_id=answer_id, detail={"theme_id": theme.id, "theme": theme.key})
    return bool(changed)


def untag(session: Session, consultation_id: int, answer_id: int, theme_id: int,
          user_id: int) -> bool:
    return tag(session, consultation_id, answer_id, theme_id, user_id, remove=True)


def tag_bulk(session: Session, consultation_id: int, theme_id: int, answer_ids: Iterable[int],
             user_id: int, *, remove: bool = False) -> int:
    """Tag (or untag) many answers at once; ids that are not approved text
    answers of this consultation are ignored. Returns how many changed."""
    theme = theme_of(session, consultation_id, theme_id)
    asked = sorted(set(answer_ids))
    ids = _taggable(session, consultation_id, asked)
    changed = _apply(session, theme.id, ids, remove)
    if changed:
        record(session, "tag_bulk", actor_id=user_id, object_type="theme", object_id=theme.id,
               detail={"mode": "untag" if remove else "tag", "theme": theme.key,
                       "answers": changed, "ignored": len(asked) - len(ids)})
    return len(changed)


@answers_rewritten.connect
def _untag_rewritten(submission: Submission, *, session: Session,
                     answer_ids: list[int]) -> None:
    """Tags described the old words: a rewritten answer loses them."""
    session.execute(delete(answer_themes).where(answer_themes.c.answer_id.in_(answer_ids)))
