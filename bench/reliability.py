"""Faults under load: double sends, two tabs, a worker killed mid-send, the
database going away; what was acknowledged against what was stored.

    .venv/bin/python -m bench.reliability                          # SQLite
    .venv/bin/python -m bench.reliability --database-url \\
        postgresql+psycopg://postgres@127.0.0.1:5432/consult_reliability
    .venv/bin/python -m bench.reliability --participants 20 --json

What it does
------------
Makes a fresh database (SQLite: a file in a temporary directory; PostgreSQL:
the database named in --database-url, which must contain "bench", "reliab" or
"test", dropped and created, dropped again at the end), runs `consult db
upgrade` and `consult demo`, serves consult under gunicorn (gunicorn.conf.py,
gthread), then, against the demo consultation:

1. double send: --pairs participants each post the same "send" form twice at
   the same instant (a double click). Every pair must store one submission
   and both answers must show the same return code.
2. two tabs: --tabs participants each save two answers from two tabs at the
   same instant. Both answers must be on the review page.
3. load with kill -9: --participants participants walk the whole journey at
   once; a gunicorn worker is killed with SIGKILL (--kills times), each time
   aimed at the worst moment: a send whose submission has committed (its code's
   keyed hash is in the database) while its page has not arrived yet. A
   participant whose request dies "reloads": the browser repeats the same
   request with the cookies it had (re-posting a form). Every
   participant must end with a code, every acknowledged code must resolve to a
   stored submission (by its keyed hash, as /return does), and nothing may be
   stored twice.
4. outage: PostgreSQL refuses connections for --outage-seconds (ALLOW_CONNECTIONS
   false and every backend terminated) under a page load; SQLite, whose file
   cannot go away under open connections, is served from a path that does not
   exist yet, which then appears. Every answer during the outage must be 503
   with Retry-After, never 500; the server log gets one line per 503 and no
   traceback; the figure to watch is how soon pages work once it is back.

Prints the figures (or JSON with --json); exits 1 if any expectation failed, 2
if the server could not be set up. Each participant comes from an address of
its own (X-Forwarded-For behind CONSULT_PROXY_COUNT=1), as a classroom's
children behind a school proxy would not, so that no rate limit meant for one
address decides the figures.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# As in bench/submit.py: bench/ never goes on sys.path; the project root does.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.submit import (
    CODE_RE,
    CSRF_RE,
    DEMO,
    Server,
    SetupError,
    answer_for,
    free_port,
    gunicorn_argv,
    load_questions,
    run_setup,
    venv_bin,
)

NONCE_RE = re.compile(r'name="send_nonce" value="([^"]+)"')
TIMEOUT = 60.0
RELOADS = 8
PAGES = ["/", "/results/", "/c/{slug}/"]
RECOVERY_LIMIT_S = 30


def log(message: str) -> None:
    print(f"[reliability] {message}", file=sys.stderr, flush=True)


class Lost(Exception):
    """The request got no answer (the worker died, the connection dropped)."""


class Client:
    """One browser: its cookies, its own address, a new connection per request."""

    def __init__(self, port: int, address: str, cookies: dict[str, str] | None = None) -> None:
        self.port, self.address = port, address
        self.cookies = dict(cookies or {})
        self.local_port = 0  # of the request in flight, to find the worker serving it

    def clone(self) -> Client:
        return Client(self.port, self.address, self.cookies)

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None = None,
                remember: bool = True) -> tuple[int, str, str, dict[str, str]]:
        headers = {"Accept-Language": "en", "X-Forwarded-For": self.address}
        body = urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.connect()
            self.local_port = conn.sock.getsockname()[1]
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            raise Lost(type(exc).__name__) from exc
        finally:
            conn.close()
        if remember:
            for cookie in resp.headers.get_all("Set-Cookie") or []:
                first, _, attrs = cookie.partition(";")
                name, _, value = first.strip().partition("=")
                if "max-age=0" in attrs.lower().replace(" ", "") or not value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return (resp.status, urlsplit(resp.headers.get("Location", "")).path, data,
                {k.lower(): v for k, v in resp.getheaders()})

    def form(self, path: str, fields: list[tuple[str, str]]) -> tuple[int, str, str]:
        status, _, html, _ = self.request("GET", path)
        match = CSRF_RE.search(html)
        if status != 200 or not match:
            raise Lost(f"GET {path}: {status}")
        status, location, html, _ = self.request(
            "POST", path, [("csrf_token", match.group(1)), *fields])
        return status, location, html


def sent_code(client: Client, slug: str, form: list[tuple[str, str]], secret: str) -> str:
    """The code a send of this form would show (the bench knows the server's
    secret): what tells a send that committed before its worker died from one
    that never reached the database."""
    try:
        from consult.privacy.codes import code_for_send
    except ImportError:  # a version of consult from before derived codes
        return ""
    payload = client.cookies.get("session", "")
    raw = payload.lstrip(".").split(".")[0]
    try:
        data = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        token = json.loads(zlib.decompress(data) if payload.startswith(".") else data
                           )["drafts"][slug]
    except (ValueError, KeyError, TypeError, zlib.error):
        return ""
    return code_for_send(secret, token, dict(form).get("send_nonce", "")) or ""


def address(i: int) -> str:
    return f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"


def to_review(client: Client, slug: str, questions: list[dict[str, Any]],
              rng: random.Random) -> list[tuple[str, str]]:
    """Walk to the review page; return its send form."""
    base = f"/c/{slug}"
    client.form(f"{base}/start?lang=en", [("band", "16-17"), ("region", "")])
    client.form(f"{base}/assent", [("choice", "take-part")])
    for n, question in enumerate(questions, start=1):
        client.form(f"{base}/q/{n}", [*(("answer", v) for v in answer_for(question, rng)),
                                      ("action", "next")])
    client.form(f"{base}/quote", [("consent", "no"), ("action", "next")])
    return send_form(client.request("GET", f"{base}/review")[2])


def send_form(html: str) -> list[tuple[str, str]]:
    csrf, nonce = CSRF_RE.search(html), NONCE_RE.search(html)
    if not csrf:
        raise Lost("no send form on the review page")
    fields = [("csrf_token", csrf.group(1)), ("action", "send")]
    return fields + ([("send_nonce", nonce.group(1))] if nonce else [])


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    out: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            out[i] = call()
        except Lost as exc:  # reported in the figures
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


# ------------------------------------------------------------------ database


class Database:
    """Counts read straight from the database the server writes to."""

    def __init__(self, url: str, secret: str) -> None:
        from consult.db import make_engine

        self.url, self.secret = url, secret
        self.engine = make_engine(url)

    def count(self, table: str) -> int:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return int(conn.scalar(text(f"SELECT count(*) FROM {table}")) or 0)

    def resolves(self, codes: list[str]) -> int:
        """How many codes find their submission, by the keyed hash /return uses."""
        from sqlalchemy import text

        from consult.privacy.codes import code_hash

        with self.engine.connect() as conn:
            stored = {row[0] for row in conn.execute(text("SELECT code_hash FROM submissions"))}
        return sum(code_hash(self.secret, code) in stored for code in codes)

    def pg(self, *statements: str) -> list[Any]:
        """Statements run as the server's administrator, outside the app's database."""
        import psycopg

        parts = urlsplit(self.url.replace("+psycopg", ""))
        conninfo = (f"host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} "
                    f"user={parts.username or 'postgres'} dbname=postgres")
        out = []
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as conn:
            for statement in statements:
                cur = conn.execute(statement)  # type: ignore[arg-type]
                out.append(cur.fetchall() if cur.description else None)
        return out

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/")

    def terminate(self) -> int:
        rows = self.pg("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       f"WHERE datname = '{self.name}' AND pid <> pg_backend_pid()")[0]
        return len(rows or [])


# --------------------------------------------------------------------- phases


def double_send(port: int, slug: str, questions: list[dict[str, Any]], db: Database,
                pairs: int) -> dict[str, Any]:
    before = db.count("submissions")
    same_code = statuses = 0
    seen: Counter[str] = Counter()
    for i in range(pairs):
        client = Client(port, address(10_000 + i))
        form = to_review(client, slug, questions, random.Random(i))
        one, two = client.clone(), client.clone()
        results = at_once(partial(one.request, "POST", f"/c/{slug}/review", form),
                          partial(two.request, "POST", f"/c/{slug}/review", form))
        codes = []
        for r in results:
            status = r[0] if isinstance(r, tuple) else type(r).__name__
            seen[str(status)] += 1
            match = CODE_RE.search(r[2]) if isinstance(r, tuple) else None
            codes.append(match.group(1) if match else None)
        statuses += all(isinstance(r, tuple) and r[0] == 200 for r in results)
        same_code += codes[0] is not None and codes[0] == codes[1]
    stored = db.count("submissions") - before
    return {"pairs": pairs, "stored": stored, "both_200": statuses,
            "same_code_both": same_code, "statuses": dict(seen),
            "ok": stored == pairs and same_code == pairs}


def two_tabs(port: int, slug: str, questions: list[dict[str, Any]], rounds: int
             ) -> dict[str, Any]:
    texts = [n for n, q in enumerate(questions, start=1)
             if q["kind"] in ("short_text", "long_text")][:2]
    lost = 0
    for i in range(rounds):
        client = Client(port, address(20_000 + i))
        client.form(f"/c/{slug}/start?lang=en", [("band", "16-17"), ("region", "")])
        client.form(f"/c/{slug}/assent", [("choice", "take-part")])
        tabs = [client.clone(), client.clone()]
        forms = []
        for tab, n in zip(tabs, texts, strict=False):
            csrf = CSRF_RE.search(tab.request("GET", f"/c/{slug}/q/{n}")[2])
            assert csrf is not None
            forms.append([("csrf_token", csrf.group(1)), ("answer", f"tab {n} round {i}"),
                          ("action", "next")])
        at_once(*[partial(tab.request, "POST", f"/c/{slug}/q/{n}", f)
                  for tab, n, f in zip(tabs, texts, forms, strict=True)])
        review = client.request("GET", f"/c/{slug}/review")[2]
        lost += sum(f"tab {n} round {i}" not in review for n in texts)
    return {"rounds": rounds, "answers_saved": 2 * rounds - lost, "answers_lost": lost,
            "ok": lost == 0}


def workers(master: int) -> list[int]:
    """The gunicorn master's children (its workers), from /proc."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                out.append(int(entry.name))
    return out


