"""How fast the moderation queue pages at a million submissions.

    python bench/moderation_queue.py [--rows 1000000] [--database sqlite|postgresql]

Fills a fresh database with ROWS submissions (most approved, about 5% pending
and spread through the table, a few flagged), then times the queue's keyset
pages (first page, a page deep in the queue, with filters) next to the same
page fetched with OFFSET, measured in the same run on the same data. Keyset
pages should cost about the same wherever they are; OFFSET pages grow with depth.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consult.consultations.models import Consultation  # noqa: E402
from consult.db import make_engine  # noqa: E402
from consult.models import Base  # noqa: E402
from consult.moderate.service import QueueFilter, queue_page  # noqa: E402
from consult.participate.models import Submission  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql+psycopg://postgres@127.0.0.1:5432/consult_bench_queue"


def _engine(kind: str, folder: Path):  # type: ignore[no-untyped-def]
    if kind == "sqlite":
        return make_engine(f"sqlite:///{folder / 'queue.db'}")
    admin = make_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS consult_bench_queue WITH (FORCE)"))
        conn.execute(text("CREATE DATABASE consult_bench_queue"))
    admin.dispose()
    return make_engine(PG_BENCH)


def _fill(engine, rows: int) -> int:  # type: ignore[no-untyped-def]
    Base.metadata.create_all(engine)
    now = datetime.now(UTC)
    with Session(engine) as s:
        c = Consultation(slug="bench", status="open", opens_at=now - timedelta(days=30),
                         closes_at=now + timedelta(days=30), languages=["en", "fr"],
                         bands=["9-12", "13-15", "16-17", "18-24"], texts={"title": {"en": "b"}})
        s.add(c)
        s.commit()
        cid = c.id
    rng = random.Random(7)
    bands, langs = ["9-12", "13-15", "16-17", "18-24"], ["en", "fr", "es", "ar", "ru", "zh"]
    batch = []
    with engine.begin() as conn:
        for i in range(rows):
            pending = rng.random() < 0.05
            batch.append({
                "consultation_id": cid, "band": rng.choice(bands), "language": rng.choice(langs),
                "region": None, "received_on": date(2026, 11, 1),
                "status": "pending" if pending else "approved", "code_hash": f"{i:064x}",
                "quote_consent": False, "flag_pii": rng.random() < 0.1,
                "flag_disclosure": False, "flag_abuse": rng.random() < 0.02})
            if len(batch) == 20000:
                conn.execute(insert(Submission), batch)
                batch = []
        if batch:
            conn.execute(insert(Submission), batch)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE submissions"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return cid


def _time(fn, repeat: int = 7) -> float:  # type: ignore[no-untyped-def]
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = _engine(args.database, Path(folder))
        started = time.perf_counter()
        cid = _fill(engine, args.rows)
        print(f"filled {args.rows:,} submissions in {time.perf_counter() - started:.1f} s "
              f"({args.database})")
        with Session(engine) as s:
            pending = s.scalars(select(Submission.id).where(Submission.status == "pending")
                                .order_by(Submission.id)).all()
            deep = pending[int(len(pending) * 0.9)]
            depth = int(len(pending) * 0.9)
            cases = [
                ("first page", QueueFilter(), 0, 0),
                ("page 90% deep", QueueFilter(), deep, depth),
                ("flag=pii, deep", QueueFilter(flag="pii"), deep, None),
                ("band+language", QueueFilter(consultation_id=cid, band="9-12", language="fr"),
                 0, None),
            ]
            print(f"{len(pending):,} pending; 50 a page\n")
            print(f"{'page':<18}{'keyset ms':>11}{'OFFSET ms':>11}{'ratio':>8}")
            for label, filters, after, offset in cases:
                keyset = _time(lambda f=filters, a=after: queue_page(s, f, a))
                if offset is not None:
                    stmt = (select(Submission).where(Submission.status == "pending")
                            .order_by(Submission.id).offset(offset).limit(51))
                    baseline = _time(lambda st=stmt: s.scalars(st).all())
                    print(f"{label:<18}{keyset:>11.2f}{baseline:>11.2f}"
                          f"{keyset / baseline:>8.2f}")
                else:
                    print(f"{label:<18}{keyset:>11.2f}{'-':>11}{'-':>8}")
        if args.database == "postgresql":
            engine.dispose()
            admin = make_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text("DROP DATABASE IF EXISTS consult_bench_queue WITH (FORCE)"))
            admin.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
