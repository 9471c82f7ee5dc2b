"""How many whole participant journeys consult takes per second, next to a baseline.

    .venv/bin/python bench/submit.py                        # SQLite, 16 participants, 300
    .venv/bin/python -m bench.submit ...                    # the same
    .venv/bin/python bench/submit.py --database postgresql  # PostgreSQL on 127.0.0.1:5432
    .venv/bin/python bench/submit.py --submissions 30 --json

What it does
------------
1. Makes a fresh database (SQLite: a file in a temporary directory; PostgreSQL:
   the database `consult_bench`, dropped and created, dropped again at the end),
   runs `consult db upgrade` and `consult demo`, and starts consult under
   gunicorn (gunicorn.conf.py, gthread) on a free loopback port.
2. N client threads walk the demo consultation the way a browser does: GET each
   page, then POST its form with the CSRF token from that page, following every
   redirect with a GET: start, assent, every question, quote, review, send. Each
   journey has its own cookie jar (one participant, one session cookie); each
   client thread keeps one keep-alive connection, as a browser or a proxy would.
   Every status and every redirect target is checked, and the confirmation page
   must show a return code. A few unmeasured warm-up journeys come first.
3. Stops consult, starts bench/baseline_app.py (one table, GET /form + POST /form
   with one INSERT) under the same gunicorn.conf.py, against the same database,
   and drives it with the same N clients through M "baseline journeys": as many
   GET + POST pairs as a consult journey has form pages (17 for the demo), one
   INSERT per POST.
4. Prints the figures and the ratios, or JSON with --json. Exits 1 if any
   request failed or the time ran out, 2 if a server could not be set up.

How to read the figures
-----------------------
- The target (>= 0.6) is held against the first ratio: consult submissions/s
  over baseline journeys/s, where both journeys have the same number of form
  pages (a GET and a POST each). A consult journey is 2 x (questions + 4)
  requests (34 for the 13-question demo) with one COMMIT per POST; so is a
  baseline journey, each POST one INSERT. The ratio says how much a child's
  whole journey through consult costs next to the same number of bare forms.
- Also printed: submissions/s over single inserts/s (one GET + one POST). That
  is not like for like: even an app with zero overhead per request would score
  1 / (questions + 4) = 0.06 on it, so no multi-page journey can reach 0.6 on it.
  It answers "how much slower is sending a whole consultation than posting one
  tiny form".
- requests/s over requests/s compares one consult page with one bare page, and
  the servers' CPU time per request (read from /proc for the gunicorn process
  group) says the same while hardly moving when other work shares the machine.
  It leaves out the database's own CPU (PostgreSQL backends), which SQLite,
  running inside the workers, is charged with.
- No ratio is perfect: consult pages are real pages (Jinja layout, six
  languages, CSRF, signed session cookie, security headers, about 4 queries per
  request), and a consult POST writes a JSON draft, where the baseline writes a
  short row. The per-step table shows where consult's time goes: client-side
  latency per step, and the server's own time per step from gunicorn's access
  log (%(M)s, whole milliseconds); the difference is queueing in gunicorn.
- Journey latency is the time a child waits in total (without reading or typing
  time), from the first GET to the confirmation page; request p50/p99 is the
  wait for one page. Latency under a closed loop of N clients grows with N; the
  throughput figures are the ones to compare between runs.
- The client runs on the same machine and competes for the same CPUs (and one
  GIL); on a machine with few CPUs this lowers both servers' figures, the
  baseline's (many cheap requests) relatively more.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# `python bench/submit.py` puts bench/ first on sys.path, where a sibling script
# can shadow a standard module (a bench/queue.py would hide `queue`, which
# psycopg imports). Nothing is imported from bench/: look modules up without it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
DEMO = ROOT / "consult" / "data" / "demo_consultation.yaml"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_DB = "consult_bench"
PG_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DB}"
TARGET_RATIO = 0.6
REQUEST_TIMEOUT = 30.0
STARTUP_TIMEOUT = 60.0
BAND = "16-17"

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CODE_RE = re.compile(r'id="return-code">([0-9-]+)<')
ACCESS_RE = re.compile(r'^"(\w+) (\S+)" (\d{3}) \S+ (\d+)ms\s*$')

SENTENCES = [
    "Apps should always say clearly when you are talking to a bot and not a person.",
    "I would like a simple button that explains why a video was shown to me.",
    "Fake pictures of real people should be labelled so everyone can see they are fake.",
    "Reporting should be quick and the app should tell you what happened after you report.",
    "Chatbots should not pretend to be our friends or ask us personal questions.",
    "Please make the safety settings easy to find and explain them in plain words.",
    "My friends and I want to choose what we see instead of the app choosing for us.",
    "Teachers should talk with us about AI at school so we know what is real online.",
    "It would help if apps reminded us to take breaks when we scroll for a long time.",
    "Companies should ask young people before they change the rules of their apps.",
]
SHORT = ["Faster answers when I report something.", "Tell me what happened to my report.",
         "A report button that is easy to find.", "Answers in my own language."]
# Options a participant would not tick together with others.
EXCLUSIVE = {"none", "not-sure", "nothing", "rather-not-say"}


class Interrupted(Exception):
    pass


class SetupError(Exception):
    pass


class StepFailed(Exception):
    def __init__(self, label: str, reason: str) -> None:
        super().__init__(f"{label}: {reason}")
        self.label, self.reason = label, reason


# --------------------------------------------------------------------- figures


def pct(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile, in the unit of `values`."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def per(seconds: float | None, count: int) -> float | None:
    return None if seconds is None or not count else round(seconds * 1000 / count, 2)


def group_cpu(pgid: int) -> float | None:
    """CPU seconds (user + system) used so far by the live processes of a group (Linux)."""
    total = 0
    try:
        entries = list(os.scandir("/proc"))
    except OSError:
        return None
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    """What one client thread saw; merged after the run."""

    iterations: list[float] = field(default_factory=list)
    requests: list[tuple[str, float, int]] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def fail(self, reason: str) -> None:
        self.failures[reason] += 1
        if len(self.examples) < 5:
            self.examples.append(reason)


@dataclass
class Run:
    name: str
    attempted: int
    wall: float
    timed_out: bool
    tally: Tally
    client_cpu: float | None = None
    server_cpu: float | None = None

    @property
    def done(self) -> int:
        return len(self.tally.iterations)

    @property
    def failed(self) -> int:
        return sum(self.tally.failures.values()) + (1 if self.timed_out else 0)

    def figures(self) -> dict[str, Any]:
        req = [t for _label, t, _status in self.tally.requests]
        wall = self.wall or float("nan")
        return {
            "completed": self.done,
            "attempted": self.attempted,
            "per_second": round(self.done / wall, 2),
            "requests": len(req),
            "requests_per_second": round(len(req) / wall, 1),
            "requests_per_iteration": round(len(req) / self.attempted, 1) if self.attempted
            else None,
            "iteration_p50_ms": ms(pct(self.tally.iterations, 50)),
            "iteration_p99_ms": ms(pct(self.tally.iterations, 99)),
            "request_p50_ms": ms(pct(req, 50)),
            "request_p99_ms": ms(pct(req, 99)),
            "server_cpu_ms_per_request": per(self.server_cpu, len(req)),
            "server_cpu_ms_per_iteration": per(self.server_cpu, self.done),
            "client_cpu_ms_per_request": per(self.client_cpu, len(req)),
            "failures": self.failed,
            "failure_reasons": dict(self.tally.failures.most_common(10)),
            "timed_out": self.timed_out,
            "wall_s": round(self.wall, 2),
        }


# ---------------------------------------------------------------------- client


def step_label(method: str, path: str) -> str:
    path = urlsplit(path).path
    path = re.sub(r"^/c/[^/]+", "", path)
    return f"{method} {re.sub(r'/q/[0-9]+', '/q/<n>', path)}"


class Browser:
    """One keep-alive connection; `cookies` is the jar of the current participant."""

    def __init__(self, host: str, port: int, tally: Tally, keepalive: bool) -> None:
        self.host, self.port, self.tally, self.keepalive = host, port, tally, keepalive
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str,
                form: list[tuple[str, str]] | None = None) -> tuple[int, str, str]:
        """Return (status, Location path, body)."""
        body = urlencode(form) if form is not None else None
        headers = {"Accept": "text/html", "Accept-Language": "en",
                   "User-Agent": "consult-bench/1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if not self.keepalive:
            headers["Connection"] = "close"
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port,
                                                       timeout=REQUEST_TIMEOUT)
            start = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server had closed: nothing was
                # processed, so send once more on a new connection.
                self.close()
                if reused and attempt == 1:
                    continue
                raise
            except BaseException:
                self.close()
                raise
            break
        elapsed = time.perf_counter() - start
        self.tally.requests.append((step_label(method, path), elapsed, resp.status))
        for cookie in resp.headers.get_all("Set-Cookie") or []:
            self._remember(cookie)
        if resp.will_close or not self.keepalive:
            self.close()
        location = urlsplit(resp.headers.get("Location", "")).path
        return resp.status, location, data.decode("utf-8", "replace")

    def _remember(self, header: str) -> None:
        first, _, attrs = header.partition(";")
        name, _, value = first.strip().partition("=")
        attrs_l = attrs.lower().replace(" ", "")
        if "max-age=0" in attrs_l or "1970" in attrs_l or not value:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value


def get_page(browser: Browser, path: str) -> str:
    label = step_label("GET", path)
    status, _location, html = browser.request("GET", path)
    if status != 200:
        raise StepFailed(label, f"status {status}")
    return html


def token(html: str, label: str) -> str:
    match = CSRF_RE.search(html)
    if not match:
        raise StepFailed(label, "no CSRF token on the page")
    return match.group(1)


def post_redirect(browser: Browser, path: str, form: list[tuple[str, str]],
                  expect: str) -> None:
    label = step_label("POST", path)
    status, location, _html = browser.request("POST", path, form)
    if status != 302:
        raise StepFailed(label, f"status {status}")
    if location != expect:
        raise StepFailed(label, f"redirect to {location or '(none)'}")


# --------------------------------------------------------------------- journey


def load_questions(path: Path) -> tuple[str, list[dict[str, Any]]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(data["slug"]), list(data["questions"])


def answer_for(question: dict[str, Any], rng: random.Random) -> list[str]:
    kind = question["kind"]
    keys = [str(o["key"]) for o in question.get("options") or []]
    if kind == "emoji_scale":
        return [rng.choice("12345")]
    if kind == "single_choice":
        return [rng.choice(keys)]
    if kind == "multiple_choice":
        usable = [k for k in keys if k not in EXCLUSIVE] or keys
        return rng.sample(usable, min(2, len(usable)))
    limit = int(question.get("max_length") or 2000)
    if kind == "short_text":
        return [rng.choice(SHORT)[:limit]]
    return [" ".join(rng.sample(SENTENCES, 2))[:limit]]


def journey(browser: Browser, slug: str, questions: list[dict[str, Any]],
            rng: random.Random) -> None:
    """One participant, start to return code. Raises StepFailed."""
    browser.cookies = {}
    base = f"/c/{slug}"
    start = f"{base}/start?lang=en"
    html = get_page(browser, start)
    post_redirect(browser, start, [("csrf_token", token(html, "GET /start")),
                                   ("band", BAND), ("region", "")], f"{base}/assent")
    html = get_page(browser, f"{base}/assent")
    post_redirect(browser, f"{base}/assent", [("csrf_token", token(html, "GET /assent")),
                                              ("choice", "take-part")], f"{base}/q/1")
    for n, question in enumerate(questions, start=1):
        page = f"{base}/q/{n}"
        html = get_page(browser, page)
        form = [("csrf_token", token(html, "GET /q/<n>"))]
        form += [("answer", value) for value in answer_for(question, rng)]
        form.append(("action", "next"))
        after = f"{base}/q/{n + 1}" if n < len(questions) else f"{base}/quote"
        post_redirect(browser, page, form, after)
    html = get_page(browser, f"{base}/quote")
    post_redirect(browser, f"{base}/quote", [("csrf_token", token(html, "GET /quote")),
                                             ("consent", "no"), ("action", "next")],
                  f"{base}/review")
    html = get_page(browser, f"{base}/review")
    status, _location, done = browser.request(
        "POST", f"{base}/review",
        [("csrf_token", token(html, "GET /review")), ("action", "send")])
    if status != 200:
        raise StepFailed("POST /review", f"status {status}")
    if not CODE_RE.search(done):
        raise StepFailed("POST /review", "no return code on the confirmation page")


def baseline_iteration(browser: Browser, rng: random.Random, pairs: int) -> None:
    """A baseline journey: `pairs` forms, each fetched and posted (one INSERT)."""
    for _ in range(pairs):
        html = get_page(browser, "/form")
        if 'name="text"' not in html:
            raise StepFailed("GET /form", "no form on the page")
        status, _location, _body = browser.request("POST", "/form",
                                                   [("text", rng.choice(SENTENCES))])
        if status != 200:
            raise StepFailed("POST /form", f"status {status}")


def journey_pairs(questions: list[dict[str, Any]]) -> int:
    """Form pages in a consult journey: start, assent, each question, quote, review."""
    return len(questions) + 4


# ---------------------------------------------------------------------- driver


def drive(name: str, host: str, port: int, clients: int, total: int, deadline: float,
          stop: threading.Event, keepalive: bool,
          iteration: Callable[[Browser, random.Random], None]) -> Run:
    """`clients` threads share `total` iterations; no new one starts after `deadline`."""
    lock = threading.Lock()
    issued = [0]
    tallies = [Tally() for _ in range(clients)]

    def ticket() -> bool:
        with lock:
            if issued[0] >= total or stop.is_set() or time.monotonic() >= deadline:
                return False
            issued[0] += 1
            return True

    def client(i: int) -> None:
        tally = tallies[i]
        browser = Browser(host, port, tally, keepalive)
        rng = random.Random(i)
        try:
            while ticket():
                begun = time.perf_counter()
                try:
                    iteration(browser, rng)
                except StepFailed as exc:
                    tally.fail(f"{exc.label}: {exc.reason}")
                    browser.close()
                except (OSError, http.client.HTTPException) as exc:
                    tally.fail(f"{type(exc).__name__}: {exc}"[:160])
                    browser.close()
                else:
                    tally.iterations.append(time.perf_counter() - begun)
        finally:
            browser.close()

    threads = [threading.Thread(target=client, args=(i,), name=f"{name}-{i}", daemon=True)
               for i in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    # Requests already sent may take up to REQUEST_TIMEOUT after the deadline.
    hard_stop = deadline + REQUEST_TIMEOUT + 5
    while any(t.is_alive() for t in threads):
        if stop.is_set():
            raise Interrupted()
        if time.monotonic() > hard_stop:
            break
        for t in threads:
            t.join(timeout=0.2)
    wall = time.perf_counter() - began
    stuck = any(t.is_alive() for t in threads)
    merged = Tally()
    for tally in tallies:
        merged.iterations += tally.iterations
        merged.requests += tally.requests
        merged.failures.update(tally.failures)
        merged.examples += tally.examples
    with lock:
        attempted = issued[0]
    return Run(name, attempted, wall, stuck or attempted < total, merged)


# --------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def loopback(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise SystemExit(f"{url}: only http://host:port URLs are supported")
    host = parts.hostname
    addresses = {info[4][0] for info in socket.getaddrinfo(host, parts.port or 80)}
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback
                                for a in addresses):
        raise SystemExit(f"{url}: only loopback addresses may be benchmarked")
    return host, parts.port or 80


def gunicorn_argv(app: str) -> list[str]:
    """gunicorn with the project's settings file, serving `app`.

    gunicorn >= 27 opens a control socket at ~/.gunicorn/gunicorn.ctl by default,
    which every other gunicorn on the host (make run, tests, a second bench) also
    wants: the throwaway servers here go without one.
    """
    argv = [venv_bin("gunicorn"), "-c", "gunicorn.conf.py"]
    helptext = subprocess.run(argv[:1] + ["--help"], capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL).stdout
    if "--no-control-socket" in helptext:
        argv.append("--no-control-socket")
    return argv + [app]


def venv_bin(name: str) -> str:
    for folder in (ROOT / ".venv" / "bin", Path(sys.executable).parent):
        if (folder / name).exists():
            return str(folder / name)
    raise SetupError(f"{name} not found in {ROOT / '.venv' / 'bin'}")


class Server:
    """A gunicorn in its own process group, its output in a log file."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path,
                 port: int) -> None:
        self.name, self.argv, self.env, self.log, self.port = name, argv, env, log, port
        self.proc: subprocess.Popen[bytes] | None = None
        self.measure_from = 0

    def start(self) -> None:
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=out,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)

    def wait_healthy(self, deadline: float) -> None:
        until = min(deadline, time.monotonic() + STARTUP_TIMEOUT)
        while time.monotonic() < until:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise SetupError(f"{self.name} exited with {self.proc.returncode}:\n"
                                 + self.tail())
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.2)
        raise SetupError(f"{self.name} did not answer /healthz in time:\n" + self.tail())

    def mark(self) -> None:
        """Server times are read from here on (after the warm-up)."""
        self.measure_from = self.log.stat().st_size

    def cpu(self) -> float | None:
        return group_cpu(self.proc.pid) if self.proc is not None else None

    def server_times(self) -> dict[str, list[float]]:
        times: dict[str, list[float]] = defaultdict(list)
        with open(self.log, "rb") as f:
            f.seek(self.measure_from)
            for raw in f:
                match = ACCESS_RE.match(raw.decode("utf-8", "replace"))
                if match and match.group(2) != "/healthz":
                    times[step_label(match.group(1), match.group(2))].append(
                        int(match.group(4)) / 1000)
        return times

    def tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        interesting = [line for line in text if not ACCESS_RE.match(line)]
        return "\n".join(interesting[-lines:]) or "(nothing but access log lines)"

    def stop(self) -> None:
        if self.proc is None:
            return
        pgid = self.proc.pid
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
                # The master is gone; make sure no worker outlives it.
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
            break
        self.proc = None