def serving(pids: list[int], server_port: int, client_port: int) -> int | None:
    """Which of the workers `pids` holds the connection from `client_port`
    (/proc/net/tcp gives the socket's inode, each worker's fds name theirs)."""
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1].split(":")[1], fields[2].split(":")[1]
        if int(local, 16) == server_port and int(remote, 16) == client_port:
            inode = fields[9]
    if inode is None:
        return None
    for pid in pids:
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(fd) == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    return None


def load_with_kill(port: int, slug: str, questions: list[dict[str, Any]], db: Database,
                   server: Server, participants: int, kills: int) -> dict[str, Any]:
    before = db.count("submissions")
    in_send = [0]
    # The code each send in flight will show, when it can be known (derived
    # codes), and the browser sending it.
    awaited: dict[int, tuple[str, Client]] = {}
    lock = threading.Lock()
    tally: Counter[str] = Counter()
    codes: list[str] = []
    done = [0]

    def reload(call: Callable[[], Any], what: str) -> Any:
        for attempt in range(RELOADS):
            try:
                result = call()
            except Lost:
                with lock:
                    tally[f"{what} interrupted"] += 1
                time.sleep(0.5 + attempt)
                continue
            if isinstance(result, tuple) and result[0] in (502, 503):
                time.sleep(0.5 + attempt)
                continue
            return result
        raise Lost(f"{what}: no answer after {RELOADS} reloads")

    def participant(i: int) -> None:
        client = Client(port, address(30_000 + i))
        rng = random.Random(1000 + i)
        base = f"/c/{slug}"
        try:
            reload(lambda: client.form(f"{base}/start?lang=en",
                                       [("band", "16-17"), ("region", "")]), "step")
            reload(lambda: client.form(f"{base}/assent", [("choice", "take-part")]), "step")
            for n, question in enumerate(questions, start=1):
                answer = [("answer", v) for v in answer_for(question, rng)]
                reload(lambda n=n, answer=answer: client.form(
                    f"{base}/q/{n}", [*answer, ("action", "next")]), "step")
            reload(lambda: client.form(f"{base}/quote", [("consent", "no"), ("action", "next")]),
                   "step")
            form = reload(lambda: send_form(client.request("GET", f"{base}/review")[2]), "step")
            expected = sent_code(client, slug, form, db.secret)
            with lock:
                in_send[0] += 1
                if expected:
                    awaited[i] = (expected, client)
            try:
                first = [True]

                def send() -> Any:
                    # A reload re-posts the same form with the cookies the browser
                    # had: the cookie of a response that never came is not there.
                    if not first[0]:
                        committed = db.resolves([sent_code(client, slug, form, db.secret)])
                        with lock:
                            tally["send reloaded"] += 1
                            tally["of which had committed before the kill"] += committed
                    first[0] = False
                    return client.request("POST", f"{base}/review", form)
                status, _, html, _ = reload(send, "send")
            finally:
                with lock:
                    in_send[0] -= 1
                    awaited.pop(i, None)
            match = CODE_RE.search(html)
            with lock:
                tally[f"send answered {status}"] += 1
                if match:
                    codes.append(match.group(1))
                done[0] += 1
        except Lost as exc:
            with lock:
                tally[f"gave up: {exc}"[:80]] += 1

    def killer() -> None:
        assert server.proc is not None
        for k in range(kills):
            target = participants * (k + 1) // (kills + 1)
            while done[0] < target and any(t.is_alive() for t in threads):
                time.sleep(0.05)
            # Aim at the worst moment: a send whose submission is committed but
            # whose page has not arrived yet (found by its code's keyed hash).
            # Which worker holds it is unknown: one of them is killed.
            until = time.monotonic() + 5
            aimed: Client | None = None
            while time.monotonic() < until and aimed is None:
                with lock:
                    pending = list(awaited.values())
                for code, client in pending:
                    if db.resolves([code]):
                        aimed = client
                        break
                time.sleep(0.001 if pending else 0.01)
            victims = workers(server.proc.pid)
            holder = serving(victims, port, aimed.local_port) if aimed else None
            if victims:
                os.kill(holder or random.choice(victims), signal.SIGKILL)
                with lock:
                    tally["workers killed"] += 1
                    tally["kills aimed at a committed send's worker"] += holder is not None
                    tally["sends in flight at a kill"] += in_send[0]

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(participants)]
    began = time.monotonic()
    for t in threads:
        t.start()
    kill_thread = threading.Thread(target=killer)
    kill_thread.start()
    for t in threads:
        t.join()
    kill_thread.join()
    wall = time.monotonic() - began
    stored = db.count("submissions") - before
    resolved = db.resolves(codes)
    return {"participants": participants, "acknowledged": len(codes),
            "distinct_codes": len(set(codes)), "stored": stored, "codes_resolved": resolved,
            "seconds": round(wall, 1), "events": dict(tally),
            "ok": len(codes) == participants == stored == resolved == len(set(codes))}


