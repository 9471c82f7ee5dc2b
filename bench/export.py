"""How long each export takes and how much memory it needs, next to a raw baseline.

    .venv/bin/python bench/export.py                          # SQLite, 250,000 submissions
    .venv/bin/python bench/export.py --submissions 2000       # a quick run
    .venv/bin/python bench/export.py --database postgresql    # PostgreSQL on 127.0.0.1:5432

What it does
------------
1. Makes a fresh database (SQLite: a file in a temporary directory; PostgreSQL:
   the database `consult_bench_export`, dropped and created, dropped again at
   the end), upgraded with the app's migrations.
2. Imports a consultation in six languages with four questions (single choice,
   multiple choice, emoji scale, long text) and bulk-inserts N approved
   submissions of four answers each (Core executemany), with bands, languages
   and regions drawn from a skewed, realistic mix, including rare combinations.
3. Runs `consult export SLUG --format F -o FILE` for each format in a
   subprocess of its own, and a raw baseline in another: the same SELECT (same
   join, filter and order) written with the csv module, no ORM and no app.
   Each child's wall time is measured from here. Its peak RSS is its own
   VmHWM (/proc/self/status, read as it ends); where /proc is missing, its
   ru_maxrss from os.wait4, which on Linux also counts this parent's memory at
   the fork and so overstates.
   The children also report the time spent in the export itself, without
   interpreter start-up and imports.
4. Prints a table and the ratios; exits 1 if an export failed or missed a
   target: peak RSS < 300 MB for every format, and (from 100,000 submissions,
   where the rows outweigh fixed costs) CSV export time <= 2 x the raw one
   and XLSX export time <= 3 x the CSV export's.
   "x raw (export s)" compares the export command with the raw SELECT-to-CSV,
   each timed inside its process; "x raw (wall)" also counts interpreter and
   app start-up (about 1.5 s for the app, most of it scikit-learn).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_DB = "consult_bench_export"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{db}"
SLUG = "bench-export"
FORMATS = ("csv", "json", "xlsx", "docx")
# The reports (consult.reports), each a `consult report ...` command of its own.
REPORTS = ("report-consultation", "report-meeting", "report-annual", "report-final")
RSS_TARGET_MB = 300
RATIO_TARGET = 2.0
# The XLSX export against the CSV export, each timed in its own process.
XLSX_TARGET = 3.0
JUDGED_FROM = 100_000
CHUNK = 10_000

BANDS = {"9-12": 12, "13-15": 33, "16-17": 30, "18-24": 25}
LANGUAGES = {"en": 38, "fr": 16, "es": 18, "ar": 10, "ru": 9, "zh": 9}
REGIONS = {"EUR": 22, "AFR": 20, "AMS": 18, "ASP": 17, "ARB": 8, "CIS": 5, None: 10}
SENTENCES = {
    "en": ["Apps should ask before they show me things from strangers.",
           "Report buttons need to be easier to find and should actually do something.",
           "I want to know when I am talking to an AI and not a person.",
           "Schools should teach us how privacy settings work."],
    "fr": ["Les applis devraient demander avant de montrer des messages d'inconnus.",
           "Je veux savoir quand je parle à une IA."],
    "es": ["Las aplicaciones deberían avisar cuando una imagen está hecha con IA.",
           "Quiero poder borrar mis fotos antiguas con un clic."],
    "ar": ["يجب أن تخبرني التطبيقات عندما أتحدث مع ذكاء اصطناعي.",
           "أريد زر إبلاغ أسهل."],
    "ru": ["Приложения должны спрашивать, прежде чем показывать сообщения от незнакомцев.",
           "Хочу знать, когда я говорю с ИИ."],
    "zh": ["应用程序应该告诉我什么时候是在和人工智能说话。", "举报按钮应该更容易找到。"],
}


def definition(now: datetime) -> str:
    import yaml

    langs = list(LANGUAGES)

    def text(en: str) -> dict[str, str]:
        return {lang: en if lang == "en" else f"{en} [{lang}]" for lang in langs}

    def options(keys: list[str]) -> list[dict[str, Any]]:
        return [{"key": k, "label": {"default": text(k.replace("-", " ").capitalize())}}
                for k in keys]

    return yaml.safe_dump({
        "format": 1, "slug": SLUG, "languages": langs, "status": "draft",
        "opens_at": (now - timedelta(days=60)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "closes_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "feedback_due_on": (now + timedelta(days=60)).date().isoformat(),
        "title": text("Bench consultation"), "meeting": text("Bench meeting"),
        "audience": text("The bench"), "intro": text("Bench intro"),
        "next_steps": text("Nothing"),
        "questions": [
            {"key": "report-used", "kind": "single_choice",
             "prompt": {"default": text("Have you used a report button?")},
             "options": options(["helped", "nothing-happened", "didnt-know-how", "no-need",
                                 "not-sure"])},
            {"key": "feed-safer", "kind": "multiple_choice",
             "prompt": {"default": text("What would make your feed safer?")},
             "options": options(["see-less", "time-order", "why-shown", "breaks",
                                 "hide-likes", "filter-hurtful", "nothing", "not-sure"])},
            {"key": "feel", "kind": "emoji_scale",
             "prompt": {"default": text("How do you feel online?")}},
            {"key": "change", "kind": "long_text", "max_length": 2000,
             "prompt": {"default": text("What should apps change?")}},
        ],
    }, allow_unicode=True)


def _weighted(rng: random.Random, table: dict[Any, int], n: int) -> list[Any]:
    return rng.choices(list(table), weights=list(table.values()), k=n)


def populate(url: str, n: int) -> int:
    """Schema, consultation and N approved submissions; returns the answer count."""
    from sqlalchemy import insert, text
    from sqlalchemy.orm import Session

    from consult.consultations.definition import import_definition
    from consult.db import make_engine
    from consult.detect.pii import MASK
    from consult.migrate import upgrade
    from consult.participate.models import Answer, Submission

    upgrade(url)
    engine = make_engine(url)
    rng = random.Random(1306)
    answers = 0
    with Session(engine) as session:
        c = import_definition(session, definition(datetime.now(UTC)))
        c.status = "closed"
        session.commit()
        qids = {q.key: q.id for q in c.questions}
        cid = c.id
    with engine.begin() as conn:
        today = date.today()
        for start in range(0, n, CHUNK):
            size = min(CHUNK, n - start)
            bands = _weighted(rng, BANDS, size)
            langs = _weighted(rng, LANGUAGES, size)
            regions = _weighted(rng, REGIONS, size)
            subs, rows = [], []
            for i in range(size):
                sid = start + i + 1
                subs.append({"id": sid, "consultation_id": cid, "band": bands[i],
                             "language": langs[i], "region": regions[i],
                             "received_on": today - timedelta(days=sid % 50),
                             "status": "approved", "code_hash": f"{sid:064x}",
                             "quote_consent": False, "flag_pii": False,
                             "flag_disclosure": False, "flag_abuse": False})
                said = rng.choice(SENTENCES[langs[i]])
                original = f"{said} ({sid % 997})"
                redacted = original
                if sid % 20 == 0:  # one in twenty gave a phone number, masked
                    original = f"{said} call +44 7700 9{sid % 100000:05d}"
                    redacted = f"{said} call {MASK}"
                rows += [
                    {"submission_id": sid, "question_id": qids["report-used"],
                     "choices": [rng.choice(["helped", "nothing-happened", "didnt-know-how",
                                             "no-need", "not-sure"])],
                     "text_original": None, "text_redacted": None},
                    {"submission_id": sid, "question_id": qids["feed-safer"],
                     "choices": rng.sample(["see-less", "time-order", "why-shown", "breaks",
                                            "hide-likes", "filter-hurtful", "nothing",
                                            "not-sure"], rng.choice((1, 1, 2, 2, 3))),
                     "text_original": None, "text_redacted": None},
                    {"submission_id": sid, "question_id": qids["feel"],
                     "choices": [str(rng.choices(range(1, 6), (1, 2, 4, 5, 3))[0])],
                     "text_original": None, "text_redacted": None},
                    {"submission_id": sid, "question_id": qids["change"], "choices": None,
                     "text_original": original, "text_redacted": redacted},
                ]
            conn.execute(insert(Submission.__table__), subs)
            conn.execute(insert(Answer.__table__), rows)
            answers += len(rows)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql"
                          else "ANALYZE"))
    engine.dispose()
    return answers


# ------------------------------------------------------------------ children

# choices as text: the driver would otherwise parse every JSON value (psycopg
# does), which would make the baseline slower, not the export look faster.
RAW_SQL = ("SELECT s.id, s.band, s.language, s.region, a.question_id, "
           "CAST(a.choices AS TEXT), "
           "a.text_redacted FROM submissions s JOIN answers a ON a.submission_id = s.id "
           "WHERE s.consultation_id = {p} AND s.status = 'approved' "
           "ORDER BY s.id, a.question_id")


def child_raw(url: str, out: str) -> dict[str, Any]:
    started = time.perf_counter()
    rows = 0
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        if url.startswith("sqlite"):
            import sqlite3

            conn = sqlite3.connect(url.removeprefix("sqlite:///"))
            cur = conn.execute("SELECT id FROM consultations WHERE slug = ?", (SLUG,))
            cid = cur.fetchone()[0]
            cursor = conn.execute(RAW_SQL.format(p="?"), (cid,))
        else:
            import psycopg

            conn = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
            cid = conn.execute("SELECT id FROM consultations WHERE slug = %s",
                               (SLUG,)).fetchone()[0]  # type: ignore[index]
            cursor = conn.cursor(name="raw")  # server-side: streamed, as the export is
            cursor.itersize = 10_000
            cursor.execute(RAW_SQL.format(p="%s"), (cid,))
        writer.writerow(["id", "band", "language", "region", "question", "choices", "text"])
        for row in cursor:
            writer.writerow(row)
            rows += 1
        conn.close()
    return {"seconds": time.perf_counter() - started, "rows": rows}


def child_export(fmt: str, out: str) -> dict[str, Any]:
    """`consult export` itself (lookup, audit, export, fsync, rename, commit), timed
    after the app has started: app start-up is the same for every command."""
    started = time.perf_counter()
    from consult import create_app
    from consult.export.cli import export_command

    app = create_app()
    ready = time.perf_counter()
    with app.app_context():
        export_command.main([SLUG, "--format", fmt, "-o", out], standalone_mode=False)
    return {"seconds": time.perf_counter() - ready, "startup": ready - started}


def child_report(kind: str, out: str) -> dict[str, Any]:
    """`consult report consultation|meeting|annual|final ...` in French, timed after
    the app has started, as child_export is."""
    started = time.perf_counter()
    from consult import create_app
    from consult.reports.cli import report_group

    app = create_app()
    ready = time.perf_counter()
    year = str((datetime.now(UTC) - timedelta(days=60)).year)  # the bench consultation's
    what = {"report-consultation": ["consultation", SLUG],
            "report-meeting": ["meeting", "Bench meeting"],
            "report-annual": ["annual", year],
            "report-final": ["final", str(int(year) - 4), year]}[kind]
    with app.app_context():
        report_group.main([*what, "--lang", "fr", "-o", out], standalone_mode=False)
    return {"seconds": time.perf_counter() - ready, "startup": ready - started}


def vm_hwm_mb() -> float | None:
    """This process's own peak RSS. ru_maxrss of a child also counts the parent's
    memory at the fork (Linux carries it over at exec), so it overstates."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# ------------------------------------------------------------------ parent