def server_env(args: argparse.Namespace, workdir: Path, url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONSULT_")}
    env.update({
        "CONSULT_DATABASE_URL": url,
        "CONSULT_INSTANCE_PATH": str(workdir / "instance"),
        "CONSULT_SECRET_KEY": secrets.token_hex(32),
        "CONSULT_RATELIMIT_STORAGE_URL": "memory://",
        # Every simulated participant comes from one address: no limits here.
        "CONSULT_RATELIMIT_ENABLED": "0",
        "CONSULT_BIND": f"127.0.0.1:{port}",
        "CONSULT_WORKERS": str(args.workers),
        "CONSULT_THREADS": str(args.threads),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def run_setup(argv: list[str], env: dict[str, str], deadline: float) -> None:
    timeout = max(1.0, deadline - time.monotonic())
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise SetupError(f"{' '.join(argv)} failed ({done.returncode}):\n"
                         f"{done.stdout[-3000:]}{done.stderr[-3000:]}")


def pg_admin(sql: list[str]) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=10) as conn:
        for statement in sql:
            conn.execute(statement)  # type: ignore[arg-type]


def pg_drop() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=10) as conn:
        force = " WITH (FORCE)" if conn.info.server_version >= 130000 else ""
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}{force}")  # type: ignore[arg-type]