def outage(port: int, slug: str, db: Database, server: Server, seconds: float,
           clients: int, restore: Callable[[], None], cut: Callable[[], None]
           ) -> dict[str, Any]:
    """Pages under load while `cut` makes the database unreachable and `restore`
    brings it back; the log lines written meanwhile are counted."""
    log_from = server.log.stat().st_size
    stop = threading.Event()
    answers: list[tuple[float, int, bool]] = []
    lock = threading.Lock()
    pages = [p.format(slug=slug) for p in PAGES]

    def hammer(i: int) -> None:
        client = Client(port, address(40_000 + i))
        n = 0
        while not stop.is_set():
            try:
                status, _, _, headers = client.request("GET", pages[n % len(pages)],
                                                       remember=False)
            except Lost:
                status, headers = 0, {}
            with lock:
                answers.append((time.monotonic(), status, "retry-after" in headers))
            n += 1

    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    time.sleep(1)
    cut()
    went = time.monotonic()
    time.sleep(seconds)
    restore()
    back = time.monotonic()
    # Until pages come back (what is measured), at least 2 s, at most RECOVERY_LIMIT_S:
    # a loaded machine may take more than 2 s, and that is a figure, not a failure.
    time.sleep(2)
    while time.monotonic() - back < RECOVERY_LIMIT_S:
        with lock:
            if any(at >= back and status == 200 for at, status, _ in answers):
                break
        time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join()
    during = [a for a in answers if went <= a[0] < back]
    after_ok = [a[0] for a in answers if a[0] >= back and a[1] == 200]
    lines = server.log.read_bytes()[log_from:].decode("utf-8", "replace").splitlines()
    statuses = Counter(str(a[1]) for a in answers)
    unavailable = sum("database unavailable" in line for line in lines)
    tracebacks = sum(line.startswith("Traceback") for line in lines)
    n503 = statuses.get("503", 0)
    return {"seconds_down": round(back - went, 1), "requests": len(answers),
            "statuses": dict(statuses), "during_outage": dict(Counter(str(a[1]) for a in during)),
            "503_with_retry_after": sum(1 for a in answers if a[1] == 503 and a[2]),
            "log_lines_503": unavailable, "tracebacks": tracebacks,
            "recovered_after_s": round(min(after_ok) - back, 3) if after_ok else None,
            "ok": ("500" not in statuses and n503 > 0 and unavailable == n503
                   and tracebacks == 0 and bool(after_ok))}


