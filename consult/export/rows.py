"""The rows every row-level export is made of (CSV, the XLSX Data sheet):
one row per answer, one per chosen option for multiple choice, of counted
(approved) submissions only. Text is the redacted copy only (docs/privacy.md#rule-4).

What a row may show (docs/privacy.md#rule-5). A file of rows is a table a
reader can count, and it is read beside the summary (JSON, the public page,
the XLSX and DOCX tables). So rows show nothing the protected summary does
not already show, and every group a row puts a participant in is one the
summary shows to hold k or more:

- Rows are not linked to one another: no response number, and rows are in
  the order of what they show (question, band, answer, text), never in the
  order people took part. A person's answers read together would form a
  combination shared by nobody else.
- A choice row shows its age band only where the summary shows how many of
  that band chose that answer, and its answer only where the summary shows
  how many chose it; a row whose answer is hidden there is left out. The
  rows of a question with blank band therefore number what the summary shows
  for the answer less what it shows per band: the hidden part of a line,
  which disclosure control keeps at 0 or k and more. Choice rows are written
  from the protected counts themselves, so file and summary cannot disagree.
- A written answer shows its band only where the summary shows how many of
  that band answered the question; where the summary hides how many answered
  the question at all, the question's written answers are left out (counting
  them would reveal it).
- Language and region are not shown in rows: the summary shows them for the
  whole consultation only, and a row carrying them would form groups it
  never checked.
- `given_live` says whether the answer was given in a live session during
  the meeting. It is the question's own mark (the summary's "live"), not the
  submission's: live questions are asked only in a live session, the journey
  asks only the others, and a live submission cannot be changed afterwards to
  add any (participate.service), so every answer to a question was given the
  same way. The column therefore forms no group the question column does not
  already form, and cannot single anyone out.

Fewer than k counted submissions in all: no rows at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from consult.consultations.models import TEXT_KINDS, Consultation, Question, pick
from consult.participate.counts import counted, text_shown
from consult.participate.models import Answer, Submission
from consult.summarize.service import ANSWERED, Protection, protection
from consult.summarize.words import band_name, emoji_face, emoji_label

COLUMNS = ("question", "kind", "band", "option", "answer", "given_live")
LIVE = {True: "yes", False: "no"}
BATCH = 10_000


def iter_rows(session: Session, consultation: Consultation,
              progress: Callable[[int, int], None] | None = None,
              clean: Callable[[str], str] | None = None, lang: str | None = None,
              p: Protection | None = None) -> Iterator[tuple[Any, ...]]:
    """The rows as tuples in COLUMNS order, streamed (see `row_batches`)."""
    return chain.from_iterable(row_batches(session, consultation, progress, clean, lang, p))


def row_batches(session: Session, consultation: Consultation,
                progress: Callable[[int, int], None] | None = None,
                clean: Callable[[str], str] | None = None, lang: str | None = None,
                p: Protection | None = None) -> Iterator[list[tuple[Any, ...]]]:
    """The rows, a list of tuples in COLUMNS order per batch.

    `clean` is applied to every text cell (a format's neutraliser). Labels
    (band, option, emoji scale) are in `lang`, by default the consultation's
    first language. `p` is the consultation's protection, if the caller
    already has it (the same snapshot must give both).
    """
    same: Callable[[str], str] = clean or (lambda value: value)
    lang = lang or consultation.languages[0]
    p = p or protection(session, consultation)
    total = p.shown.get("total") or 0
    done = 0
    if not total:  # fewer than k in all: the total is hidden, and no row leaves
        if progress is not None:
            progress(0, 0)
        return
    bands = list(consultation.bands)
    names = {band: same(band_name(band, lang)) for band in bands}
    for q in sorted(consultation.questions, key=lambda q: q.position):
        key, kind, live = same(q.key), same(q.kind), LIVE[q.live_order is not None]
        if q.kind in TEXT_KINDS:
            for rows in _text_rows(session, consultation, q, p, names, same):
                done += len(rows)
                yield [(key, kind, *row, live) for row in rows]
                if progress is not None:
                    progress(done, total)
            continue
        # In batches too: a question chosen by a million people is a million
        # rows, and one list of them would set the export's peak memory.
        choice = _choice_rows(q, p, bands, names, lang, same)
        while rows := [(key, kind, *row, live) for row in islice(choice, BATCH)]:
            done += len(rows)
            yield rows
            if progress is not None:
                progress(done, total)


def _choice_rows(q: Question, p: Protection, bands: list[str], names: dict[str, str],
                 lang: str, same: Callable[[str], str]) -> Iterator[tuple[str, str, str]]:
    first = q.consultation.languages[0]
    for option in q.option_keys():
        of_option = p.shown.get(("q", q.key, option))
        if not of_option:  # hidden, or nobody chose it
            continue
        if q.kind == "emoji_scale":
            shown_key, label = "", f"{emoji_face(option)} {emoji_label(option, lang)}"
        else:
            shown_key = option
            label = next((pick(o["label"], "default", lang, first) for o in q.options
                          if o["key"] == option), "") or option
        shown_key, label = same(shown_key), same(label)
        by_band = 0
        for band in bands:
            count = p.shown.get(("qb", q.key, band, option)) or 0
            by_band += count
            for _ in range(count):
                yield names[band], shown_key, label
        # The rest of the line, shown without a band: 0 or at least k.
        for _ in range(of_option - by_band):
            yield "", shown_key, label


def _text_rows(session: Session, consultation: Consultation, q: Question, p: Protection,
               names: dict[str, str], same: Callable[[str], str]
               ) -> Iterator[list[tuple[str, str, str]]]:
    if not p.visible(("q", q.key, ANSWERED)):
        return
    shown_band = {band: names[band] for band in consultation.bands
                  if p.visible(("qb", q.key, band, ANSWERED))}
    stmt = (select(Submission.band, Answer.text_redacted)
            .join(Answer, Answer.submission_id == Submission.id)
            .where(counted(consultation.id), Answer.question_id == q.id, text_shown())
            .order_by(Answer.text_redacted))
    for batch in _fetch(session, stmt):
        yield [(shown_band.get(band, ""), "", same(text)) for band, text in batch]


def answer_rows(session: Session, consultation: Consultation,
                lang: str | None = None) -> Iterator[dict[str, Any]]:
    """One dict per row (keys: COLUMNS), streamed."""
    for row in iter_rows(session, consultation, lang=lang):
        yield dict(zip(COLUMNS, row, strict=False))


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
