"""The long rows every data export is made of: one row per answer (one per
chosen option for multiple choice) of approved submissions only.

Privacy:
- Only approved submissions: pending, rejected, escalated and withdrawn ones
  never leave (rules 5, 7 and 8). Text is the redacted copy only (rule 4).
- A response is numbered 1..n in export order, never by database id, so a row
  cannot be matched with anything a moderator or a log saw.
- Demographics are generalised so that no one is singled out (rule 5). Each
  row shows (band, language, region), or (band, language), or (band), or
  nothing, and every pattern that appears in the file is shared by at least k
  submissions (k-anonymity). It is not enough that the wider group has k
  members: if 11 of 12 children aged 9-12 writing in English are in Europe and
  one is in Asia-Pacific, showing the lone one as "9-12, English, (blank)"
  would make them the only row with that pattern. So the submissions left over
  at each level must themselves number k or more, or they move up a level;
  whatever is left over at the top is padded with the smallest groups until
  it reaches k. Fewer than k approved submissions in all: no rows at all.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import Any

from sqlalchemy import Text, cast, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from consult.consultations.models import TEXT_KINDS, Consultation
from consult.participate.models import Answer, Submission
from consult.privacy.disclosure import MIN_K

COLUMNS = ("response", "question", "kind", "band", "language", "region", "answer")
BATCH = 10_000

GroupKey = tuple[str, str, "str | None"]
Shown = tuple[str, str, str]


def k_of(consultation: Consultation) -> int:
    return max(MIN_K, int(consultation.k_threshold))


def _approved(consultation_id: int):  # type: ignore[no-untyped-def]
    return (Submission.consultation_id == consultation_id) & (Submission.status == "approved")


def group_counts(session: Session, consultation: Consultation) -> dict[GroupKey, int]:
    """Approved submissions per (band, language, region)."""
    rows = session.execute(
        select(Submission.band, Submission.language, Submission.region, func.count())
        .where(_approved(consultation.id))
        .group_by(Submission.band, Submission.language, Submission.region))
    return {(band, lang, region): int(n) for band, lang, region, n in rows}


def generalise(counts: Mapping[GroupKey, int], k: int) -> dict[GroupKey, Shown | None]:
    """What each (band, language, region) group is shown as; None: not shown at all."""
    k = max(MIN_K, k)
    if sum(counts.values()) < k:
        return dict.fromkeys(counts)
    # classes[level][shown pattern] = the groups shown with that pattern
    classes: list[dict[Shown, list[GroupKey]]] = [defaultdict(list) for _ in range(4)]
    left = [key for key, n in counts.items() if n > 0]
    for level in (3, 2, 1):
        rest: list[GroupKey] = []
        by_pattern: dict[Shown, list[GroupKey]] = defaultdict(list)
        for key in left:
            # A missing region is shown blank, which is the level-2 pattern.
            if level == 3 and key[2] is None:
                rest.append(key)
                continue
            by_pattern[_pattern(key, level)].append(key)
        for pattern, keys in by_pattern.items():
            if sum(counts[key] for key in keys) >= k:
                classes[level][pattern] = keys
            else:
                rest.extend(keys)
        left = rest
    top = ("", "", "")
    classes[0][top] = left
    while 0 < sum(counts[key] for key in classes[0][top]) < k:
        level, pattern = min(((lv, p) for lv in (1, 2, 3) for p in classes[lv]),
                             key=lambda lp: sum(counts[x] for x in classes[lp[0]][lp[1]]))
        classes[0][top].extend(classes[level].pop(pattern))
    return {key: pattern for level in range(4) for pattern, keys in classes[level].items()
            for key in keys}


def _pattern(key: GroupKey, level: int) -> Shown:
    band, lang, region = key
    return (band, lang if level >= 2 else "", (region or "") if level == 3 else "")


def iter_rows(session: Session, consultation: Consultation,
              progress: Callable[[int, int], None] | None = None,
              clean: Callable[[str], str] | None = None) -> Iterator[tuple[Any, ...]]:
    """The rows as tuples in COLUMNS order, streamed (see `row_batches`)."""
    return chain.from_iterable(row_batches(session, consultation, progress, clean))


def row_batches(session: Session, consultation: Consultation,
                progress: Callable[[int, int], None] | None = None,
                clean: Callable[[str], str] | None = None) -> Iterator[list[tuple[Any, ...]]]:
    """The rows, a list of tuples in COLUMNS order per BATCH of answers fetched.

    `clean` is applied to every text cell (a format's neutraliser): once per
    distinct question key, kind, demographic value and option key, and to each
    free text. `progress(done, total)` is told after each batch.
    """
    same: Callable[[str], str] = clean or (lambda value: value)
    counts = group_counts(session, consultation)
    total = sum(counts.values())
    shown = {key: None if pattern is None else tuple(same(v) for v in pattern)
             for key, pattern in generalise(counts, k_of(consultation)).items()}
    # Choices come as JSON text and are parsed once per distinct value (a
    # consultation has few option combinations and a million answers).
    questions = {q.id: (same(q.key), same(q.kind), q.kind in TEXT_KINDS,
                        q.kind == "multiple_choice", {}) for q in consultation.questions}
    by_position = [q.id for q in sorted(consultation.questions, key=lambda q: q.position)]
    stmt = (select(Submission.id, Submission.band, Submission.language, Submission.region,
                   Answer.question_id, cast(Answer.choices, Text), Answer.text_redacted)
            .join(Answer, Answer.submission_id == Submission.id)
            .where(_approved(consultation.id))
            .order_by(Submission.id, Answer.question_id))
    batches: Iterable[Sequence[Any]] = _fetch(session, stmt)
    if by_position != sorted(by_position):
        batches = _in_question_order(batches, by_position)
    number, current, shown_as = 0, None, None
    band = lang = region = ""
    for batch in batches:
        rows: list[tuple[Any, ...]] = []
        append = rows.append
        for sid, band_, lang_, region_, qid, choices, text in batch:
            if sid != current:
                current = sid
                # A group not counted above (a snapshot prevents it) is left out.
                shown_as = shown.get((band_, lang_, region_))
                if shown_as is None:
                    continue
                number += 1
                band, lang, region = shown_as
            elif shown_as is None:
                continue
            key, kind, is_text, is_multiple, parsed = questions[qid]
            if is_text:
                # Rule 4: only the redacted copy ever leaves moderation.
                if text:
                    append((number, key, kind, band, lang, region, same(text)))
            elif choices:
                values = parsed.get(choices)
                if values is None:
                    values = _choices(is_multiple, choices, same)
                    if len(parsed) < 10_000:
                        parsed[choices] = values
                for value in values:
                    append((number, key, kind, band, lang, region, value))
        if progress is not None:
            progress(number, total)
        yield rows
    if progress is not None:
        progress(total, total)


def _fetch(session: Session, stmt: Any) -> Iterator[Sequence[Any]]:
    """The result of a Core SELECT, BATCH rows at a time, streamed.

    This is the hot path of the largest exports (a million answers): on SQLite
    and PostgreSQL the statement SQLAlchemy compiled runs on the driver's own
    cursor (server-side on PostgreSQL, so rows stream), which skips building a
    Row object for every tuple. The columns need no result processing.
    """
    conn = session.connection()
    if conn.dialect.name not in ("sqlite", "postgresql"):
        yield from conn.execute(stmt.execution_options(yield_per=BATCH)).partitions()
        return
    compiled = stmt.compile(dialect=conn.dialect)
    params = compiled.params
    args = (tuple(params[name] for name in compiled.positiontup or ())
            if compiled.positional else params)
    driver = conn.connection.driver_connection
    cursor = (driver.cursor(name="consult_export_rows") if conn.dialect.name == "postgresql"
              else driver.cursor())
    try:
        cursor.execute(str(compiled), args)
        while batch := cursor.fetchmany(BATCH):
            yield batch
    finally:
        cursor.close()


def _choices(multiple: bool, raw: str, clean: Callable[[str], str]) -> tuple[str, ...]:
    values = [str(v) for v in (json.loads(raw) or [])]
    if multiple:
        return tuple(clean(v) for v in dict.fromkeys(values))
    return tuple(clean(v) for v in values[:1])


def _in_question_order(batches: Iterable[Sequence[Any]],
                       by_position: list[int]) -> Iterator[list[Any]]:
    """Each submission's answers in question order, where ids do not follow it."""
    rank = {qid: i for i, qid in enumerate(by_position)}
    pending: list[Any] = []
    for row in chain.from_iterable(batches):
        if pending and row[0] != pending[0][0]:
            yield sorted(pending, key=lambda r: rank[r[4]])
            pending = []
        pending.append(row)
    yield sorted(pending, key=lambda r: rank[r[4]])


def answer_rows(session: Session, consultation: Consultation) -> Iterator[dict[str, Any]]:
    """One dict per row (keys: COLUMNS), streamed."""
    for row in iter_rows(session, consultation):
        yield dict(zip(COLUMNS, row))


@contextmanager
def snapshot(session: Session) -> Iterator[Session]:
    """A read-only session on its own connection that sees one consistent
    state of the database for every query of an export. Without it, a
    submission withdrawn between counting the groups and streaming the rows
    could shrink a group below k."""
    engine = session.get_bind()
    if isinstance(engine, Connection) or engine.url.database in (None, "", ":memory:"):
        # Already one connection (a test's SAVEPOINT, an in-memory database).
        yield session
        return
    if engine.dialect.name == "sqlite":
        # pysqlite runs SELECTs outside any transaction; an explicit BEGIN on an
        # autocommit connection makes them share one (WAL) read snapshot.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("BEGIN")
            try:
                with Session(bind=conn) as s:
                    yield s
            finally:
                conn.exec_driver_sql("ROLLBACK")
        return
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        with Session(bind=conn) as s:
            yield s
            s.rollback()