# ----------------------------------------------------------------------- main


def limit_settings(workers: int, redis: tuple[str, int] = ("127.0.0.1", 6379)
                   ) -> dict[str, str]:
    if workers <= 1:
        return {"CONSULT_RATELIMIT_STORAGE_URL": "memory://"}
    try:
        socket.create_connection(redis, timeout=1).close()
    except OSError:
        print(f"reliability: no Redis at {redis[0]}:{redis[1]}; rate limits off for this run",
              file=sys.stderr)
        return {"CONSULT_RATELIMIT_ENABLED": "0"}
    return {"CONSULT_RATELIMIT_STORAGE_URL": f"redis://{redis[0]}:{redis[1]}"}


def env_for(url: str, workdir: Path, port: int, secret: str, args: argparse.Namespace
            ) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSULT_")}
    # Several workers need a shared rate-limit store (gunicorn.conf.py refuses
    # memory:// with more than one): Redis where it runs, else no limits.
    env.update(limit_settings(args.workers))
    env.update({"CONSULT_DATABASE_URL": url, "CONSULT_INSTANCE_PATH": str(workdir / "instance"),
                "CONSULT_SECRET_KEY": secret,
                "CONSULT_BIND": f"127.0.0.1:{port}", "CONSULT_WORKERS": str(args.workers),
                "CONSULT_THREADS": str(args.threads), "CONSULT_PROXY_COUNT": "1",
                "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"})
    return env