# ------------------------------------------------------------------------ main


def phase(name: str, server: Server | None, host: str, port: int, args: argparse.Namespace,
          total: int, deadline: float, stop: threading.Event,
          iteration: Callable[[Browser, random.Random], None]) -> tuple[Run, dict[str, Any]]:
    keepalive = not args.no_keepalive
    if args.warmup:
        log(f"{name}: warming up with {args.warmup} unmeasured iterations")
        warm = drive(f"{name}-warmup", host, port, args.participants, args.warmup, deadline,
                     stop, keepalive, iteration)
        if warm.failed:
            log(f"{name}: warm-up failures: {dict(warm.tally.failures)}")
            if warm.done == 0:
                return warm, {}
    server_cpu = None
    if server is not None:
        server.mark()
        server_cpu = server.cpu()
    client_cpu = time.process_time()
    log(f"{name}: {total} iterations with {args.participants} clients")
    run = drive(name, host, port, args.participants, total, deadline, stop, keepalive,
                iteration)
    run.client_cpu = time.process_time() - client_cpu
    if server is not None and server_cpu is not None:
        after = server.cpu()
        run.server_cpu = None if after is None else after - server_cpu
    steps: dict[str, Any] = {}
    by_label: dict[str, list[float]] = defaultdict(list)
    for label, seconds, _status in run.tally.requests:
        by_label[label].append(seconds)
    server_side = server.server_times() if server is not None else {}
    for label, values in by_label.items():
        srv = server_side.get(label, [])
        steps[label] = {"count": len(values), "p50_ms": ms(pct(values, 50)),
                        "p99_ms": ms(pct(values, 99)),
                        "mean_ms": ms(sum(values) / len(values)),
                        "server_mean_ms": ms(sum(srv) / len(srv)) if srv else None}
    log(f"{name}: {run.done} done, {sum(run.tally.failures.values())} failed in "
        f"{run.wall:.1f}s" + (f"; stopped by the time limit after {run.attempted} of {total}"
                              if run.timed_out else ""))
    return run, steps