def measure(argv: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = started + timeout
    status, usage = 0, None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            _pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    result: dict[str, Any] = {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "ok": False}
    if proc.returncode == 0 and out.strip():
        result.update(json.loads(out.strip().splitlines()[-1]), ok=True)
        if result.get("hwm_mb"):
            result["rss_mb"] = result["hwm_mb"]
    else:
        result["error"] = (err or out)[-2000:] or f"exit {proc.returncode}"
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--submissions", type=int, default=250_000)
    parser.add_argument("--formats", default=",".join(FORMATS + REPORTS))
    parser.add_argument("--pg-database", default=PG_DB,
                        help="the PostgreSQL database to create and drop (one per bench run)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per child")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "URL", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, url, out = args.child
        result = (child_raw(url, out) if kind == "raw" else child_report(kind, out)
                  if kind in REPORTS else child_export(kind, out))
        print(json.dumps({**result, "hwm_mb": vm_hwm_mb()}))
        return 0

    workdir = Path(tempfile.mkdtemp(prefix="consult-bench-export-"))
    db = args.pg_database
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", db):
        parser.error("--pg-database: lower-case letters, digits and _ only")
    url = (f"sqlite:///{workdir / 'bench.db'}" if args.database == "sqlite"
           else PG_URL.format(db=db))
    try:
        if args.database == "postgresql":
            pg_admin(db, [f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}"])
        started = time.perf_counter()
        answers = populate(url, args.submissions)
        print(f"{args.database}: {args.submissions:,} approved submissions, {answers:,} "
              f"answers, loaded in {time.perf_counter() - started:.1f} s", flush=True)
        env = {**os.environ, "CONSULT_DATABASE_URL": url, "CONSULT_SECRET_KEY": "bench",
               "CONSULT_INSTANCE_PATH": str(workdir / "instance"), "PYTHONUNBUFFERED": "1"}
        results: dict[str, dict[str, Any]] = {}
        for kind in ["raw", *args.formats.split(",")]:
            out = workdir / f"out.{'raw.csv' if kind == 'raw' else kind}"
            results[kind] = measure([sys.executable, __file__, "--child", kind, url, str(out)],
                                    env, args.timeout)
            results[kind]["bytes"] = out.stat().st_size if out.exists() else 0
            out.unlink(missing_ok=True)
            print(f"  {kind}: done in {results[kind]['wall']:.1f} s", flush=True)
        return report(results, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if args.database == "postgresql":
            pg_drop(db)


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> int:
    raw = results["raw"]
    print()
    csv_s = results["csv"]["seconds"] if results.get("csv", {}).get("ok") else float("nan")
    print(f"{'format':<8}{'wall s':>9}{'export s':>10}{'peak RSS MB':>13}{'output MB':>11}"
          f"{'x raw (export s)':>18}{'x raw (wall)':>14}{'x csv (export s)':>18}")
    failed = False
    for kind, r in results.items():
        if not r["ok"]:
            failed = True
            print(f"{kind:<8} FAILED: {r['error']}")
            continue
        ratio = r["seconds"] / raw["seconds"] if raw["ok"] else float("nan")
        wall_ratio = r["wall"] / raw["wall"] if raw["ok"] else float("nan")
        print(f"{kind:<8}{r['wall']:>9.2f}{r['seconds']:>10.2f}{r['rss_mb']:>13.1f}"
              f"{r['bytes'] / 1e6:>11.1f}{ratio:>18.2f}{wall_ratio:>14.2f}"
              f"{r['seconds'] / csv_s if kind != 'raw' else float('nan'):>18.2f}")
    print()
    if raw["ok"] and results.get("csv", {}).get("ok"):
        ratio = results["csv"]["seconds"] / raw["seconds"]
        wall_ratio = results["csv"]["wall"] / raw["wall"]
        judged = args.submissions >= JUDGED_FROM
        verdict = ("met" if ratio <= RATIO_TARGET else "MISSED") if judged else (
            f"not judged below {JUDGED_FROM:,} submissions, where the fixed cost of "
            "a lookup, an audit write and an fsync outweighs the rows")
        print(f"CSV / raw SELECT-to-CSV: {ratio:.2f} x in-process, {wall_ratio:.2f} x wall "
              f"(target <= {RATIO_TARGET:g}: {verdict})")
        failed |= judged and ratio > RATIO_TARGET
    if results.get("csv", {}).get("ok") and results.get("xlsx", {}).get("ok"):
        ratio = results["xlsx"]["seconds"] / results["csv"]["seconds"]
        judged = args.submissions >= JUDGED_FROM
        verdict = ("met" if ratio <= XLSX_TARGET else "MISSED") if judged else (
            f"not judged below {JUDGED_FROM:,} submissions")
        print(f"XLSX / CSV export: {ratio:.2f} x in-process (target <= {XLSX_TARGET:g}: "
              f"{verdict})")
        failed |= judged and ratio > XLSX_TARGET
    big = [k for k, r in results.items() if r["ok"] and r["rss_mb"] >= RSS_TARGET_MB]
    print(f"peak RSS < {RSS_TARGET_MB} MB in every format: "
          f"{'MISSED by ' + ', '.join(big) if big else 'met'}")
    startup = [r["startup"] for r in results.values() if r.get("startup")]
    print("wall s: the whole subprocess (interpreter, imports, app start-up, export); "
          "export s: the command alone, timed by the child once the app had started "
          f"(app start-up: {min(startup, default=0):.1f}-{max(startup, default=0):.1f} s); "
          f"raw rows: {raw.get('rows', 0):,}")
    return 1 if failed or big else 0


def pg_admin(db: str, sql: list[str]) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=10) as conn:
        for statement in sql:
            if statement.startswith("DROP DATABASE"):
                pg_drop(db)
            else:
                conn.execute(statement)  # type: ignore[arg-type]


def pg_drop(db: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=10) as conn:
        force = " WITH (FORCE)" if conn.info.server_version >= 130000 else ""
        conn.execute(f"DROP DATABASE IF EXISTS {db}{force}")  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