def serve(name: str, env: dict[str, str], port: int, workdir: Path,
          servers: list[Server], healthy: bool = True) -> Server:
    server = Server(name, gunicorn_argv("wsgi:app"), env, workdir / f"{name}.log", port)
    servers.append(server)
    server.start()
    if healthy:
        server.wait_healthy(time.monotonic() + 60)
    else:  # the database is not there: wait for any answer from a worker
        until = time.monotonic() + 60
        while time.monotonic() < until:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                time.sleep(0.2)
    return server


def sqlite_outage(args: argparse.Namespace, url: str, workdir: Path, secret: str, slug: str,
                  db: Database, servers: list[Server]) -> dict[str, Any]:
    source = url.split("sqlite:///", 1)[1]
    later = workdir / "later"
    port = free_port()
    server = serve("sqlite-outage", env_for(f"sqlite:///{later / 'bench.db'}", workdir, port,
                                            secret, args), port, workdir, servers, healthy=False)

    def bring_back() -> None:
        with sqlite3.connect(source) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        later.mkdir()
        shutil.copy(source, later / "bench.db")

    try:
        return outage(port, slug, db, server, args.outage_seconds, args.outage_clients,
                      restore=bring_back, cut=lambda: None)
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="SQLite by default; a PostgreSQL URL whose "
                        "database name contains bench, reliab or test (recreated)")
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--pairs", type=int, default=20, help="double sends")
    parser.add_argument("--tabs", type=int, default=20, help="two-tab rounds")
    parser.add_argument("--kills", type=int, default=4, help="workers killed during the load")
    parser.add_argument("--outage-seconds", type=float, default=5.0)
    parser.add_argument("--outage-clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="consult-reliability-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    postgres = url.startswith("postgresql")
    secret = secrets.token_hex(32)
    servers: list[Server] = []
    slug, questions = load_questions(DEMO)
    db: Database | None = None
    result: dict[str, Any] = {"database": "postgresql" if postgres else "sqlite",
                              "workers": args.workers, "threads": args.threads}
    try:
        db = Database(url, secret)
        if postgres:
            if not re.search(r"bench|reliab|test", db.name):
                raise SetupError(f"refusing to recreate the database {db.name!r}")
            db.engine.dispose()
            db.pg(f"DROP DATABASE IF EXISTS {db.name} WITH (FORCE)", f"CREATE DATABASE {db.name}")
        port = free_port()
        env = env_for(url, workdir, port, secret, args)
        # Flask's CLI, with this checkout first on the path (PYTHONPATH in env).
        cli = [venv_bin("python"), "-m", "flask", "--app", "consult"]
        run_setup([*cli, "db", "upgrade"], env, time.monotonic() + 300)
        run_setup([*cli, "demo"], env, time.monotonic() + 300)
        server = serve("consult", env, port, workdir, servers)
        log(f"{result['database']}: double send, {args.pairs} pairs")
        result["double_send"] = double_send(port, slug, questions, db, args.pairs)
        log(f"two tabs, {args.tabs} rounds")
        result["two_tabs"] = two_tabs(port, slug, questions, args.tabs)
        log(f"load: {args.participants} participants, {args.kills} workers killed")
        result["load_with_kill"] = load_with_kill(port, slug, questions, db, server,
                                                  args.participants, args.kills)
        log(f"outage: {args.outage_seconds} s")
        if postgres:
            def cut() -> None:
                db.pg(f"ALTER DATABASE {db.name} WITH ALLOW_CONNECTIONS false")
                db.terminate()

            result["outage"] = outage(
                port, slug, db, server, args.outage_seconds, args.outage_clients, cut=cut,
                restore=lambda: db.pg(f"ALTER DATABASE {db.name} WITH ALLOW_CONNECTIONS true"))
        else:
            result["outage"] = sqlite_outage(args, url, workdir, secret, slug, db, servers)
        server_log = server.log.read_text(errors="replace").splitlines()
        result["server_tracebacks"] = sum(line.startswith("Traceback") for line in server_log)
        ok = all(result[k]["ok"] for k in ("double_send", "two_tabs", "load_with_kill",
                                            "outage"))
        print(json.dumps(result, indent=2) if args.json else report(result), flush=True)
        return 0 if ok else 1
    except SetupError as exc:
        log(f"setup failed: {exc}")
        return 2
    finally:
        for s in servers:
            s.stop()
        if db is not None:
            db.engine.dispose()
            if postgres:
                try:
                    db.pg(f"ALTER DATABASE {db.name} WITH ALLOW_CONNECTIONS true",
                          f"DROP DATABASE IF EXISTS {db.name} WITH (FORCE)")
                except Exception as exc:  # noqa: BLE001 - report, keep cleaning up
                    log(f"could not drop {db.name}: {exc}")
        shutil.rmtree(workdir, ignore_errors=True)


def report(r: dict[str, Any]) -> str:
    d, t, load, out = r["double_send"], r["two_tabs"], r["load_with_kill"], r["outage"]
    mark = {True: "ok", False: "FAILED"}
    lines = [
        (f"consult reliability on {r['database']} (gunicorn {r['workers']} workers x "
         f"{r['threads']} threads)"),
        (f"  double send   {d['pairs']} pairs: {d['stored']} stored, same code on both "
         f"answers {d['same_code_both']}/{d['pairs']}, statuses {d['statuses']}  "
         f"[{mark[d['ok']]}]"),
        (f"  two tabs      {t['rounds']} rounds: {t['answers_saved']} answers saved, "
         f"{t['answers_lost']} lost  [{mark[t['ok']]}]"),
        (f"  kill -9 load  {load['participants']} participants in {load['seconds']} s: "
         f"{load['acknowledged']} acknowledged, {load['stored']} stored, "
         f"{load['codes_resolved']} codes resolved, {load['distinct_codes']} distinct  "
         f"[{mark[load['ok']]}]"),
        f"                events {load['events']}",
        (f"  outage        {out['seconds_down']} s down, {out['requests']} requests "
         f"{out['statuses']} (during: {out['during_outage']}); 503 with Retry-After "
         f"{out['503_with_retry_after']}, log lines {out['log_lines_503']}, tracebacks "
         f"{out['tracebacks']}, pages back {out['recovered_after_s']} s after the database  "
         f"[{mark[out['ok']]}]"),
        f"  tracebacks in the server log over the whole run: {r['server_tracebacks']}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