def served_phase(name: str, app: str, env: dict[str, str], port: int, workdir: Path,
                 servers: list[Server], args: argparse.Namespace, total: int, deadline: float,
                 stop: threading.Event, iteration: Callable[[Browser, random.Random], None]
                 ) -> tuple[Run, dict[str, Any]]:
    """Serve `app` under gunicorn, run a phase against it, stop it."""
    server = Server(name, gunicorn_argv(app), env, workdir / f"{name}.log", port)
    servers.append(server)
    server.start()
    server.wait_healthy(deadline)
    try:
        run, steps = phase(name, server, "127.0.0.1", port, args, total, deadline, stop,
                           iteration)
    finally:
        server.stop()
    if run.failed:
        log(f"{name} server output (without access log lines):\n" + server.tail())
    return run, steps


def load_average() -> float | None:
    """The 1-minute load average (includes this run's own processes at the end)."""
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):
        return None


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    return f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}"


def report(result: dict[str, Any]) -> str:
    s, c, b = result["settings"], result["consult"], result.get("baseline")
    gunicorn = (f"gunicorn {s['workers']} workers x {s['threads']} threads "
                f"({s['worker_class']})" if s["workers"] else "server settings: external")
    baseline = (f"{s['baseline_iterations']} baseline journeys of {s['baseline_pairs']} "
                f"forms" if b else "no baseline")
    out = [
        "consult submit benchmark",
        f"  database {s['database']}, {s['participants']} concurrent participants, "
        f"{s['submissions']} submissions, {baseline} ({s['warmup']} warm-up each)",
        f"  {gunicorn}, keep-alive {'on' if s['keepalive'] else 'off'}, "
        f"timeout {s['timeout_s']:g} s",
        f"  Python {s['python']}, {s['cpus']} CPUs ({s['machine']}); client and servers "
        f"share them; 1-min load before {fmt(s['load_before'])}, after "
        f"{fmt(s.get('load_after'))}",
        "",
        f"  {'':34}{'consult':>14}{'baseline':>14}",
    ]
    rows = [
        ("completed (journeys)", "completed", ""),
        ("journeys per second", "per_second", ""),
        ("requests per second", "requests_per_second", ""),
        ("requests per iteration", "requests_per_iteration", ""),
        ("journey p50 ms", "iteration_p50_ms", ""),
        ("journey p99 ms", "iteration_p99_ms", ""),
        ("request p50 ms", "request_p50_ms", ""),
        ("request p99 ms", "request_p99_ms", ""),
        ("server CPU ms per request", "server_cpu_ms_per_request", ""),
        ("server CPU ms per journey", "server_cpu_ms_per_iteration", ""),
        ("client CPU ms per request", "client_cpu_ms_per_request", ""),
        ("failures", "failures", ""),
        ("wall time s", "wall_s", ""),
    ]
    for title, key, unit in rows:
        out.append(f"  {title:34}{fmt(c[key], unit):>14}"
                   f"{fmt(b[key] if b else None, unit):>14}")
    out.append("")
    r = result["ratios"]
    if r["submissions_per_journey"] is not None:
        verdict = "met" if r["submissions_per_journey"] >= TARGET_RATIO else "NOT met"
        out.append(f"  consult submissions/s / baseline journeys/s = "
                   f"{r['submissions_per_journey']:.3f}   (target >= {TARGET_RATIO}: {verdict})")
        out.append(f"  consult submissions/s / baseline inserts/s  = "
                   f"{r['submissions_per_insert']:.3f}   (one form, not a journey: at most "
                   f"{r['zero_overhead_bound']:.3f})")
        out.append(f"  consult requests/s / baseline requests/s    = "
                   f"{r['requests_per_request']:.3f}   (cost of a page vs a bare page)")
        if r["cpu_per_request"] is not None:
            out.append(f"  baseline / consult server CPU per request  = "
                       f"{r['cpu_per_request']:.3f}   (the same, least sensitive to other load)")
    else:
        out.append("  no baseline run: no ratio")
    out += ["", "  consult per step (after warm-up): client latency and server time",
            f"  {'step':22}{'count':>7}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}"
            f"{'server ms':>11}"]
    for label, st in result["consult_steps"].items():
        out.append(f"  {label:22}{st['count']:>7}{fmt(st['p50_ms']):>9}{fmt(st['p99_ms']):>9}"
                   f"{fmt(st['mean_ms']):>9}{fmt(st['server_mean_ms']):>11}")
    for name in ("consult", "baseline"):
        part = result.get(name)
        if part and (part["failure_reasons"] or part["timed_out"]):
            out += ["", f"  {name} failures:"]
            out += [f"    {n:5} {reason}" for reason, n in part["failure_reasons"].items()]
            if part["timed_out"]:
                out.append(f"    {1:5} time limit: {part['attempted']} of the iterations "
                           "started, or a client hung (raise --timeout)")
    return "\n".join(out)


STEP_ORDER = ["GET /start", "POST /start", "GET /assent", "POST /assent", "GET /q/<n>",
              "POST /q/<n>", "GET /quote", "POST /quote", "GET /review", "POST /review"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--participants", type=int, default=16,
                        help="concurrent participants (client threads)")
    parser.add_argument("--submissions", type=int, default=300, help="total journeys")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=None,
                        help="unmeasured iterations first (default: one per participant)")
    parser.add_argument("--baseline-iterations", type=int, default=None,
                        help="baseline journeys (default: --submissions)")
    parser.add_argument("--baseline-pairs", type=int, default=None,
                        help="GET+POST pairs in a baseline journey (default: as many as "
                             "consult's journey has form pages)")
    parser.add_argument("--timeout", type=float, default=300.0, help="global time limit, s")
    parser.add_argument("--url", help="bench this running consult (loopback only)")
    parser.add_argument("--baseline-url", help="a running baseline_app (with --url)")
    parser.add_argument("--slug", help="consultation slug (default: the demo's)")
    parser.add_argument("--no-keepalive", action="store_true",
                        help="a new connection for every request")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.warmup is None:
        args.warmup = args.participants
    if args.baseline_iterations is None:
        args.baseline_iterations = args.submissions
    for name in ("participants", "submissions", "workers", "threads", "baseline_iterations"):
        if not 1 <= getattr(args, name) <= 100_000:
            parser.error(f"--{name.replace('_', '-')} must be between 1 and 100000")
    if not 0 <= args.warmup <= 100_000:
        parser.error("--warmup must be between 0 and 100000")
    if args.baseline_url and not args.url:
        parser.error("--baseline-url goes with --url")
    if not 1 <= args.timeout <= 24 * 3600:
        parser.error("--timeout must be between 1 s and a day")

    started = time.monotonic()
    deadline = started + args.timeout
    stop = threading.Event()
    slug, questions = load_questions(DEMO)
    slug = args.slug or slug
    if args.baseline_pairs is None:
        args.baseline_pairs = journey_pairs(questions)
    if not 1 <= args.baseline_pairs <= 1000:
        parser.error("--baseline-pairs must be between 1 and 1000")
    workdir = Path(tempfile.mkdtemp(prefix="consult-bench-"))
    servers: list[Server] = []
    pg_created = False
    failed = False

    def on_term(_signo: int, _frame: Any) -> None:
        stop.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    result: dict[str, Any] = {}
    try:
        external = bool(args.url)
        if args.database == "postgresql" and not external:
            url = PG_URL
        else:
            url = f"sqlite:///{workdir / 'bench.db'}"
        result["settings"] = {
            "database": "external" if external else args.database,
            "participants": args.participants, "submissions": args.submissions,
            "baseline_iterations": args.baseline_iterations,
            "baseline_pairs": args.baseline_pairs,
            "warmup": args.warmup, "workers": args.workers if not external else None,
            "threads": args.threads if not external else None, "worker_class": "gthread",
            "keepalive": not args.no_keepalive,
            "python": f"{platform.python_version()} ({platform.python_implementation()})",
            "cpus": os.cpu_count(), "machine": f"{platform.system()} {platform.machine()}",
            "questions": len(questions), "slug": slug, "timeout_s": args.timeout,
            "load_before": load_average(),
        }
        if (result["settings"]["load_before"] or 0) > 0.5 * (os.cpu_count() or 1):
            log(f"the machine is busy (load {result['settings']['load_before']}): "
                "the figures will be low and noisy")

        def consult_iteration(browser: Browser, rng: random.Random) -> None:
            journey(browser, slug, questions, rng)

        # Leave a fifth of the time for the baseline.
        consult_deadline = deadline - (0.2 * args.timeout
                                       if (not external or args.baseline_url) else 0)

        if external:
            host, port = loopback(args.url)
            consult, steps = phase("consult", None, host, port, args, args.submissions,
                                   consult_deadline, stop, consult_iteration)
        else:
            if args.database == "postgresql":
                pg_drop()
                pg_admin([f"CREATE DATABASE {PG_DB}"])
                pg_created = True
            port = free_port()
            env = server_env(args, workdir, url, port)
            log(f"database {url}; setting up the schema and the demo")
            run_setup([venv_bin("consult"), "db", "upgrade"], env, deadline)
            run_setup([venv_bin("consult"), "demo"], env, deadline)
            consult, steps = served_phase("consult", "wsgi:app", env, port, workdir, servers,
                                          args, args.submissions, consult_deadline, stop,
                                          consult_iteration)
        result["consult"] = consult.figures()
        result["consult_steps"] = {k: steps[k] for k in STEP_ORDER if k in steps}
        result["consult_steps"].update({k: v for k, v in steps.items() if k not in STEP_ORDER})
        failed |= consult.failed > 0

        def baseline_iter(browser: Browser, rng: random.Random) -> None:
            baseline_iteration(browser, rng, args.baseline_pairs)

        baseline: Run | None = None
        if external and args.baseline_url:
            host, port = loopback(args.baseline_url)
            baseline, _ = phase("baseline", None, host, port, args, args.baseline_iterations,
                                deadline, stop, baseline_iter)
        elif not external:
            port = free_port()
            env = server_env(args, workdir, url, port)
            # As modules of the namespace package `bench`, from ROOT: bench/ itself
            # never goes on sys.path (see the note at the top).
            run_setup([venv_bin("python"), "-m", "bench.baseline_app", "init"], env, deadline)
            baseline, _ = served_phase("baseline", "bench.baseline_app:app", env, port, workdir,
                                       servers, args, args.baseline_iterations, deadline, stop,
                                       baseline_iter)
        result["baseline"] = baseline.figures() if baseline else None
        if baseline:
            failed |= baseline.failed > 0
        c, b = result["consult"], result["baseline"]
        usable = b and b["per_second"] and b["requests_per_second"]
        pairs = args.baseline_pairs
        result["ratios"] = {
            # The target's ratio: journeys of the same number of form pages.
            "submissions_per_journey": round(c["per_second"] / b["per_second"], 4)
            if usable else None,
            # Against single forms: bounded by 1 / pairs (see the notes above).
            "submissions_per_insert": round(c["per_second"] / (b["per_second"] * pairs), 4)
            if usable else None,
            "requests_per_request": round(c["requests_per_second"] / b["requests_per_second"],
                                          4) if usable else None,
            "zero_overhead_bound": round(2 / c["requests_per_iteration"], 4)
            if usable and c["requests_per_iteration"] else None,
            # Server CPU per request, baseline / consult: the least sensitive to other
            # load on the machine (it does not count time spent waiting for a CPU).
            "cpu_per_request": round(b["server_cpu_ms_per_request"]
                                     / c["server_cpu_ms_per_request"], 4)
            if usable and b["server_cpu_ms_per_request"] and c["server_cpu_ms_per_request"]
            else None,
            "target_submissions_per_journey": TARGET_RATIO,
        }
        result["elapsed_s"] = round(time.monotonic() - started, 1)
        result["settings"]["load_after"] = load_average()
        print(json.dumps(result, indent=2) if args.json else report(result), flush=True)
        return 1 if failed else 0
    except SetupError as exc:
        log(f"setup failed: {exc}")
        failed = True
        return 2
    except (KeyboardInterrupt, Interrupted):
        stop.set()
        log("interrupted")
        return 130
    finally:
        stop.set()
        for server in servers:
            server.stop()
        if pg_created:
            try:
                pg_drop()
            except Exception as exc:  # noqa: BLE001 - report, but keep cleaning up
                log(f"could not drop database {PG_DB}: {exc}")
        if failed:
            log(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
